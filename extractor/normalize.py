"""The one normalisation every label goes through before it is compared.

NFKC (full-width → half-width, compatibility ideographs), the CJK radical block mapped to
ideographs, traditional → simplified (OpenCC t2s), numbering styles unified (``1、`` ``1．``
``(1)`` → ``1``), quotes, punctuation and whitespace (including line breaks inside a label)
removed. Label *aliases* that t2s cannot undo (檔案 → 文件) live in the layout files.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

# CJK Radicals Supplement / Kangxi radicals that NFKC leaves alone or maps oddly and that
# PDF text layers emit instead of the ideograph.
_RADICALS = str.maketrans({
    "\u2ed1": "长", "\u2ee2": "门", "\u2ec4": "西", "\u2ecf": "邑", "\u2ed8": "青",
    "\u2ea0": "民", "\u2ebb": "见", "\u2ec5": "见", "\u2ed4": "非", "\u2eb3": "网",
    "\u2e8f": "尢", "\u2ee8": "麦", "\u2eaa": "疋", "\u2ecb": "车", "\u2ed3": "镸",
})

_STRIP = re.compile(r"[\s\W_]+", re.UNICODE)
_PAREN_TAIL = re.compile(r"[（(][^（()）]*[)）]\s*$")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def normalize_text(text: str) -> str:
    """NFKC + radicals + t2s; keeps punctuation and spacing (for prose and values)."""
    text = unicodedata.normalize("NFKC", text).translate(_RADICALS)
    return str(_t2s().convert(text))


@lru_cache(maxsize=8192)
def normalize_label(text: str) -> str:
    """Canonical matching key of a label: punctuation, quotes and spaces gone."""
    return _STRIP.sub("", normalize_text(text)).lower()


@lru_cache(maxsize=8192)
def strip_explanation(text: str) -> str:
    """The label without a trailing parenthetical explanation (``规章（设区的市…）`` → ``规章``)."""
    text = normalize_text(text).strip()
    previous = None
    while previous != text:
        previous = text
        stripped = _PAREN_TAIL.sub("", text).strip()
        if stripped:
            text = stripped
    return normalize_label(text)
