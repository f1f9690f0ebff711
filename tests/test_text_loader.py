"""Text loader: tab-separated and whitespace-aligned tables."""

from __future__ import annotations

from extractor.document import SourceInfo
from extractor.loaders.text import load_text

SRC = SourceInfo("x.txt", "0", "text/plain")


def test_tab_separated_rows_keep_every_field() -> None:
    text = "标题\n\n第二十条第（五）项\t\t\t\n信息内容\t本年处理决定数量\t\t\n行政许可\t0\t\t\n\n后记\n"
    doc = load_text(text.encode(), SRC)
    assert [b.text for b in doc.text_blocks] == ["标题", "后记"]
    rows = [[c.text for c in r] for r in doc.tables[0].row_cells()]
    # trailing empty fields are kept: a printed blank or a stray tab, the aligner decides
    assert rows == [["第二十条第（五）项", "", "", ""], ["信息内容", "本年处理决定数量", "", ""], ["行政许可", "0", "", ""]]
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


def test_a_line_of_tabs_is_a_row_of_blank_cells() -> None:
    """Regression: 表四 with no cases printed as 15 empty fields was read as a blank line."""
    doc = load_text("行政复议\t行政诉讼\n\t\t\n".encode(), SRC)
    rows = [[c.text for c in r] for r in doc.tables[0].row_cells()]
    assert rows == [["行政复议", "行政诉讼"], ["", "", ""]]


def test_unindented_caption_joins_an_aligned_table() -> None:
    """Regression: captions at the left margin were left as prose, so 表二 was never opened."""
    text = ("第二十条第（一）项\n规章                 1             0             0\n"
            "第二十条第（五）项\n信息内容             本年处理 决定数量\n行政许可             0\n")
    rows = [[c.text for c in r] for r in load_text(text.encode(), SRC).tables[0].row_cells()]
    assert rows == [["第二十条第（一）项"], ["规章", "1", "0", "0"], ["第二十条第（五）项"],
                    ["信息内容", "本年处理 决定数量"], ["行政许可", "0"]]
