"""Tables broken by a page: rows cut by the break (borders open or closed) and merged labels.
Synthetic grids; the end-to-end check on LibreOffice prints is tests/synth/test_pdf_page_breaks.py."""

from __future__ import annotations

from extractor.loaders.pdf_grid import GridCell, GridTable
from extractor.loaders.pdf_stitch import stitch_pages

# columns: group label | item label | two value columns
EDGES = (50.0, 110.0, 270.0, 320.0, 370.0)


def _cell(row: int, col: int, text: str, span: int = 1, score: float | None = None, **flags: bool) -> GridCell:
    return GridCell(row=row, col=col, row_span=span, col_span=1,
                    bbox=(EDGES[col], 40.0 + 20 * row, EDGES[col + 1], 40.0 + 20 * (row + span)), text=text,
                    score=score, **flags)


def _table(page: int, n_rows: int, cells: list[GridCell]) -> GridTable:
    return GridTable(page=page, bbox=(EDGES[0], 40.0, EDGES[-1], 40.0 + 20 * n_rows), strategy="lattice",
                     n_rows=n_rows, n_cols=4, cells=tuple(cells), col_edges=EDGES)


def _page_a(last_label_full: bool = True) -> GridTable:
    """Page n: two rows; the last one's item label was wrapped at the cell edge (or not)."""
    return _table(3, 2, [
        _cell(0, 0, "三、本年度办理结果", span=2), _cell(0, 1, "5.要求行政机关确认"), _cell(0, 2, "1"), _cell(0, 3, "1"),
        _cell(1, 1, "1.申请人无正当理由逾期不补", runs_full=last_label_full), _cell(1, 2, "0"), _cell(1, 3, "0"),
    ])


def _page_b(fragment: str) -> GridTable:
    """Page n+1, borders closed (LibreOffice): the empty group cell goes on for two rows; the
    first row holds ``fragment`` and no values."""
    return _table(4, 2, [
        _cell(0, 0, "", span=2), _cell(0, 1, fragment), _cell(0, 2, ""), _cell(0, 3, ""),
        _cell(1, 1, "2.申请人逾期未按收费通知要求缴纳费用"), _cell(1, 2, "7"), _cell(1, 3, "7"),
    ])


def test_closed_borders_label_rest_is_joined_to_the_row_above() -> None:
    [[a], [b]] = stitch_pages([[_page_a()], [_page_b("正、行政机关不再处理其政府信息公开申请")]])
    assert a.row_texts(1) == ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "0", "0")
    assert b.n_rows == 1
    # the group label cut by the break is carried onto the rows below the cut one
    assert b.row_texts(0) == ("三、本年度办理结果", "2.申请人逾期未按收费通知要求缴纳费用", "7", "7")


def test_merged_label_cut_with_the_row_takes_the_joined_text_on_both_pages() -> None:
    a = _table(3, 1, [_cell(0, 0, "（六）其", score=0.9), _cell(0, 1, "1.申请人无正当理由逾期不补", runs_full=True),
                      _cell(0, 2, "0"), _cell(0, 3, "0")])
    b = _table(4, 2, [_cell(0, 0, "他处理", span=2, score=0.8), _cell(0, 1, "正、不再处理"), _cell(0, 2, ""), _cell(0, 3, ""),
                      _cell(1, 1, "2.逾期未缴费"), _cell(1, 2, "0"), _cell(1, 3, "0")])
    [[a], [b]] = stitch_pages([[a], [b]])
    assert a.row_texts(0) == ("（六）其他处理", "1.申请人无正当理由逾期不补正、不再处理", "0", "0")
    assert b.row_texts(0) == ("（六）其他处理", "2.逾期未缴费", "0", "0")
    # an OCR reading keeps the least score of its parts, on both pages
    assert a.row(0)[0].score == b.row(0)[0].score == 0.8


def test_a_numbered_row_left_blank_is_not_joined() -> None:
    [[a], [b]] = stitch_pages([[_page_a()], [_page_b("2.申请人逾期未按收费通知要求缴纳费用")]])
    assert a.row_texts(1) == ("1.申请人无正当理由逾期不补", "0", "0")
    assert b.n_rows == 2 and b.row_texts(0)[1:] == ("2.申请人逾期未按收费通知要求缴纳费用", "", "")


def test_a_blank_row_under_a_label_that_was_not_wrapped_is_not_joined() -> None:
    [[a], [b]] = stitch_pages([[_page_a(last_label_full=False)], [_page_b("行政机关不再处理")]])
    assert a.row_texts(1) == ("1.申请人无正当理由逾期不补", "0", "0")
    assert b.n_rows == 2 and b.row_texts(0)[1] == "行政机关不再处理"


def test_open_borders_row_halves_are_joined() -> None:
    a = _table(3, 1, [_cell(0, 0, "三、本年度", open_bottom=True), _cell(0, 1, "1.本机关不掌握", open_bottom=True),
                      _cell(0, 2, "3", open_bottom=True), _cell(0, 3, "", open_bottom=True)])
    b = _table(4, 2, [_cell(0, 0, "办理结果", span=2, open_top=True), _cell(0, 1, "相关政府信息", open_top=True),
                      _cell(0, 2, "", open_top=True), _cell(0, 3, "3", open_top=True),
                      _cell(1, 1, "2.没有现成信息"), _cell(1, 2, "0"), _cell(1, 3, "0")])
    [[a], [b]] = stitch_pages([[a], [b]])
    assert a.row_texts(0) == ("三、本年度办理结果", "1.本机关不掌握相关政府信息", "3", "3")
    assert b.row_texts(0) == ("三、本年度办理结果", "2.没有现成信息", "0", "0")

