"""One digit run and every way to cut it into its cells' numbers.

A split keeps every digit in order and adds none; a piece has no leading zero (a lone ``0`` is
fine), at most ``max_cell_digits`` integer digits, a decimal point only where its column has
decimals and a leading ``-`` only where its column may be negative.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractor.runtogether.settings import RunTogetherSettings


@dataclass(frozen=True)
class Segment:
    """One digit run to be split into ``len(cells)`` numbers."""

    key: str
    digits: str
    cells: tuple[str, ...]
    decimal: tuple[bool, ...]
    offset: int = 0  # where the run starts in its text
    negative: tuple[bool, ...] = ()  # per cell: may the number be negative (empty: none may)


@dataclass(frozen=True)
class Split:
    pieces: tuple[str, ...]
    values: tuple[int | float, ...]

    @property
    def spread(self) -> int:
        """Longest minus shortest piece: the printed choice among equals is the most even."""
        lengths = [len(p) for p in self.pieces]
        return max(lengths) - min(lengths)


def _piece_ok(piece: str, decimal: bool, max_digits: int, negative: bool = False) -> bool:
    if negative and piece.startswith("-") and piece[1:2] not in ("", "0"):
        piece = piece[1:]
    whole, dot, frac = piece.partition(".")
    if not whole or not whole.isdigit() or (whole[0] == "0" and len(whole) > 1) or len(whole) > max_digits:
        return False
    if dot:
        return decimal and frac.isdigit()
    return True


def _number(piece: str) -> int | float:
    return float(piece) if "." in piece else int(piece)


def enumerate_splits(segment: Segment, settings: RunTogetherSettings) -> list[Split]:
    """Every way to cut the run into the segment's cells (order kept, nothing added or lost)."""
    out: list[Split] = []
    digits = segment.digits
    n = len(segment.cells)

    def walk(pos: int, k: int, pieces: list[str]) -> None:
        if len(out) >= settings.max_splits:
            return
        if k == n:
            if pos == len(digits):
                out.append(Split(tuple(pieces), tuple(_number(p) for p in pieces)))
            return
        decimal = segment.decimal[k]
        negative = bool(segment.negative) and segment.negative[k]
        rest = n - k - 1
        for end in range(pos + 1, len(digits) - rest + 1):
            piece = digits[pos:end]
            if not _piece_ok(piece, decimal, settings.max_cell_digits, negative):
                if piece[0] == "0" or (piece[0] == "-" and not negative) or end - pos > settings.max_cell_digits + 12:
                    break
                continue
            walk(end, k + 1, [*pieces, piece])

    walk(0, 0, [])
    return out
