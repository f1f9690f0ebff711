"""Characters → lines → strings: cell text and prose paragraphs.

Chinese text wraps without spaces, so wrapped lines are joined with nothing (a space only
between two Latin letters or digits). A label set one character per line (a vertical label)
therefore comes out as the plain string. Spaces printed between two Chinese characters
(``总 计``, justified labels) are layout, not content, and are dropped in cells.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from extractor.loaders.pdf_page import BBox, Char

_SPACES = re.compile(r"\s+")


def is_wide(ch: str) -> bool:
    """CJK ideographs, kana, full-width forms and CJK punctuation."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def union_bbox(boxes: Iterable[BBox]) -> BBox:
    xs0, tops, xs1, bottoms = zip(*boxes, strict=True)
    return (min(xs0), min(tops), max(xs1), max(bottoms))


@dataclass(frozen=True)
class Line:
    """Characters on one baseline, left to right."""

    chars: tuple[Char, ...]

    @property
    def bbox(self) -> BBox:
        return union_bbox(c.bbox for c in self.chars)

    @property
    def size(self) -> float:
        sizes = sorted(c.size for c in self.chars)
        return sizes[len(sizes) // 2]

    def text(self, *, gap_spaces: bool = True) -> str:
        out: list[str] = []
        prev: Char | None = None
        for ch in self.chars:
            if prev is not None and gap_spaces:
                gap = ch.bbox[0] - prev.bbox[2]
                if gap > 0.3 * min(ch.size, prev.size) and not prev.text.isspace() and not ch.text.isspace():
                    out.append(" ")
            out.append(ch.text)
            prev = ch
        return "".join(out)


def group_lines(chars: Sequence[Char]) -> list[Line]:
    """Cluster characters into lines by vertical centre, top to bottom."""
    if not chars:
        return []
    ordered = sorted(chars, key=lambda c: (c.cy, c.bbox[0]))
    groups: list[list[Char]] = [[ordered[0]]]
    centre = ordered[0].cy
    for ch in ordered[1:]:
        current = groups[-1]
        tol = 0.45 * min(ch.size, max(c.size for c in current))
        if abs(ch.cy - centre) <= tol:
            current.append(ch)
            centre = sum(c.cy for c in current) / len(current)
        else:
            groups.append([ch])
            centre = ch.cy
    return [Line(tuple(sorted(g, key=lambda c: (c.bbox[0], c.index)))) for g in groups]


def join_wrapped(parts: Sequence[str]) -> str:
    """Join the lines of one wrapped string: nothing between them unless Latin meets Latin."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and _is_latin(out[-1]) and _is_latin(part[0]):
            out += " "
        out += part
    return out


def tidy_cell_text(text: str) -> str:
    """Collapse whitespace; drop it where it touches a Chinese character."""
    text = _SPACES.sub(" ", text).strip()
    if " " not in text:
        return text
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch == " ":
            before = text[i - 1] if i > 0 else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if (before and is_wide(before)) or (after and is_wide(after)):
                continue
        out.append(ch)
    return "".join(out)


def cell_text(chars: Sequence[Char]) -> str:
    """The text of one table cell: its lines joined as one string."""
    lines = group_lines([c for c in chars if not c.text.isspace()] or list(chars))
    return tidy_cell_text(join_wrapped([line.text() for line in lines]))


def reading_lines(chars: Sequence[Char]) -> list[Line]:
    """Prose lines in reading order. Follows pdfium's content order, breaking a line when the
    baseline moves or when a wide horizontal gap separates two runs (a page header beside a
    page number, two columns)."""
    lines: list[list[Char]] = []
    for ch in chars:
        if lines:
            cur = lines[-1]
            last = cur[-1]
            size = max(ch.size, last.size, 1.0)
            same_row = abs(ch.cy - last.cy) <= 0.45 * size
            gap = ch.bbox[0] - last.bbox[2]
            if same_row and -0.5 * size <= gap <= 3.0 * size:
                cur.append(ch)
                continue
        lines.append([ch])
    result = [Line(tuple(g)) for g in lines if any(not c.text.isspace() for c in g)]
    result.sort(key=lambda ln: (round(ln.bbox[1] / 2.0), ln.bbox[0]))
    return result
