"""Alignment details that once went wrong."""

from __future__ import annotations

from extractor.align import HEADER_UNMATCHED, _column_scores, _row_value_cells
from extractor.document import Cell, Provenance
from extractor.layouts import Axis, load_layouts
from extractor.locate import DocRow


def _header(*texts: str) -> DocRow:
    cells = tuple(Cell(0, i, t, Provenance(line=1)) for i, t in enumerate(texts))
    return DocRow(table=0, index=0, labels=cells, values=(), grid_values=(), page=None)


def test_a_header_word_not_found_costs_the_column_only_down_to_position() -> None:
    """Regression: a renamed column head (公益组织 printed, not matched) scored the column 0, so
    every cell under it fell to confidence 0.8 even when all its sums passed."""
    block = next(lay for lay in load_layouts() if lay.template == "2021").block("t3")
    scores = _column_scores(block, [_header("自然人", "商业企业", "科研机构", "XX", "法律服务机构", "其他", "总计")])
    assert scores[3] == HEADER_UNMATCHED
    assert scores[0] == 1.0 and scores[6] == 1.0


def _t3_row(*values: str) -> DocRow:
    label = Cell(0, 0, "（一）予以公开", Provenance(line=1))
    cells = tuple(Cell(0, i + 1, v, Provenance(line=1)) for i, v in enumerate(values))
    return DocRow(table=0, index=0, labels=(label,), values=cells, grid_values=(), page=None)


def _read(row: DocRow) -> tuple[list[str], str | None]:
    layout = next(lay for lay in load_layouts() if lay.template == "2021")
    block = layout.block("t3")
    sums = tuple(r for r in layout.sums if r.block == "t3" and r.axis is Axis.ROW)
    cells, note, _ = _row_value_cells(row, block, sums)
    return [c.text if c else "?" for c in cells], note


def test_surplus_empty_fields_placed_where_the_row_sum_holds() -> None:
    """Regression: a blank-for-zero tab-separated row with a colspan filler in front and stray tabs
    behind lost the filler at the wrong end, shifting 1 from 社会公益组织 to 法律服务机构."""
    values, note = _read(_t3_row("", "1", "", "", "", "", "1", ""))  # filler, then 商业企业 1, 总计 1
    assert values == ["", "1", "", "", "", "", "1"]
    assert note == "surplus empty fields dropped where the row sum holds"


def test_surplus_empty_fields_undecided_drop_the_front_filler() -> None:
    values, note = _read(_t3_row("", "", "", "", "1", "", "", ""))  # no reading makes R3 hold
    assert values == ["", "", "", "1", "", "", ""]
    assert note == "surplus empty fields: which ones are fillers is uncertain"
