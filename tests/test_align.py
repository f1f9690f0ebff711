"""Alignment details that once went wrong."""

from __future__ import annotations

from extractor.align import HEADER_UNMATCHED, _column_scores
from extractor.document import Cell, Provenance
from extractor.layouts import load_layouts
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
