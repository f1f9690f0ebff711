"""HTML loader: encodings, spans, cell markup, nested layout tables, navigation."""

from __future__ import annotations

from extractor.document import SourceInfo, Table
from extractor.loaders import load_bytes
from extractor.loaders.html import decode_html, load_html

SRC = SourceInfo("x.html", "0", "text/html")


def test_gbk_page_without_meta_decodes() -> None:
    html = "<html><body><p>平潭综合实验区2023年度政府信息公开工作年度报告</p></body></html>".encode("gbk")
    text, how = decode_html(html)
    assert "平潭综合实验区" in text
    assert how.startswith("detected:gb18030")


def test_declared_gb2312_read_as_gb18030() -> None:
    html = '<html><head><meta charset="gb2312"></head><body><p>王镕 堃 珺</p></body></html>'.encode("gb18030")
    doc = load_html(html, SRC)
    assert doc.text_blocks[0].text == "王镕 堃 珺"
    assert "encoding meta:gb18030" in doc.notes


def test_http_header_charset_wins_and_bom() -> None:
    body = "<p>规章</p>".encode("gbk")
    assert decode_html(body, http_charset="GBK")[0] == "<p>规章</p>"
    assert decode_html(b"\xef\xbb\xbf<p>\xe8\xa7\x84</p>")[0] == "<p>规</p>"


def test_rowspan_colspan_expanded() -> None:
    html = """<table><tr><td rowspan=2>三、办理结果</td><td colspan=2>（一）予以公开</td><td>5</td></tr>
    <tr><td>（三）</td><td>1.属于国家秘密</td><td>2</td></tr></table>""".encode()
    table = load_html(html, SRC).tables[0]
    assert (table.n_rows, table.n_cols) == (2, 4)
    rows = [[c.text for c in row] for row in table.row_cells()]
    assert rows == [["三、办理结果", "（一）予以公开", "5"], ["三、办理结果", "（三）", "1.属于国家秘密", "2"]]
    grid = table.grid()
    assert grid[1][0] is grid[0][0]
    assert grid[0][1] is grid[0][2]
    assert table.cells[3].provenance.locator == "table[1]/tr[2]/td[1]"


def test_markup_inside_cells_joined() -> None:
    html = """<table><tr><td><p><span style="x">本年新</span><br/>制作数量</p></td>
    <td><p class=MsoNormal><span>1</span><span>2</span></p></td></tr></table>""".encode()
    row = load_html(html, SRC).tables[0].row_cells()[0]
    assert [c.text for c in row] == ["本年新\n制作数量", "12"]


def test_nested_layout_tables_and_navigation() -> None:
    html = """<html><body><nav>首页 政务公开</nav><div class=nav>当前位置</div>
    <table width=100%><tr><td>菜单</td><td><p>正文开始</p>
      <table><tr><td>规章</td><td>3</td></tr></table>
      <table><tr><td>行政许可</td><td>7</td></tr></table>
    </td></tr></table><script>var x = "<table>";</script></body></html>""".encode()
    doc = load_html(html, SRC)
    tables = [item for item in doc.content if isinstance(item, Table)]
    assert [[c.text for c in t.cells] for t in tables] == [["规章", "3"], ["行政许可", "7"]]
    texts = [b.text for b in doc.text_blocks]
    assert "正文开始" in texts
    assert "首页 政务公开" not in texts
    # reading order: the prose comes before the tables it precedes
    kinds = [type(item).__name__ for item in doc.content]
    assert kinds.index("TextBlock") < kinds.index("Table")


def test_load_bytes_detects_html_without_extension() -> None:
    doc = load_bytes(b"<html><body><table><tr><td>a</td></tr></table></body></html>", "report")
    assert doc.source.media_type == "text/html"
    assert len(doc.tables) == 1


def test_plain_text_named_htm_is_read_as_text() -> None:
    """Regression: a crawl store names objects after their URL (t2024….htm) though the body is text."""
    doc = load_bytes("规章\t1\t2\t3\n".encode(), "t20240315_87885.htm")
    assert doc.source.media_type == "text/plain"
    assert [c.text for c in doc.tables[0].cells] == ["规章", "1", "2", "3"]
