"""Finding labels in raw text: :class:`TextIndex` searches the normalised text and maps back."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from extractor.normalize import normalize_label

_OPENING = "（(“‘\"《【「"  # a hit takes the brackets around it
_CLOSING = "）)”’\"》】」"
_DIGITS = "0123456789"
_MIN_FUZZY = 4  # a label shorter than this (normalised) is only found exactly


@dataclass(frozen=True)
class Hit:
    """A label (or a 表四 values run) found in a text: raw offsets, and what it is."""

    start: int
    end: int
    text: str
    kind: str  # caption | header | row | values ("" straight from TextIndex.find)
    block: str
    row: str = ""


class TextIndex:
    """The normalised text with a map back to raw offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        chars: list[str] = []
        self.pos: list[int] = []
        for i, ch in enumerate(text):
            for c in normalize_label(ch):
                chars.append(c)
                self.pos.append(i)
        self.norm = "".join(chars)

    def find(self, labels: Sequence[str], start: int, end: int, cutoff: float) -> Hit | None:
        """The first exact occurrence of any label in raw ``[start, end)``; else the first label
        (in order) whose fuzzy alignment scores ``cutoff`` or more."""
        a = bisect.bisect_left(self.pos, start)
        b = bisect.bisect_left(self.pos, end)
        hay = self.norm[a:b]
        needles = [normalize_label(label) for label in labels]
        best = _exact_span(hay, needles) or _fuzzy_span(hay, needles, cutoff)
        if best is None:
            return None
        raw_start, raw_end = self.pos[a + best[0]], self.pos[a + best[1] - 1] + 1
        while raw_start > start and self.text[raw_start - 1] in _OPENING:
            raw_start -= 1
        while raw_end < len(self.text) and self.text[raw_end] in _CLOSING:
            raw_end += 1
        return Hit(raw_start, raw_end, self.text[raw_start:raw_end], "", "")

    def find_free(self, label: str, start: int, end: int, taken: list[tuple[int, int]]) -> Hit | None:
        """The first exact occurrence not overlapping ``taken`` (``其他`` inside ``法人或其他组织``)."""
        pos = start
        while pos < end:
            hit = self.find((label,), pos, end, 101.0)
            if hit is None:
                return None
            if not any(hit.start < b and a < hit.end for a, b in taken):
                return hit
            pos = hit.start + 1
        return None


def _exact_span(hay: str, needles: list[str]) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    for needle in needles:
        k = hay.find(needle) if needle else -1
        if k >= 0 and (best is None or k < best[0]):
            best = (k, k + len(needle))
    return best


def _fuzzy_span(hay: str, needles: list[str], cutoff: float) -> tuple[int, int] | None:
    """The aligned span of the first label that scores, without the digits of the runs around it:
    a numbered label (7.属于…) keeps exactly its own numbering digits."""
    for needle in needles:
        if len(needle) < _MIN_FUZZY or len(hay) < len(needle):
            continue
        al = fuzz.partial_ratio_alignment(needle, hay, score_cutoff=cutoff)
        if al is None:
            continue
        s, e = al.dest_start, al.dest_end
        lead = len(needle) - len(needle.lstrip(_DIGITS))
        while e > s and hay[e - 1].isdigit():
            e -= 1
        while s < e and hay[s].isdigit() and lead == 0:
            s += 1
        if lead:
            # The fuzzy alignment may have reached back into the previous row's digits.
            p = s
            while p < e and hay[p].isdigit():
                p += 1
            if p - lead >= 0 and hay[p - lead:p].isdigit():
                s = p - lead
        if e > s:
            return s, e
    return None
