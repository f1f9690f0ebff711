"""Label similarity: one scorer over normalised labels (rapidfuzz ``ratio``), 0..1."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz

from extractor.normalize import normalize_label, strip_explanation


@lru_cache(maxsize=65536)
def label_score(printed: str, candidates: tuple[str, ...]) -> float:
    """Best similarity of a printed label to any candidate label (exact label and aliases).

    Compares the full normalised text and the text without trailing parenthetical
    explanations; a printed label that *starts with* a candidate (``规章（设区的市…）``) or a
    candidate that starts with the printed one (a shortened label) also scores.
    """
    a_full = normalize_label(printed)
    a_short = strip_explanation(printed)
    if not a_full:
        return 0.0
    best = 0.0
    for candidate in candidates:
        b_full = normalize_label(candidate)
        b_short = strip_explanation(candidate)
        if a_full == b_full:
            return 1.0
        score = max(fuzz.ratio(a_full, b_full), fuzz.ratio(a_short, b_short)) / 100.0
        if a_short == b_short:
            score = max(score, 0.97)
        best = max(best, score)
    return best
