"""The recogniser's score of an OCR'd value (``provenance.ocr_score``) sets its clarity: a low
score is a likely misreading (benchmarks/measure_ocr_scores.py), a dash's score is not used.

These tests need no OCR: a real report (samples/s001.html) is loaded and its tables are marked
as read by OCR with chosen scores; the loader's side (the least line score per cell, a row joined
across a page break) is tested on hand-made grids. tests/test_ocr.py reads real scans."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from extractor.confidence import OCR_CLARITY, ocr_reading
from extractor.document import Cell, Document, Provenance, Table
from extractor.loaders import load_bytes
from extractor.loaders.ocr_grid import PixelCell, PixelTable
from extractor.loaders.pdf_grid import GridCell, GridTable
from extractor.loaders.pdf_ocr import DEFAULT_OCR, STRATEGY_OCR, _grid_table, _line_chars, _Rotation
from extractor.loaders.pdf_stitch import stitch_pages
from extractor.pipeline import extract_document

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "s001.html"


@lru_cache(maxsize=1)
def _sample() -> Document:
    return load_bytes(SAMPLE.read_bytes(), SAMPLE.name)


def _as_ocr(scores: dict[str, float]) -> dict[str, Any]:
    """s001's record with every table read by OCR, and the cells at these locators scored."""
    doc = _sample()
    content = []
    for item in doc.content:
        if isinstance(item, Table):
            cells = tuple(replace(c, provenance=replace(c.provenance, ocr_score=scores.get(c.provenance.locator or "")))
                          for c in item.cells)
            item = replace(item, cells=cells, strategy=STRATEGY_OCR)
        content.append(item)
    return extract_document(replace(doc, content=tuple(content))).to_dict()


T2 = "table[1]/tr[3]/td[2]"  # t2.regulations.issued: 0, no sum checks it
T3 = "table[2]/tr[4]/td[2]"  # t3.new.natural_person: 106, R1 and R3 pass
DASH = "table[1]/tr[11]/td[2]"  # t2.coercion.decisions: printed —


def test_the_score_maps_to_clarity() -> None:
    assert ocr_reading(None) == (OCR_CLARITY, "read by OCR")
    assert ocr_reading(0.5) == (0.2, "read by OCR 0.50")
    assert ocr_reading(0.9939) == (OCR_CLARITY, "read by OCR 0.99")
    clarities = [ocr_reading(s)[0] for s in (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.86, 0.95, 1.0)]
    assert clarities == sorted(clarities) and max(clarities) == OCR_CLARITY


def test_a_low_score_reading_scores_lower_than_a_high_score_one() -> None:
    high = _as_ocr({T2: 0.998, T3: 0.998})["cells"]
    low = _as_ocr({T2: 0.62, T3: 0.62})["cells"]
    unscored = _as_ocr({})["cells"]
    for cid in ("t2.regulations.issued", "t3.new.natural_person"):
        assert high[cid]["value"] == low[cid]["value"] == unscored[cid]["value"]
        assert low[cid]["confidence"] < high[cid]["confidence"] == unscored[cid]["confidence"]
        assert "read by OCR 0.62" in low[cid]["reasons"] and "read by OCR 1.00" in high[cid]["reasons"]
        assert "read by OCR" in unscored[cid]["reasons"]
        assert low[cid]["provenance"]["ocr_score"] == 0.62
        assert "ocr_score" not in unscored[cid]["provenance"]
    # 表二 has no sum to vouch for the reading: a low score takes it well below 0.9
    # (clarity 0.2615, confidence 1 − (1 − 0.2615) × 0.5)
    assert high["t2.regulations.issued"]["confidence"] == 0.95
    assert low["t2.regulations.issued"]["confidence"] == 0.6308
    # a passing sum still vouches for the number read: lower, but not below 0.9
    assert high["t3.new.natural_person"]["confidence"] == 0.99
    assert 0.9 < low["t3.new.natural_person"]["confidence"] < 0.99


def test_a_dash_reading_keeps_the_flat_ocr_clarity() -> None:
    # recognisers read a printed dash as one of many dash-like characters with any score (0.5–1),
    # and it is still a dash: its score is kept in the provenance but not used
    cell = _as_ocr({DASH: 0.55})["cells"]["t2.coercion.decisions"]
    assert cell["state"] == "na" and cell["provenance"]["ocr_score"] == 0.55
    assert cell["confidence"] == 0.95 and "read by OCR" in cell["reasons"]


def test_provenance_ocr_score_round_trips() -> None:
    cell = Cell(row=0, col=1, text="7", provenance=Provenance(page=2, bbox=(1.0, 2.0, 3.0, 4.0), ocr_score=0.5711))
    assert cell.to_dict()["provenance"] == {"page": 2, "bbox": [1.0, 2.0, 3.0, 4.0], "ocr_score": 0.5711}
    assert Cell.from_dict(cell.to_dict()) == cell
    plain = Provenance(page=1)
    assert plain.to_dict() == {"page": 1} and Provenance.from_dict(plain.to_dict()) == plain


def _cell(row: int, col: int, text: str, score: float | None, y: float, **kw: bool) -> GridCell:
    return GridCell(row=row, col=col, row_span=1, col_span=1, bbox=(100.0 * col, y, 100.0 * col + 100, y + 20),
                    text=text, score=score, **kw)


def test_a_row_cut_by_the_page_break_keeps_its_least_score() -> None:
    edges = (0.0, 100.0, 200.0)
    a = GridTable(page=1, bbox=(0, 700, 200, 740), strategy="lattice", n_rows=2, n_cols=2, col_edges=edges,
                  cells=(_cell(0, 0, "一、本年新收", 0.99, 700), _cell(0, 1, "12", 0.998, 700),
                         _cell(1, 0, "二、上年结转", 0.97, 720, open_bottom=True),
                         _cell(1, 1, "3", 0.96, 720, open_bottom=True)))
    b = GridTable(page=2, bbox=(0, 50, 200, 90), strategy="lattice", n_rows=2, n_cols=2, col_edges=edges,
                  cells=(_cell(0, 0, "政府信息公开申请数量", 0.9, 50, open_top=True),
                         _cell(0, 1, "4", 0.61, 50, open_top=True),
                         _cell(1, 0, "三、本年度办理结果", 0.99, 70), _cell(1, 1, "", None, 70)))
    joined = stitch_pages([[a], [b]])
    cut = {c.row * 10 + c.col: c for c in joined[0][0].cells}
    assert (cut[11].text, cut[11].score) == ("3 4", 0.61)  # "3" + "4": the lower of 0.96 and 0.61
    assert (cut[1].text, cut[1].score) == ("12", 0.998)
    assert joined[0][0].to_table().cells[3].provenance.ocr_score == 0.61


def test_a_cell_takes_the_least_score_of_the_lines_read_into_it() -> None:
    # one detected line "12 7" crosses the rule between two value cells; a second line puts "5"
    # into the second cell too
    grid = PixelTable(box=(0, 0, 300, 40), n_rows=1, n_cols=3, col_edges=(0, 100, 200, 300),
                      cells=(PixelCell(0, 0, 1, 1, (0, 0, 100, 40)), PixelCell(0, 1, 1, 1, (100, 0, 200, 40)),
                             PixelCell(0, 2, 1, 1, (200, 0, 300, 40))))
    first = _line_chars("12 7", (20.0, 10.0, 140.0, 30.0), 0)  # "12" lands in cell 0, "7" in cell 1
    second = _line_chars("5", (185.0, 10.0, 195.0, 30.0), len(first))
    third = _line_chars("一二", (210.0, 10.0, 290.0, 30.0), len(first) + len(second))
    scores = [0.97] * len(first) + [0.64] * len(second) + [0.99] * len(third)
    image = np.full((40, 300), 255, dtype=np.uint8)
    table, _ = _grid_table(grid, [*first, *second, *third], scores, image, _Rotation(0.0, 300, 40, 1.0), 1,
                           None, DEFAULT_OCR)
    by_col = {c.col: c for c in table.cells}
    assert (by_col[0].text, by_col[0].score) == ("12", 0.97)
    assert (by_col[1].text, by_col[1].score) == ("7 5", 0.64)
    assert (by_col[2].text, by_col[2].score) == ("一二", 0.99)
