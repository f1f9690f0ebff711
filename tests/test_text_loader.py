"""Text loader: tab-separated and whitespace-aligned tables."""

from __future__ import annotations

from extractor.document import SourceInfo
from extractor.loaders.text import load_text

SRC = SourceInfo("x.txt", "0", "text/plain")


def test_tab_separated_rows_keep_their_cells_and_drop_trailing_tabs() -> None:
    text = "标题\n\n第二十条第（五）项\t\t\t\n信息内容\t本年处理决定数量\t\t\n行政许可\t0\t\t\n\n后记\n"
    doc = load_text(text.encode(), SRC)
    assert [b.text for b in doc.text_blocks] == ["标题", "后记"]
    rows = [[c.text for c in r] for r in doc.tables[0].row_cells()]
    assert rows == [["第二十条第（五）项"], ["信息内容", "本年处理决定数量"], ["行政许可", "0"]]
    assert doc.tables[0].cells[0].provenance.line == 3
    assert doc.tables[0].strategy == "tsv"


def test_whitespace_aligned_with_captions_and_single_gap_rows() -> None:
    text = ("  第二十条第（五）项\n  信息内容          本年处理决定数量\n  行政许可              35\n"
            "  规章    1    2    3\n")
    doc = load_text(text.encode(), SRC)
    rows = [[c.text for c in r] for r in doc.tables[0].row_cells()]
    assert rows == [["第二十条第（五）项"], ["信息内容", "本年处理决定数量"], ["行政许可", "35"], ["规章", "1", "2", "3"]]
    assert doc.tables[0].strategy == "aligned"


def test_gb18030_text_decodes() -> None:
    doc = load_text("规章\t1\t2\n".encode("gb18030"), SRC)
    assert [c.text for c in doc.tables[0].cells] == ["规章", "1", "2"]
