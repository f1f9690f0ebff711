"""PDFs whose text layer is present but unreadable (fonts without a usable /ToUnicode map), made
by the tests from the project's own PDFs (extractor.synth.break_text_layer): such pages go to OCR
like scans, the record says which pages and why (TEXT_LAYER_UNREADABLE), and without OCR no
garbage is read as values."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from extractor.document import Document, SourceInfo
from extractor.loaders.pdf import (
    DEFAULT_SETTINGS,
    NOTE_NO_TEXT_LAYER,
    NOTE_TEXT_LAYER_UNREADABLE,
    PdfSettings,
    load_pdf,
)
from extractor.loaders.pdf_ocr import NOTE_OCR, STRATEGY_OCR, ocr_available
from extractor.pipeline import extract_document
from extractor.synth.break_text_layer import remap_to_unicode, strip_to_unicode, to_pua, to_wrong_ideograph
from tests.conftest import corpus_doc, corpus_gold, read_by_ocr, wrong_cells

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "pdf"
NO_OCR = PdfSettings(ocr=False)

needs_ocr = pytest.mark.skipif(
    not ocr_available(),
    reason='OCR extra not installed (pip install "ogi-extract[ocr]": rapidocr, onnxruntime, opencv-python-headless)',
)


def _sample(name: str) -> bytes:
    return (SAMPLES / f"{name}.pdf").read_bytes()


def _expected(name: str) -> dict[str, Any]:
    return dict(json.loads((SAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))["values"])


def _load(data: bytes, settings: PdfSettings = DEFAULT_SETTINGS) -> Document:
    return load_pdf(data, SourceInfo("broken.pdf", hashlib.sha256(data).hexdigest(), "application/pdf"), settings)


def _record(data: bytes, settings: PdfSettings = DEFAULT_SETTINGS) -> dict[str, Any]:
    return extract_document(_load(data, settings)).to_dict()


def _issue(record: dict[str, Any], code: str) -> dict[str, Any]:
    found = [i for i in record["issues"] if i["code"] == code]
    assert len(found) == 1, record["issues"]
    return found[0]


def _high_confidence_numbers(record: dict[str, Any]) -> dict[str, Any]:
    return {cid: c["value"] for cid, c in record["cells"].items() if c["state"] == "number" and c["confidence"] >= 0.9}


@lru_cache(maxsize=1)
def _r001_without_map() -> bytes:
    return strip_to_unicode(corpus_doc("r001.pdf").read_bytes())


# --- without OCR: the issue, and no garbage read as values ------------------------------------------


@pytest.mark.parametrize("breaker", ["strip", "pua", "wrong"])
def test_without_ocr_a_fully_broken_pdf_fails_with_the_pages_and_the_reason(breaker: str) -> None:
    data = _sample("chromium_bordered")
    broken = {"strip": lambda: strip_to_unicode(data), "pua": lambda: remap_to_unicode(data, to_pua),
              "wrong": lambda: remap_to_unicode(data, to_wrong_ideograph)}[breaker]()
    doc = _load(broken, NO_OCR)
    assert doc.content == ()
    assert not any(p.has_text_layer for p in doc.pages)
    assert NOTE_NO_TEXT_LAYER not in doc.notes and NOTE_OCR not in doc.notes
    record = _record(broken, NO_OCR)
    assert record["status"] == "failed"
    assert [i["code"] for i in record["issues"]] == ["TEXT_LAYER_UNREADABLE"]
    issue = record["issues"][0]
    assert issue["severity"] == "error"
    assert "pages 1, 2, 3" in issue["message"] and "page 2: " in issue["message"]
    assert ("common characters" if breaker == "wrong" else "are not text") in issue["message"]
    assert "OCR is switched off" in issue["message"]
    assert _high_confidence_numbers(record) == {}


def test_without_ocr_one_broken_page_leaves_the_rest_read_and_the_record_partial() -> None:
    # chromium_split: table 三 runs over pages 2 and 3; page 3 unreadable
    broken = strip_to_unicode(_sample("chromium_split"), pages=[3])
    record = _record(broken, NO_OCR)
    assert record["status"] == "partial"
    issue = _issue(record, "TEXT_LAYER_UNREADABLE")
    assert issue["severity"] == "error"
    assert "text layer of page 3 " in issue["message"] and "page 3: " in issue["message"]
    assert "page 2" not in issue["message"]
    # what was read is right; nothing of page 3 is there
    expected = _expected("chromium_split")
    numbers = {cid: c for cid, c in record["cells"].items() if c["state"] == "number"}
    assert len(numbers) >= 20
    assert wrong_cells(record, {cid: expected[cid] for cid in numbers if cid in expected}) == {}
    assert all(c["provenance"].get("page") != 3 for c in record["cells"].values())
    assert "CELLS_MISSING" in [i["code"] for i in record["issues"]]


def test_without_ocr_r001_with_its_digit_font_broken_reads_no_wrong_number() -> None:
    # WPS prints r001's digits in TimesNewRoman; without that font's map they read as control
    # characters: pages 1 and 3 (table 二's values) are judged unreadable, pages 2, 4, 5 are read
    data = strip_to_unicode(corpus_doc("r001.pdf").read_bytes(), font_names=lambda name: "Times" in name)
    gold = corpus_gold("r001")["values"]
    record = _record(data, NO_OCR)
    assert record["status"] in ("partial", "failed")
    message = _issue(record, "TEXT_LAYER_UNREADABLE")["message"]
    assert "pages 1, 3 " in message
    wrong = wrong_cells(record, gold)
    assert wrong  # table 二 was on page 3
    assert {cid for cid in wrong if record["cells"][cid]["state"] == "number"} == set()
    assert all(record["cells"][cid]["confidence"] < 0.9 for cid in wrong)


@pytest.mark.usefixtures("without_ocr_extra")
def test_without_the_ocr_extra_the_issue_says_how_to_install_it() -> None:
    record = _record(strip_to_unicode(_sample("chromium_bordered"), pages=[2]))
    message = _issue(record, "TEXT_LAYER_UNREADABLE")["message"]
    assert 'pip install "ogi-extract[ocr]"' in message and "page 2" in message
    assert record["status"] == "partial"


def test_readable_pdfs_have_no_unreadable_page() -> None:
    for path in sorted(SAMPLES.glob("*.pdf")):
        doc = _load(path.read_bytes(), NO_OCR)
        assert not [n for n in doc.notes if n.startswith(NOTE_TEXT_LAYER_UNREADABLE)], path.name
        assert sum(p.has_text_layer for p in doc.pages) >= len(doc.pages) - 1, path.name  # LibreOffice: blank page 1


# --- with OCR: the broken pages are read like scans -------------------------------------------------


@needs_ocr
def test_r001_without_tounicode_is_read_by_ocr_with_every_gold_value() -> None:
    gold = corpus_gold("r001")["values"]
    assert len(gold) == 186
    doc = _load(_r001_without_map())
    assert NOTE_OCR in doc.notes
    assert doc.tables and all(t.strategy == STRATEGY_OCR for t in doc.tables)
    record = extract_document(doc).to_dict()
    assert wrong_cells(record, gold) == {}
    assert record["status"] == "ok"
    assert (record["template"], record["year"]) == ("2021", 2023)
    issue = _issue(record, "TEXT_LAYER_UNREADABLE")
    assert issue["severity"] == "warning"
    assert "pages 1, 2, 3, 4, 5" in issue["message"] and "read by OCR instead" in issue["message"]
    assert "OCR_USED" in [i["code"] for i in record["issues"]]
    cell = record["cells"]["t3.new.total"]
    assert read_by_ocr(cell) and cell["provenance"]["page"] == 3


def _values(record: dict[str, Any]) -> dict[str, tuple[Any, str]]:
    return {cid: (c["value"], c["state"]) for cid, c in record["cells"].items()}


@needs_ocr
def test_a_sample_without_tounicode_is_read_by_ocr_with_the_originals_values() -> None:
    original = _record(_sample("synth_blank_split_other"))
    assert NOTE_OCR not in _load(_sample("synth_blank_split_other")).notes
    broken = _record(strip_to_unicode(_sample("synth_blank_split_other")))
    assert wrong_cells(broken, _expected("synth_blank_split_other")) == {}
    assert _values(broken) == _values(original)
    assert (broken["status"], broken["template"]) == (original["status"], original["template"])
    issue = _issue(broken, "TEXT_LAYER_UNREADABLE")
    assert issue["severity"] == "warning"
    assert "pages 1, 2 " in issue["message"] and "read by OCR instead" in issue["message"]
    numbers = [c for c in broken["cells"].values() if c["state"] == "number"]
    assert numbers and all(read_by_ocr(c) for c in numbers)


@needs_ocr
def test_one_page_remapped_to_pua_is_read_by_ocr_and_joined_with_the_text_pages() -> None:
    # chromium_split: table 三 starts on page 2 (read as text) and continues on page 3 (OCR)
    broken_data = remap_to_unicode(_sample("chromium_split"), to_pua, pages=[3])
    doc = _load(broken_data)
    assert [p.has_text_layer for p in doc.pages] == [True, True, False, True]
    assert {t.page: t.strategy for t in doc.tables}.get(3) == STRATEGY_OCR
    broken = extract_document(doc).to_dict()
    original = _record(_sample("chromium_split"))
    assert wrong_cells(broken, _expected("chromium_split")) == {}
    assert _values(broken) == _values(original)
    message = _issue(broken, "TEXT_LAYER_UNREADABLE")["message"]
    assert "text layer of page 3 " in message and "private-use" in message and "page 2" not in message
    by_page = {c["provenance"].get("page"): c for c in broken["cells"].values() if c["state"] == "number"}
    assert read_by_ocr(by_page[3]) and not any(r.startswith("read by OCR") for r in by_page[2]["reasons"])
