"""The per-page readability test of a PDF text layer (extractor.loaders.pdf_readability) on every
real PDF available and on broken copies made from them (extractor.synth.break_text_layer)."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extractor.layouts import layouts_dir
from extractor.loaders.pdf_page import Char, page_transform, read_chars
from extractor.loaders.pdf_readability import (
    MAX_SUSPECT_SHARE,
    MIN_CHARS,
    MIN_COMMON_SHARE,
    common_hanzi,
    is_ideograph,
    page_readability,
)
from extractor.normalize import normalize_text
from extractor.synth.break_text_layer import (
    remap_cmap,
    remap_to_unicode,
    strip_to_unicode,
    to_pua,
    to_wrong_ideograph,
)
from tests.conftest import corpus_doc

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples" / "pdf").glob("*.pdf"))
BREAKERS: dict[str, Callable[[bytes], bytes]] = {
    "no ToUnicode": strip_to_unicode,
    "ToUnicode to PUA": lambda data: remap_to_unicode(data, to_pua),
    "ToUnicode to wrong ideographs": lambda data: remap_to_unicode(data, to_wrong_ideograph),
}


def _pages(data: bytes) -> list[list[Char]]:
    pdf = pdfium.PdfDocument(data)
    try:
        out = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            out.append(read_chars(textpage, page_transform(page)))
            textpage.close()
            page.close()
        return out
    finally:
        pdf.close()


@lru_cache(maxsize=16)
def _data(name: str) -> bytes:
    return (corpus_doc(name) if name == "r001.pdf" else ROOT / "samples" / "pdf" / name).read_bytes()


def _chars(text: str, unmapped: bool = False) -> list[Char]:
    return [Char(ch, (i, 0.0, i + 1.0, 1.0), 1.0, i, unmapped) for i, ch in enumerate(text)]


PDFS = ["r001.pdf", *(p.name for p in SAMPLES)]


@pytest.mark.parametrize("name", PDFS)
def test_every_page_of_every_real_pdf_is_readable(name: str) -> None:
    pages = _pages(_data(name))
    judged = 0
    for number, chars in enumerate(pages, start=1):
        verdict = page_readability(chars)
        assert verdict.readable, (name, number, verdict.reason)
        if verdict.stats.chars >= MIN_CHARS:
            judged += 1
            # as measured (scripts/measure_text_layer.py): far from either limit
            assert verdict.stats.suspect == 0 and verdict.stats.unmapped == 0, (name, number)
            assert verdict.stats.common_share >= 0.99, (name, number, verdict.stats)
    assert judged >= 2


@pytest.mark.parametrize("breaker", list(BREAKERS))
@pytest.mark.parametrize("name", ["r001.pdf", "chromium_bordered.pdf", "libreoffice_bordered.pdf",
                                  "synth_traditional.pdf"])
def test_every_page_with_text_of_a_broken_copy_is_unreadable(name: str, breaker: str) -> None:
    pages = _pages(BREAKERS[breaker](_data(name)))
    with_text = [chars for chars in pages if len([c for c in chars if not c.text.isspace()]) >= MIN_CHARS]
    assert len(with_text) >= 2
    for chars in with_text:
        verdict = page_readability(chars)
        assert not verdict.readable, (name, breaker, verdict.stats)
        assert verdict.reason
        if breaker == "ToUnicode to wrong ideographs":  # every character is a valid ideograph, but rare
            assert verdict.stats.suspect == 0 and verdict.stats.common_share < 0.5
            assert "common characters" in verdict.reason
        else:
            assert verdict.stats.suspect_share > 0.3
            assert "are not text" in verdict.reason


def test_only_the_chosen_pages_are_broken() -> None:
    broken = strip_to_unicode(_data("chromium_split.pdf"), pages=[2, 3])
    assert broken == strip_to_unicode(_data("chromium_split.pdf"), pages=[2, 3])  # deterministic
    pages = _pages(broken)
    assert [page_readability(chars).readable for chars in pages] == [True, False, False, True]
    # the untouched pages read exactly as in the original
    original = _pages(_data("chromium_split.pdf"))
    assert "".join(c.text for c in pages[0]) == "".join(c.text for c in original[0])


def test_broken_latin_font_alone_breaks_the_pages_that_print_numbers_in_it() -> None:
    # WPS prints digits in TimesNewRoman: without its map the values read as control characters
    pages = _pages(strip_to_unicode(_data("r001.pdf"), font_names=lambda name: "Times" in name))
    verdicts = [page_readability(chars) for chars in pages]
    assert [v.readable for v in verdicts] == [False, True, False, True, True]
    table_page = verdicts[2].stats  # page 3 holds table 二's values
    assert table_page.unmapped == 35 and table_page.suspect_share > MAX_SUSPECT_SHARE


def test_pure_function_signals() -> None:
    prose = "本行政机关严格按照条例的规定，认真做好政府信息公开申请的受理、答复工作，全年共收到申请二百一十八件。"
    assert page_readability(_chars(prose)).readable
    # the same prose as pdfium gives it without a ToUnicode map: flagged characters
    flagged = page_readability(_chars(prose, unmapped=True))
    assert not flagged.readable and f"{len(prose)} without a Unicode mapping" in flagged.reason
    # private use area, control characters, unassigned code points
    assert not page_readability(_chars("".join(chr(0xE000 + i) for i in range(40)))).readable
    assert not page_readability(_chars("".join(chr(0x10 + i % 12) for i in range(40)))).readable
    assert not page_readability(_chars("\u0378" * 30 + prose)).readable
    # GBK bytes read as Latin-1 (mojibake): accented Latin letters where ideographs should be
    mojibake = prose.encode("gbk").decode("latin-1")
    verdict = page_readability(_chars(mojibake))
    assert not verdict.readable and verdict.stats.ideographs == 0
    # scrambled ideographs: each one valid, but mostly rare
    scrambled = "".join(chr(to_wrong_ideograph(ord(ch))) for ch in prose * 2)
    verdict = page_readability(_chars(scrambled))
    assert not verdict.readable and verdict.stats.common_share < MIN_COMMON_SHARE
    # traditional characters count as their simplified forms
    traditional = "本行政機關嚴格按照條例的規定，認真做好政府資訊公開申請的受理、答覆工作，全年共收到申請二百一十八件。"
    assert page_readability(_chars(traditional)).stats.common_share == 1.0
    # a page of numbers, symbols and a few Word bullets (Symbol font → PUA) is still text
    table = "1 2 3 4 5 6 7 ① ② ③ ㎡ ≥ ≤ × ÷ № Ⅱ — ■ □ ● ○ % ‰ " * 3 + "\uf0b7"
    assert page_readability(_chars(table)).readable
    # too little to judge: a page number
    assert page_readability(_chars("\uf001\uf002\uf003")).readable


def test_common_hanzi_file_is_the_generated_one_and_holds_every_layout_label() -> None:
    spec = importlib.util.spec_from_file_location("make_common_hanzi", ROOT / "scripts" / "make_common_hanzi.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (layouts_dir() / "common_hanzi.txt").read_text(encoding="utf-8") == module.render()
    common = common_hanzi()
    assert len(common) == 3755  # GB 2312 level 1; the layouts' labels add none today
    labels = normalize_text("".join(p.read_text(encoding="utf-8") for p in (ROOT / "layouts").rglob("*.toml")))
    assert {ch for ch in labels if is_ideograph(ch)} <= common


def test_remap_cmap_expands_ranges_and_maps_every_destination() -> None:
    cmap = (b"/CIDInit /ProcSet findresource begin\nbegincmap\n1 begincodespacerange\n<0000> <FFFF>\n"
            b"endcodespacerange\n1 beginbfchar\n<0013> <0030>\nendbfchar\n1 beginbfrange\n<0430> <0432> <4E00>\n"
            b"endbfrange\n1 beginbfrange\n<0500> <0501> [<4E8C> <0041>]\nendbfrange\nendcmap\n")
    out = remap_cmap(cmap, to_pua)
    assert b"<0000> <FFFF>" in out
    assert b"<0013> <E030>" in out  # 0x0030 → PUA
    assert b"<0430> <" + f"{to_pua(0x4E00):04X}".encode() + b">" in out
    assert b"<0432> <" + f"{to_pua(0x4E02):04X}".encode() + b">" in out
    assert b"<0501> <" + f"{to_pua(0x41):04X}".encode() + b">" in out
    assert out.count(b"beginbfchar") == 1 and b"beginbfrange" not in out
