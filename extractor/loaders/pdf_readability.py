"""Is a page's text layer readable? A pure test over the page's characters.

A PDF can carry a text layer that does not say what the page shows: CID fonts embedded without
a ``/ToUnicode`` map (pdfium then returns the glyph number as the character: ``⍚⌭४Ӫ``, control
characters, digits shifted to other digits), or with one that points at the Private Use Area or
at the wrong ideographs. Read as text, such a page gives no table or, worse, wrong numbers; it
has to be read by OCR like a scan. Two signals, each over the page's non-space characters:

* **suspect characters**: those pdfium could not map to Unicode (:attr:`Char.unmapped`), those
  that are private-use, unassigned, control, surrogate, noncharacter or U+FFFD, and letters of
  scripts a Chinese report does not print (Devanagari, Cyrillic, Hangul, Latin-1 accented
  letters…; everything outside :data:`_EXPECTED_BLOCKS`);
* **common ideographs**: the share of the page's ideographs (traditional read as simplified)
  that are in ``layouts/common_hanzi.txt`` (GB 2312 level 1 plus the layouts' own labels; made
  by ``scripts/make_common_hanzi.py``). Chinese prose is > 99% such characters; glyph numbers
  read as code points land anywhere in the CJK blocks and are mostly rare.

How the thresholds were chosen (``scripts/measure_text_layer.py`` prints every number): on every
page of every real PDF available (r001, printed by WPS; the Chromium and LibreOffice prints in
samples/pdf/) the suspect share is 0.00 and the common share 1.00; on the text of the corpus's
HTML and text reports, cut into page-sized pieces, the common share is at least 0.998. On broken
copies of the same PDFs (:mod:`extractor.synth.break_text_layer`) every page holding text has a
suspect share of at least 0.36 with ``/ToUnicode`` removed (LibreOffice's simple fonts, whose
codes mostly still fall on printable ASCII; 0.98–1.00 for the CID fonts of WPS and Chromium) and
1.00 with it remapped to the PUA, or a common share of at most 0.44 with it remapped to wrong
ideographs. With the map removed from r001's Latin font only (the font WPS prints digits in),
the page holding table 二's values has 0.076 and pages with only page numbers in it 0.027–0.029.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from extractor.layouts import layouts_dir
from extractor.loaders.pdf_page import Char
from extractor.normalize import normalize_text

#: pages with fewer non-space characters are not judged (a page number, a stamp's caption)
MIN_CHARS = 20
#: a page is unreadable when more than this share of its characters is suspect: readable pages
#: measured 0.00; a page whose values are in a font without a map at least 0.076; a page of 500
#: characters with ten Word bullets (Symbol font, written as PUA code points) 0.02 stays readable
MAX_SUSPECT_SHARE = 0.05
#: the common-ideograph share is judged on pages with at least this many ideographs
MIN_IDEOGRAPHS = 20
#: a page is unreadable when fewer of its ideographs than this share are common ones: readable
#: pages and texts measured ≥ 0.998, pages remapped to wrong ideographs ≤ 0.44; a page of rare
#: place and person names keeps well above 0.8
MIN_COMMON_SHARE = 0.8

COMMON_HANZI_FILE = "common_hanzi.txt"

#: Unicode blocks a Chinese government report prints: ASCII, Latin-1 punctuation and signs,
#: general punctuation, letterlike symbols, number forms (``Ⅱ``), arrows, maths operators,
#: enclosed numbers (``①``), box drawing, block elements, shapes, symbols and dingbats, the CJK
#: radicals (some text layers give ``⻓`` for ``长``), CJK punctuation, kana (``ー`` stands in for
#: a dash), enclosed CJK and CJK compatibility (``㎡``), the ideographs, the vertical and
#: compatibility forms and the full-width forms.
_EXPECTED_BLOCKS: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E), (0x00A0, 0x00BF), (0x00D7, 0x00D7), (0x00F7, 0x00F7),
    (0x2000, 0x206F), (0x2100, 0x22FF), (0x2460, 0x27BF), (0x2E80, 0x2FDF),
    (0x3000, 0x30FF), (0x3200, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
    (0xFE10, 0xFE1F), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3134F),
)
#: the ideograph ranges (URO, extension A, compatibility ideographs, extensions B–H)
_IDEOGRAPH_BLOCKS: tuple[tuple[int, int], ...] = (
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F),
)
_INVALID_CATEGORIES = frozenset({"Cc", "Cn", "Co", "Cs"})


@dataclass(frozen=True)
class TextLayerStats:
    """Counts over a page's non-space characters."""

    chars: int
    suspect: int  # unmapped, invalid or of an unexpected script (each character counted once)
    unmapped: int  # pdfium found no Unicode for the code
    invalid: int  # private-use, unassigned, control, surrogate, noncharacter, U+FFFD
    ideographs: int
    common: int  # ideographs in the common list

    @property
    def suspect_share(self) -> float:
        return self.suspect / self.chars if self.chars else 0.0

    @property
    def common_share(self) -> float:
        return self.common / self.ideographs if self.ideographs else 1.0


@dataclass(frozen=True)
class Readability:
    """The verdict on one page's text layer, with the reason when it is unreadable."""

    readable: bool
    reason: str
    stats: TextLayerStats


def _in(code: int, blocks: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= code <= hi for lo, hi in blocks)


def is_ideograph(ch: str) -> bool:
    return _in(ord(ch), _IDEOGRAPH_BLOCKS)


@lru_cache(maxsize=8192)
def _kind(ch: str) -> int:
    """0 expected, 1 invalid, 2 unexpected script, 3 ideograph."""
    code = ord(ch)
    if 0x20 <= code <= 0x7E:
        return 0
    if code == 0xFFFD or (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF:
        return 1
    if unicodedata.category(ch) in _INVALID_CATEGORIES:
        return 1
    if _in(code, _IDEOGRAPH_BLOCKS):
        return 3
    return 0 if _in(code, _EXPECTED_BLOCKS) else 2


@lru_cache(maxsize=1)
def common_hanzi() -> frozenset[str]:
    """The common-ideograph list (``layouts/common_hanzi.txt``; ``#`` lines are comments)."""
    text = (layouts_dir() / COMMON_HANZI_FILE).read_text(encoding="utf-8")
    return frozenset(ch for line in text.splitlines() if not line.startswith("#") for ch in line if is_ideograph(ch))


def measure(chars: Iterable[Char]) -> TextLayerStats:
    """Count the signals over the non-space characters."""
    common = common_hanzi()
    n = suspect = unmapped = invalid = 0
    ideographs: list[str] = []
    for c in chars:
        if c.text.isspace():
            continue
        n += 1
        kind = _kind(c.text)
        unmapped += c.unmapped
        invalid += kind == 1
        suspect += c.unmapped or kind in (1, 2)
        if kind == 3:
            ideographs.append(c.text)
    rare = [ch for ch in ideographs if ch not in common]
    if rare:  # traditional characters and compatibility ideographs count as their simplified form
        rare = [ch for ch in normalize_text("".join(rare)) if is_ideograph(ch) and ch not in common]
    return TextLayerStats(n, suspect, unmapped, invalid, len(ideographs), len(ideographs) - len(rare))


def judge(stats: TextLayerStats) -> Readability:
    """Readable unless a signal says otherwise (see the module docstring for the limits)."""
    if stats.chars < MIN_CHARS:
        return Readability(True, "", stats)
    if stats.suspect_share > MAX_SUSPECT_SHARE:
        parts = [f"{stats.unmapped} without a Unicode mapping" if stats.unmapped else "",
                 f"{stats.invalid} private-use/control/unassigned" if stats.invalid else ""]
        detail = ", ".join(p for p in parts if p)
        return Readability(False, f"{stats.suspect_share:.0%} of {stats.chars} characters are not text"
                                  f"{f' ({detail})' if detail else ''}", stats)
    if stats.ideographs >= MIN_IDEOGRAPHS and stats.common_share < MIN_COMMON_SHARE:
        return Readability(False, f"only {stats.common_share:.0%} of {stats.ideographs} ideographs are common "
                                  "characters (wrong Unicode mapping)", stats)
    return Readability(True, "", stats)


def page_readability(chars: Iterable[Char]) -> Readability:
    """:func:`judge` of :func:`measure`."""
    return judge(measure(chars))
