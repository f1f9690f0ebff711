"""DOCX loader (merged cells, reading order, broken packages) and DOC via LibreOffice."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import pytest

from extractor.document import Table, TextBlock
from extractor.errors import LoadError
from extractor.loaders import DOC, DOCX, load_bytes
from extractor.loaders.doc import soffice_path
from extractor.loaders.docx import DocxSettings, check_package
from extractor.pipeline import extract_bytes
from tests.conftest import SAMPLES, wrong_cells

DOCX_SAMPLES = sorted((SAMPLES / "docx").glob("*.docx"))
DOC_SAMPLES = sorted((SAMPLES / "docx").glob("*.doc"))


def _docx_bytes() -> bytes:
    """Paragraph, a 4×4 table with a vertically merged label and a horizontally merged header, paragraph."""
    document = docx.Document()
    document.add_paragraph("一、总体情况")
    table = document.add_table(rows=4, cols=4)
    header = table.cell(0, 1).merge(table.cell(0, 3))
    header.text = "申请人情况"
    label = table.cell(1, 0).merge(table.cell(3, 0))
    label.text = "三、本年度办理结果"
    table.cell(0, 0).text = "项目"
    table.cell(1, 1).text = "予以公开"
    table.cell(1, 2).add_paragraph("12")  # a cell whose first paragraph is empty
    table.cell(2, 1).text = "部分公开"
    document.add_paragraph("二、其他")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_merged_regions_come_out_once_with_spans() -> None:
    doc = load_bytes(_docx_bytes(), "report.docx")
    assert doc.source.media_type == DOCX
    (table,) = doc.tables
    assert (table.n_rows, table.n_cols) == (4, 4)
    by_text = {c.text: c for c in table.cells}
    header = by_text["申请人情况"]
    assert (header.row, header.col, header.row_span, header.col_span) == (0, 1, 1, 3)
    label = by_text["三、本年度办理结果"]
    assert (label.row, label.col, label.row_span, label.col_span) == (1, 0, 3, 1)
    assert [c.text for c in table.cells].count("三、本年度办理结果") == 1
    assert by_text["12"].provenance.locator == "table[1]/tr[2]/tc[3]"
    assert label.provenance.locator == "table[1]/tr[2]/tc[1]"
    # 2 + 4 + 3 + 3 cells: merged slots are not repeated, empty cells are there with text ""
    assert len(table.cells) == 12
    assert sorted((c.row, c.col) for c in table.cells if c.text == "") == [(1, 3), (2, 2), (2, 3), (3, 1), (3, 2), (3, 3)]
    assert table.grid()[3][0] is label and table.grid()[0][3] is header


def test_paragraphs_and_tables_in_reading_order() -> None:
    doc = load_bytes(_docx_bytes(), "report.docx")
    kinds = [(type(item).__name__, item.provenance.locator) for item in doc.content]
    assert kinds == [("TextBlock", "p[1]"), ("Table", "table[1]"), ("TextBlock", "p[2]")]
    assert [b.text for b in doc.text_blocks] == ["一、总体情况", "二、其他"]


def test_nested_table_keeps_the_inner_table_only() -> None:
    document = docx.Document()
    outer = document.add_table(rows=1, cols=1)
    cell = outer.cell(0, 0)
    cell.paragraphs[0].text = "前言"
    inner = cell.add_table(rows=2, cols=2)
    inner.cell(1, 1).text = "7"
    cell.add_paragraph("后记")
    out = io.BytesIO()
    document.save(out)
    doc = load_bytes(out.getvalue(), "nested.docx")
    assert [type(i) for i in doc.content] == [TextBlock, Table, TextBlock]
    (table,) = doc.tables
    assert (table.n_rows, table.n_cols) == (2, 2)
    assert [c.text for c in table.cells] == ["", "", "", "7"]
    assert [b.text for b in doc.text_blocks] == ["前言", "后记"]


@pytest.mark.parametrize("data", [b"PK\x03\x04" + b"\x00" * 200, _docx_bytes()[:3000]], ids=["junk", "truncated"])
def test_broken_docx_is_corrupt(data: bytes) -> None:
    with pytest.raises(LoadError) as caught:
        load_bytes(data, "broken.docx")
    assert caught.value.code == "CORRUPT"


def test_zip_that_is_not_a_word_package_is_corrupt() -> None:
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(LoadError) as caught:
        load_bytes(raw.getvalue(), "attachment.docx")
    assert caught.value.code == "CORRUPT"


def test_decompression_bomb_is_refused_before_parsing() -> None:
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\x00" * 5_000_000)
    assert len(raw.getvalue()) < 50_000
    with pytest.raises(LoadError) as caught:
        check_package(raw.getvalue(), DocxSettings(max_uncompressed_bytes=1_000_000))
    assert caught.value.code == "TOO_LARGE"
    check_package(raw.getvalue(), DocxSettings())  # under the default limit


def _check_expected(path: Path) -> None:
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))
    record = extract_bytes(path.read_bytes(), path.name).to_dict()
    assert record["template"] == expected["template"]
    assert wrong_cells(record, expected["values"]) == {}
    assert len(expected["values"]) >= 190


def test_docx_samples_exist() -> None:
    assert {p.name for p in DOCX_SAMPLES} >= {"synth_2021.docx", "synth_nested_2019.docx"}
    assert {p.name for p in DOC_SAMPLES} >= {"synth_word97.doc"}


@pytest.mark.parametrize("path", DOCX_SAMPLES, ids=lambda p: p.name)
def test_docx_sample_gives_every_expected_value(path: Path) -> None:
    _check_expected(path)


@pytest.mark.parametrize("path", DOC_SAMPLES, ids=lambda p: p.name)
def test_doc_sample_gives_every_expected_value(path: Path) -> None:
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    _check_expected(path)


def test_doc_without_libreoffice_is_unsupported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    data = DOC_SAMPLES[0].read_bytes()
    with pytest.raises(LoadError) as caught:
        load_bytes(data, "report.wps")
    assert caught.value.code == "UNSUPPORTED_FORMAT"
    assert "libreoffice-writer-nogui" in caught.value.message
    assert load_bytes.__module__ == "extractor.loaders" and DOC == "application/msword"
