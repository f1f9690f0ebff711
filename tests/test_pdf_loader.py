"""PDF loader: the real report r001 (../shared/corpus), the project's own samples and broken inputs."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extractor.document import Document, SourceInfo, Table
from extractor.errors import LoadError
from extractor.loaders.pdf import NOTE_NO_TEXT_LAYER, load_pdf

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
R001 = CORPUS / "docs" / "r001.pdf"
SAMPLES = ROOT / "samples" / "pdf"


def _source(name: str, data: bytes) -> SourceInfo:
    return SourceInfo(file=name, sha256=hashlib.sha256(data).hexdigest(), media_type="application/pdf")


def _load(path: Path) -> Document:
    data = path.read_bytes()
    return load_pdf(data, _source(path.name, data))


@pytest.fixture(scope="module")
def r001() -> Document:
    if not R001.exists():
        pytest.skip(f"corpus document not present: {R001} (clone ../shared/corpus beside the repo)")
    return _load(R001)


@pytest.fixture(scope="module")
def gold() -> dict[str, float | int | None]:
    path = CORPUS / "gold" / "r001.json"
    if not path.exists():
        pytest.skip(f"gold file not present: {path}")
    values: dict[str, float | int | None] = json.loads(path.read_text(encoding="utf-8"))["values"]
    return values


def _rows(doc: Document) -> list[tuple[Table, list[str], int]]:
    """(table, texts of the row's distinct cells, page) for every row of every table."""
    out = []
    for table in doc.tables:
        for row in table.row_cells():
            page = row[-1].provenance.page if row else table.page
            out.append((table, [c.text for c in row], page or 0))
    return out


def _row_starting(doc: Document, label: str) -> tuple[list[str], int]:
    for _table, texts, page in _rows(doc):
        labels = [t for t in texts if t and not t.replace(".", "").isdigit()]
        if labels and labels[-1].startswith(label):
            return texts, page
    raise AssertionError(f"no row labelled {label!r}")


T3_ROWS = {
    "一、本年新收": "new", "二、上年结转": "carried_over", "（一）予以公开": "granted",
    "（二）部分公开": "partly_granted", "1.属于国家秘密": "withheld.state_secret",
    "2.其他法律行政止公开": "withheld.law_prohibited",  # misprinted in r001 as printed
    "6.属于四类过程性信息": "withheld.process_info", "7.属于行政执法案卷": "withheld.enforcement_file",
    "1.本机关不掌握相关政府信息": "unable.not_held", "2.没有现成信息需要另行制作": "unable.needs_creation",
    "3.补正后申请内容仍不明确": "unable.unclear", "1.信访举报投诉类申请": "not_handled.complaint",
    "（六）其他处理": "other", "（七）总计": "total", "四、结转下年度继续办理": "carried_forward",
}
COLUMNS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total")


def _num(text: str) -> float | int:
    return float(text) if "." in text else int(text)


def test_r001_pages_and_title(r001: Document) -> None:
    assert [p.number for p in r001.pages] == [1, 2, 3, 4, 5]
    assert all(p.has_text_layer and p.width == 595.0 and p.height == 842.0 for p in r001.pages)
    assert r001.notes == ()
    first = r001.text_blocks[0]
    assert first.text.replace(" ", "") == "洪泽区人民政府2023年政府信息公开工作年度报告"
    assert first.provenance.page == 1 and first.provenance.bbox is not None
    prose = "".join(b.text for b in r001.text_blocks)
    assert "受理政府信息公开申请21件" in prose.replace(" ", "")


def test_r001_table3_rows_end_in_the_seven_gold_values(r001: Document, gold: dict[str, float | int | None]) -> None:
    for label, stem in T3_ROWS.items():
        texts, _page = _row_starting(r001, label)
        expected = [gold[f"t3.{stem}.{c}"] for c in COLUMNS]
        assert [_num(t) for t in texts[-7:]] == expected, label


def test_r001_table3_pages_and_vertical_label(r001: Document) -> None:
    assert _row_starting(r001, "一、本年新收")[1] == 3
    assert _row_starting(r001, "2.没有现成信息需要另行制作")[1] == 3
    assert _row_starting(r001, "3.补正后申请内容仍不明确")[1] == 4
    assert _row_starting(r001, "（七）总计")[1] == 4
    # the vertical merged label reads as one string, and is carried onto the continuation page
    texts, _ = _row_starting(r001, "（一）予以公开")
    assert texts[0] == "三、本年度办理结果"
    texts, _ = _row_starting(r001, "3.补正后申请内容仍不明确")
    assert texts[:2] == ["三、本年度办理结果", "（四）无法提供"]
    # one merged cell, not repeated text
    t3_first = next(t for t in r001.tables if any(c.text == "三、本年度办理结果" for c in t.cells) and t.page == 3)
    merged = [c for c in t3_first.cells if c.text == "三、本年度办理结果"]
    assert len(merged) == 1 and merged[0].row_span == 12


def test_r001_no_row_lost_or_duplicated(r001: Document) -> None:
    labels = [texts[-8] for _t, texts, _p in _rows(r001) if len(texts) >= 8 and texts[-1].isdigit()]
    assert len(labels) == len(set(labels)) == 24  # 25 rows of table 三, （六） printed as one row → 23, + 四


def test_r001_table4_data_row(r001: Document, gold: dict[str, float | int | None]) -> None:
    t4 = [t for t in r001.tables if t.n_cols == 15]
    assert len(t4) == 1 and t4[0].page == 4 and t4[0].strategy == "lattice"
    row = [c.text for c in t4[0].row_cells()[-1]]
    blocks = ("review", "suit_direct", "suit_after_review")
    cols = ("upheld", "corrected", "other", "pending", "total")
    assert [_num(t) for t in row] == [gold[f"t4.{b}.{c}"] for b in blocks for c in cols]


def test_r001_table2_split_over_pages(r001: Document, gold: dict[str, float | int | None]) -> None:
    texts, page = _row_starting(r001, "行政许可")
    assert page == 2 and texts == ["行政许可", "550"]  # a colspan-3 value cell counts once
    texts, page = _row_starting(r001, "行政处罚")
    assert page == 3 and _num(texts[-1]) == gold["t2.punishment.decisions"]
    texts, _ = _row_starting(r001, "行政事业性收费")
    assert _num(texts[-1]) == gold["t2.admin_fees.amount"]


def test_r001_provenance_and_determinism(r001: Document) -> None:
    for table in r001.tables:
        for cell in table.cells:
            assert cell.provenance.page == table.page and cell.provenance.bbox is not None
            x0, top, x1, bottom = cell.provenance.bbox
            assert 0 <= x0 < x1 <= 595 and 0 <= top < bottom <= 842
    assert _load(R001).to_dict() == r001.to_dict()
    assert Document.from_dict(r001.to_dict()) == r001


@pytest.mark.parametrize("name", sorted(p.stem for p in SAMPLES.glob("*.pdf") if not p.stem.startswith("synth_")))
def test_samples_table3_rows(name: str) -> None:
    """Lattice samples give every table-三 row its 7 values; the document's own sum R3 holds."""
    doc = _load(SAMPLES / f"{name}.pdf")
    expected = json.loads((SAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))["values"]
    texts, _ = _row_starting(doc, "（七）总计")
    assert [_num(t) for t in texts[-7:]] == [expected[f"t3.total.{c}"] for c in COLUMNS]
    if "borderless" in name:
        assert {t.strategy for t in doc.tables} == {"stream"}
        return
    assert {t.strategy for t in doc.tables} == {"lattice"}
    for label, stem in (("一、本年新收", "new"), ("3.其他", "other.other"), ("四、结转下年度继续办理", "carried_forward")):
        texts, _ = _row_starting(doc, label)
        values = [_num(t) for t in texts[-7:]]
        assert values == [expected[f"t3.{stem}.{c}"] for c in COLUMNS], (name, label)
        assert sum(values[:6]) == values[6]


def test_stream_heading_and_paragraph_after_a_table_are_not_its_last_label() -> None:
    """Regression: a section heading and the paragraph under it, set tight below a borderless table,
    were joined to the table's last label as its wrapped lines (行政事业性收费三、收到和处理…)."""
    doc = _load(SAMPLES / "chromium_borderless.pdf")
    expected = json.loads((SAMPLES / "chromium_borderless.expected.json").read_text(encoding="utf-8"))["values"]
    texts, _ = _row_starting(doc, "行政事业性收费")
    assert texts[0] == "行政事业性收费" and _num(texts[-1]) == expected["t2.admin_fees.amount"]
    assert all(t.strategy == "stream" for t in doc.tables)


def test_rotated_sample_has_landscape_display_coordinates() -> None:
    doc = _load(SAMPLES / "chromium_rotated.pdf")
    assert doc.pages[0].width > doc.pages[0].height
    landscape = _load(SAMPLES / "chromium_landscape.pdf")
    assert (doc.pages[0].width, doc.pages[0].height) == pytest.approx((landscape.pages[0].width, landscape.pages[0].height), abs=1)
    t4 = [t for t in doc.tables if t.n_cols == 15]
    assert t4 and all(c.provenance.bbox and c.provenance.bbox[2] <= doc.pages[0].width for c in t4[0].cells)


# ------------------------------------------------------------------------------ bad inputs

def _minimal_pdf(catalog_extra: str = "", pages: str = "<< /Type /Pages /Kids [] /Count 0 >>",
                 trailer_extra: str = "", extra_objects: tuple[str, ...] = ()) -> bytes:
    objects = [f"<< /Type /Catalog /Pages 2 0 R {catalog_extra}>>", pages, *extra_objects]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {trailer_extra}>>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _expect(data: bytes, code: str) -> LoadError:
    with pytest.raises(LoadError) as info:
        load_pdf(data, _source("bad.pdf", data))
    assert info.value.code == code
    assert "bad.pdf" in info.value.message
    return info.value


def test_zero_pages_is_empty() -> None:
    _expect(_minimal_pdf(), "EMPTY")


def test_empty_bytes_and_junk() -> None:
    _expect(b"", "EMPTY")
    _expect(b"<html>not a pdf</html>", "CORRUPT")
    _expect(b"%PDF-1.7\n" + b"\x00garbage" * 50, "CORRUPT")


def test_encrypted_pdf_needs_password() -> None:
    encrypt = "<< /Filter /Standard /V 1 /R 2 /O <{o}> /U <{u}> /P -44 >>".format(o="11" * 32, u="22" * 32)
    data = _minimal_pdf(
        pages="<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        extra_objects=("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>", encrypt),
        trailer_extra="/Encrypt 4 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] ",
    )
    error = _expect(data, "ENCRYPTED")
    assert "password" in error.message


def test_truncated_pdf_is_repaired_or_reported() -> None:
    if not R001.exists():
        pytest.skip(f"corpus document not present: {R001}")
    data = R001.read_bytes()
    for cut in (len(data) // 2, len(data) - 200, 600):
        part = data[:cut]
        try:
            doc = load_pdf(part, _source("cut.pdf", part))
        except LoadError as exc:
            assert exc.code in ("CORRUPT", "EMPTY")
        else:
            assert len(doc.pages) >= 1


def test_image_only_pdf_has_no_text_layer() -> None:
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(300, 200)
    page.close()
    rendered = pdf[0].render(scale=1).to_pil().convert("RGB")
    buf = io.BytesIO()
    rendered.save(buf, "PDF")
    data = buf.getvalue()
    doc = load_pdf(data, _source("scan.pdf", data))
    assert doc.pages and not any(p.has_text_layer for p in doc.pages)
    assert doc.content == ()
    assert NOTE_NO_TEXT_LAYER in doc.notes


def test_text_pdfs_load_without_the_ocr_extra() -> None:
    # A fresh interpreter in which OpenCV, rapidocr and onnxruntime cannot be imported (as after
    # `pip install ogi-extract` without [ocr]): a text-layer PDF still gives every value.
    import subprocess
    import sys

    sample = Path(__file__).resolve().parents[1] / "samples" / "pdf" / "chromium_split.pdf"
    code = (
        "import sys, json\n"
        "for name in ('cv2', 'rapidocr', 'onnxruntime'): sys.modules[name] = None\n"
        "from extractor.pipeline import extract_bytes\n"
        f"r = extract_bytes(open({str(sample)!r}, 'rb').read(), 'x.pdf').to_dict()\n"
        "print(json.dumps({k: v['value'] for k, v in r['cells'].items()}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    values = json.loads(done.stdout)
    expected = json.loads(sample.with_suffix(".expected.json").read_text(encoding="utf-8"))["values"]
    assert all(values[cid] == value for cid, value in expected.items())
