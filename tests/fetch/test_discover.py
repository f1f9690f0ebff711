"""Link discovery, charsets, media types and file names on small crafted pages."""

from __future__ import annotations

from extractor.fetch.content import decode_html, filename_from_disposition, safe_extension, sniff_media_type
from extractor.fetch.discover import (
    Kind,
    find_attachments,
    find_list_links,
    infer_year,
    parse_page,
    year_from_filename,
)

BASE = "http://www.pingtan.gov.cn/xxgk/ndbg/index.html"


def kinds(html: str, url: str = BASE) -> dict[str, Kind]:
    return {link.url: link.kind for link in find_list_links(parse_page(html, url), 50)}


def test_list_item_modelled_on_pingtan_is_a_report_with_its_year() -> None:
    page = parse_page('<li><a href="./202403/t20240315_87885.htm">平潭综合实验区2023年度政府信息公开工作年度报告</a>'
                      "<span>2024-03-15</span></li>", BASE)
    [link] = find_list_links(page, 50)
    assert link.url == "http://www.pingtan.gov.cn/xxgk/ndbg/202403/t20240315_87885.htm"
    assert (link.kind, link.year.value, link.year.source) == (Kind.REPORT, 2023, "link_text")


def test_truncated_title_uses_the_title_attribute() -> None:
    page = parse_page('<a href="a.htm" title="某局2022年政府信息公开工作年度报告">某局2022年政府信息公...</a>', BASE)
    assert [link.kind for link in find_list_links(page, 50)] == [Kind.REPORT]


def test_not_reports() -> None:
    html = ('<a href="1.htm">关于开展2023年度企业年报工作的通知</a><a href="2.htm">2021年度部门决算报告</a>'
            '<a href="3.htm">2023年国民经济和社会发展统计公报</a><a href="4.htm">关于春节放假的通知</a>'
            '<a href="/">首页</a><a href="/qynb/">企业年报公示</a>')
    assert kinds(html) == {}


def test_pagination_styles() -> None:
    assert set(kinds('<script>createPageHTML(4, 0, "index", "shtml");</script>')) == {
        "http://www.pingtan.gov.cn/xxgk/ndbg/index_1.shtml", "http://www.pingtan.gov.cn/xxgk/ndbg/index_2.shtml",
        "http://www.pingtan.gov.cn/xxgk/ndbg/index_3.shtml", "http://www.pingtan.gov.cn/xxgk/ndbg/index.shtml"}
    assert len(kinds('<script>var countPage = 3//共多少页\ncreatePageHTML(countPage, 0,"index", "html");</script>')) == 2
    assert len(kinds("<script>createPageHTML('page_div',3,1,'index','html',45);</script>")) == 2
    url = "http://xxgk.example.gov.cn/col/ndbg.jsp?page=1"
    assert kinds('<a href="ndbg.jsp?page=2">下一页</a><a href="ndbg.jsp?page=9">尾页</a>', url) == {
        "http://xxgk.example.gov.cn/col/ndbg.jsp?page=2": Kind.LIST, "http://xxgk.example.gov.cn/col/ndbg.jsp?page=9": Kind.LIST}
    assert kinds('<a href="index_1.html">2</a><a href="index_2.html">3</a>') == {
        "http://www.pingtan.gov.cn/xxgk/ndbg/index_1.html": Kind.LIST, "http://www.pingtan.gov.cn/xxgk/ndbg/index_2.html": Kind.LIST}
    # a 首页 (home) link outside the list's folder is not pagination
    assert kinds('<a href="/index.html">首页</a><a href="/xxgk/index_1.html">下一页</a>') == {}


def test_report_column_link_is_a_list() -> None:
    assert kinds('<a href="/zfxxgk/ndbg/">政府信息公开年报</a>', "http://www.x.gov.cn/") == {
        "http://www.x.gov.cn/zfxxgk/ndbg/": Kind.LIST}


def test_attachments_by_extension_download_script_and_iframe() -> None:
    page = parse_page('<a href="P0201.pdf">附件</a><a href="/download.jsp?id=5">下载</a>'
                      '<a href="/attach?id=3">附件1.xls</a><a href="../t2.htm">上一篇：某通知</a>'
                      '<a href="javascript:void(0)">打印</a><iframe src="/u/a.wps"></iframe>',
                      "http://www.x.gov.cn/a/b/t1.htm")
    assert [link.url for link in find_attachments(page)] == [
        "http://www.x.gov.cn/a/b/P0201.pdf", "http://www.x.gov.cn/download.jsp?id=5",
        "http://www.x.gov.cn/attach?id=3", "http://www.x.gov.cn/u/a.wps"]


def test_gbk_page_without_meta_charset() -> None:
    body = "<html><body><a href='a.htm'>某县2023年政府信息公开工作年度报告</a></body></html>".encode("gbk")
    text, codec = decode_html(body, "text/html")
    assert codec.endswith("gb18030") and "某县2023年政府信息公开工作年度报告" in text


def test_declared_gb2312_decodes_as_gb18030() -> None:
    body = '<meta charset="gb2312"><p>王堃 朱镕基</p>'.encode("gb18030")
    assert "王堃 朱镕基" in decode_html(body, None)[0]


def test_content_disposition_names() -> None:
    gbk = "attachment; filename=\"" + "2023年统计表.xls".encode("gbk").decode("latin-1") + '"'
    assert filename_from_disposition(gbk) == "2023年统计表.xls"
    utf8 = "attachment; filename=" + "年报.pdf".encode().decode("latin-1")
    assert filename_from_disposition(utf8) == "年报.pdf"
    assert filename_from_disposition("attachment; filename*=UTF-8''2021%E5%B9%B4%E6%8A%A5.wps") == "2021年报.wps"
    assert filename_from_disposition('attachment; filename="%E5%B9%B4%E6%8A%A5.pdf"') == "年报.pdf"
    assert filename_from_disposition('attachment; filename="..\\..\\windows\\evil.doc"') == "evil.doc"
    assert filename_from_disposition("inline") is None


def test_safe_extension_is_never_a_path() -> None:
    assert safe_extension("report.PDF") == "pdf"
    assert safe_extension("../../etc/passwd") == ""
    assert safe_extension("a.pdf/../../x") == ""
    assert safe_extension("a.tar.gz/evil") == ""


def test_media_type_by_magic_bytes_before_headers() -> None:
    assert sniff_media_type(b"%PDF-1.7 ...", None, "http://x/a.htm", "text/html").extension == "pdf"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20
    assert sniff_media_type(ole, "表.xls", "http://x/download.jsp?id=1", None).extension == "xls"
    assert sniff_media_type(ole, None, "http://x/a.wps", None).extension == "wps"
    assert sniff_media_type(b"PK\x03\x04....word/document.xml", None, "http://x/d?id=1", None).extension == "docx"
    assert sniff_media_type(b"<!DOCTYPE html><html>", None, "http://x/a.pdf", "application/pdf").extension == "html"


def test_year_inference() -> None:
    assert infer_year("2023年度政府信息公开工作年度报告").value == 2023
    assert infer_year("政府信息公开工作年度报告", "http://x/202403/t20240315_1.htm") == infer_year(
        "", "http://x/202403/t20240315_1.htm")
    assert infer_year("", "http://x/202403/t20240315_1.htm").value == 2023
    assert infer_year("1998年工作报告").value is None
    assert year_from_filename("ndbg2021.pdf").value == 2021
