"""A mock government web on loopback: several hosts (= ports), pages modelled on real sites.

Each host is a ``ThreadingHTTPServer`` on 127.0.0.1. A route answers with a sequence of
replies (the n-th request gets the n-th reply, the last one repeats), so "first a 429, then
the file" is data. Every request is logged (host, path, time, headers, status).

Host ``a`` — 平潭 style TRS site, UTF-8, ``createPageHTML`` pagination, robots.txt
Disallow: /private/, attachments behind download.jsp, the same PDF under two URLs.
Host ``b`` — county site in GBK without a meta charset, ``?page=`` + 下一页 pagination,
a 301→302 chain to the list, 503/502 bursts, a wrong Content-Type, an iframe attachment.
Host ``c`` — department site: homepage → column → ``index_1.html``, a redirect to a private
address, links to private addresses, a gzip bomb, a hanging first response, path-traversal
attachment names, robots.txt rules for our user agent.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\n"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 56
DOCX = b"PK\x03\x04" + b"\x14\x00" * 10 + b"word/document.xml" + b"\x00" * 40


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0
    truncate: bool = False  # declare the full length, send half, close


@dataclass(frozen=True)
class Hit:
    host: str
    path: str
    time: float
    status: int
    headers: dict[str, str]


def html(body: str, title: str = "", charset: str | None = "utf-8", encoding: str = "utf-8") -> bytes:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    return (f"<!DOCTYPE html><html><head>{meta}<title>{title}</title></head>"
            f"<body>{body}</body></html>").encode(encoding)


def page(body: bytes, content_type: str = "text/html; charset=utf-8", **kw: Any) -> list[Reply]:
    return [Reply(200, body, (("Content-Type", content_type),), **kw)]


def latin1(raw: bytes) -> str:
    """Header text that http.server writes back as exactly these bytes."""
    return raw.decode("latin-1")


@dataclass
class Host:
    name: str
    server: ThreadingHTTPServer
    routes: dict[str, list[Reply]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"


class MockWeb:
    def __init__(self, names: tuple[str, ...] = ("a", "b", "c")) -> None:
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        self.hosts: dict[str, Host] = {}
        for name in names:
            self.hosts[name] = Host(name, ThreadingHTTPServer(("127.0.0.1", 0), self._handler(name)))
        self.threads: list[threading.Thread] = []

    def base(self, name: str) -> str:
        return self.hosts[name].base

    def url(self, name: str, path: str) -> str:
        return self.base(name) + path

    def route(self, name: str, path: str, replies: list[Reply]) -> None:
        self.hosts[name].routes[path] = replies

    def start(self) -> MockWeb:
        for host in self.hosts.values():
            host.server.daemon_threads = True
            thread = threading.Thread(target=host.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
            thread.start()
            self.threads.append(thread)
        return self

    def stop(self) -> None:
        for host in self.hosts.values():
            host.server.shutdown()
            host.server.server_close()

    def reset(self) -> None:
        """Forget the request log and counts: the next crawl sees the same flaky replies."""
        with self.lock:
            self.hits.clear()
            for host in self.hosts.values():
                host.counts.clear()

    def paths(self, name: str) -> list[str]:
        with self.lock:
            return [h.path for h in self.hits if h.host == name]

    def _handler(self, name: str) -> type[BaseHTTPRequestHandler]:
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def do_GET(self) -> None:  # noqa: N802
                arrived = time.monotonic()
                host = web.hosts[name]
                with web.lock:
                    n = host.counts.get(self.path, 0)
                    host.counts[self.path] = n + 1
                replies = host.routes.get(self.path)
                reply = replies[min(n, len(replies) - 1)] if replies else Reply(404, b"not found")
                etag = '"' + hashlib.sha1(reply.body).hexdigest() + '"'
                status = reply.status
                if status == 200 and self.headers.get("If-None-Match") == etag:
                    status = 304
                with web.lock:
                    web.hits.append(Hit(name, self.path, arrived, status, dict(self.headers.items())))
                if reply.delay:
                    time.sleep(reply.delay)
                self.send_response(status)
                for key, value in reply.headers:
                    self.send_header(key, value)
                if status == 200:
                    self.send_header("ETag", etag)
                body = b"" if status == 304 else reply.body
                self.send_header("Content-Length", str(len(body)))
                if reply.truncate:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                try:
                    self.wfile.write(body[: len(body) // 2] if reply.truncate else body)
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

        return Handler


@dataclass(frozen=True)
class Expected:
    """What a perfect crawl of the mock web finds and must not touch."""

    reports: frozenset[str]
    attachments: frozenset[str]
    lists: frozenset[str]
    failed: frozenset[str]
    never: frozenset[str]  # URLs that must never be requested
    disallowed_paths: tuple[tuple[str, str], ...]  # (host, path prefix) robots.txt forbids
    same_bytes: frozenset[str]  # two URLs of one PDF
    start_urls: tuple[str, ...]


def build(web: MockWeb) -> Expected:
    """Fill the routes of hosts a, b, c and return what a crawl should find."""
    a, b, c = web.base("a"), web.base("b"), web.base("c")
    # ---------------- host a: TRS, UTF-8, createPageHTML ----------------------------------------
    web.route("a", "/robots.txt", page(b"User-agent: *\nDisallow: /private/\n", "text/plain"))
    nav = '<div class="nav"><a href="/">首页</a> <a href="/xxgk/">信息公开</a> <a href="/qynb/">企业年报公示</a></div>'
    web.route("a", "/xxgk/ndbg/index.html", page(html(
        nav + '<ul class="list">'
        '<li><a href="./202403/t20240315_87885.htm" title="平潭综合实验区2023年度政府信息公开工作年度报告">'
        "平潭综合实验区2023年度政府信息公开工作年度报告</a><span>2024-03-15</span></li>"
        '<li><a href="./202402/t20240201_87001.htm">关于2024年春节期间有关工作安排的通知</a><span>2024-02-01</span></li>'
        '<li><a href="/private/ndbg/t20230301_1.htm">平潭综合实验区2022年度政府信息公开工作年度报告（内部稿）</a></li>'
        '<li><a href="http://10.0.0.1/xxgk/ndbg/2023.pdf">2023年度政府信息公开工作年度报告（镜像）</a></li>'
        '</ul><div class="page"><script>createPageHTML(3, 0, "index", "html");</script></div>',
        "年度报告_平潭综合实验区")))
    web.route("a", "/xxgk/ndbg/index_1.html", page(html(
        nav + '<ul class="list">'
        f'<li><a href="{a}/xxgk/ndbg/202303/t20230320_70001.htm">平潭综合实验区2022年度政府信息公开工作年度报告</a>'
        "<span>2023-03-20</span></li>"
        '<li><a href="./202203/t20220310_60001.htm">2021年政府信息公开工作年度报告</a><span>2022-03-10</span></li>'
        '<li><a href="./P020210301.pdf">2020年度政府信息公开年报（PDF版）</a><span>2021-03-01</span></li>'
        '</ul><script>var countPage = 3; createPageHTML(countPage, 1, "index", "html");</script>',
        "年度报告_平潭综合实验区")))
    web.route("a", "/xxgk/ndbg/index_2.html", page(html(
        '<ul><li><a href="./202103/t20210301_50001.htm">平潭综合实验区2020年度政府信息公开工作年度报告</a></li>'
        '<li><a href="./202001/t20200110_1.htm">平潭综合实验区2019年预算公开</a></li></ul>'
        '<script>createPageHTML("page_div", 3, 2, "index", "html", 30);</script>', "年度报告")))
    article = ('<div class="article"><h1>{t}</h1><div class="content"><p>根据《中华人民共和国政府信息公开条例》'
               "规定，本报告由……编制。</p>{att}</div>"
               '<div class="pre"><a href="../202402/t20240201_87001.htm">上一篇：关于春节期间有关工作安排的通知</a></div></div>')
    web.route("a", "/xxgk/ndbg/202403/t20240315_87885.htm", page(html(article.format(
        t="平潭综合实验区2023年度政府信息公开工作年度报告",
        att='<p>附件：<a href="./P020240315_1.pdf">平潭综合实验区2023年度政府信息公开工作年度报告.pdf</a></p>'
            '<p><a href="/download.jsp?id=87885">附件2：统计表.xls</a></p>'), "平潭综合实验区2023年度政府信息公开工作年度报告")))
    web.route("a", "/xxgk/ndbg/202403/P020240315_1.pdf",
              [Reply(500, b"busy"), Reply(500, b"busy"), Reply(200, PDF + b"a2023", (("Content-Type", "text/html"),))])
    web.route("a", "/download.jsp?id=87885", [Reply(200, OLE + b"xls2023", (
        ("Content-Type", "application/octet-stream"),
        ("Content-Disposition", "attachment; filename=\"" + latin1("2023年统计表.xls".encode("gbk")) + '"')))])
    web.route("a", "/xxgk/ndbg/202303/t20230320_70001.htm", page(html(article.format(
        t="平潭综合实验区2022年度政府信息公开工作年度报告",
        att='<a href="P020230320.docx">2022年度报告全文.docx</a>'), "2022年度报告"), delay=0.3))
    web.route("a", "/xxgk/ndbg/202303/P020230320.docx",
              [Reply(200, DOCX + b"a2022" * 50, truncate=True), Reply(200, DOCX + b"a2022" * 50)])
    web.route("a", "/xxgk/ndbg/202203/t20220310_60001.htm", page(html(article.format(
        t="2021年政府信息公开工作年度报告", att='<a href="/download.jsp?id=60001">附件下载</a>'), "2021")))
    web.route("a", "/download.jsp?id=60001", [
        Reply(429, b"slow down", (("Retry-After", "1"),)),
        Reply(200, OLE + b"wps2021", (("Content-Disposition",
                                       "attachment; filename*=UTF-8''2021%E5%B9%B4%E6%8A%A5.wps"),))])
    same_pdf = PDF + b"a2020"
    web.route("a", "/xxgk/ndbg/P020210301.pdf", page(same_pdf, "application/pdf"))
    web.route("a", "/xxgk/ndbg/202103/t20210301_50001.htm", page(html(article.format(
        t="平潭综合实验区2020年度政府信息公开工作年度报告",
        att='<a href="/download.jsp?id=2020">附件：2020年报.pdf</a>'), "2020")))
    web.route("a", "/download.jsp?id=2020", [Reply(200, same_pdf, (
        ("Content-Type", "application/pdf"),
        ("Content-Disposition", "attachment; filename=\"" + latin1("平潭2020年年报.pdf".encode("gbk")) + '"')))])
    for path in ("/xxgk/ndbg/202402/t20240201_87001.htm", "/", "/xxgk/", "/qynb/", "/private/ndbg/t20230301_1.htm",
                 "/xxgk/ndbg/202001/t20200110_1.htm"):
        web.route("a", path, page(html("<p>其他内容</p>")))
    # ---------------- host b: GBK without meta, ?page= and 下一页 --------------------------------
    gbk = "text/html"
    web.route("b", "/old/ndbg.html", [Reply(301, b"", (("Location", "/old2/ndbg.html"),))])
    web.route("b", "/old2/ndbg.html", [Reply(302, b"", (("Location", f"{b}/col/ndbg.jsp?page=1"),))])

    def gbk_page(body: str, title: str = "") -> bytes:
        return html(body, title, charset=None, encoding="gbk")

    web.route("b", "/col/ndbg.jsp?page=1", page(gbk_page(
        '<table><tr><td><a href="/art/2024/1/20/art_1_101.html" target="_blank">某县2023年政府信息公开工作年度报告</a>'
        "</td><td>2024-01-20</td></tr>"
        '<tr><td><a href="/art/2023/1/18/art_1_102.html">某县人民政府办公室2022年度信息公开年报</a></td></tr>'
        '<tr><td><a href="/art/2023/5/1/art_1_900.html">关于开展2023年度企业年报工作的通知</a></td></tr></table>'
        '<div><a href="ndbg.jsp?page=2">下一页</a> <a href="ndbg.jsp?page=3">尾页</a></div>', "年报专栏"), gbk))
    web.route("b", "/col/ndbg.jsp?page=2", page(gbk_page(
        '<a href="/art/2022/1/10/art_1_103.html">2021年度政府信息公开工作年度报告</a>'
        '<a href="/art/2022/6/1/art_1_104.html">某县2021年度决算报告</a>'
        '<a href="ndbg.jsp?page=1">上一页</a> <a href="ndbg.jsp?page=3">下一页</a>'), gbk))
    web.route("b", "/col/ndbg.jsp?page=3", page(gbk_page(
        '<a href="/uploadfile/2020ndbg.pdf">2020年政府信息公开工作年度报告.pdf</a>'
        '<a href="http://192.168.1.1/ndbg.pdf">2019年政府信息公开年报</a>'
        '<a href="ndbg.jsp?page=2">上一页</a>'), gbk))
    web.route("b", "/art/2024/1/20/art_1_101.html", page(gbk_page(
        "<h1>某县2023年政府信息公开工作年度报告</h1><p>正文。</p>"
        '<a href="/module/download/downfile.jsp?classid=0&amp;filename=abc.pdf">附件下载</a>'), gbk))
    web.route("b", "/module/download/downfile.jsp?classid=0&filename=abc.pdf", [Reply(200, PDF + b"b2023", (
        ("Content-Disposition", "attachment; filename=" + latin1("某县2023年报.pdf".encode("gbk"))),))])
    web.route("b", "/art/2023/1/18/art_1_102.html", page(gbk_page(
        '<h1>某县人民政府办公室2022年度信息公开年报</h1><a href="/uploadfile/2022ndbg.doc">点击下载</a>'),
        "application/octet-stream"))
    web.route("b", "/uploadfile/2022ndbg.doc", page(OLE + b"b2022", "application/msword"))
    web.route("b", "/art/2022/1/10/art_1_103.html", [Reply(503, b""), Reply(502, b""), *page(gbk_page(
        '<h1>2021年度政府信息公开工作年度报告</h1><iframe src="/uploadfile/2021ndbg.pdf"></iframe>'), gbk)])
    web.route("b", "/uploadfile/2021ndbg.pdf", page(PDF + b"b2021", "application/pdf"))
    web.route("b", "/uploadfile/2020ndbg.pdf", page(PDF + b"b2020", "application/pdf"))
    for path in ("/art/2023/5/1/art_1_900.html", "/art/2022/6/1/art_1_104.html"):
        web.route("b", path, page(gbk_page("<p>其他</p>"), gbk))
    # ---------------- host c: homepage → column, redirects, bombs --------------------------------
    web.route("c", "/robots.txt", page(
        b"User-agent: *\nDisallow: /admin/\n\nUser-agent: ogi-extract\nDisallow: /secret/\n", "text/plain"))
    web.route("c", "/", page(html(
        '<a href="/zfxxgk/ndbg/">政府信息公开年报</a> <a href="/news/">新闻动态</a>'
        '<a href="/secret/2023.htm">2023年度政府信息公开工作年度报告（草稿）</a>'
        '<a href="http://192.168.1.1/">2023年度政府信息公开工作年度报告</a>', "某局门户")))
    web.route("c", "/zfxxgk/ndbg/", page(html(
        '<a href="redir2023">2023年度政府信息公开工作年度报告</a>'
        '<a href="2022.htm">2022年度政府信息公开工作年度报告</a>'
        '<div class="page"><a href="index_1.html">下一页</a></div>', "年报")))
    web.route("c", "/zfxxgk/ndbg/index_1.html", page(html(
        '<a href="/zfxxgk/ndbg/2021.htm">2021年度政府信息公开工作年度报告</a><a href="./">上一页</a>')))
    web.route("c", "/zfxxgk/ndbg/redir2023", [Reply(302, b"", (("Location", "http://10.0.0.1/ndbg/2023.htm"),))])
    web.route("c", "/zfxxgk/ndbg/2022.htm", page(html(
        '<h1>2022年度政府信息公开工作年度报告</h1><a href="/files/2022.pdf">附件：2022年报.pdf</a>'
        '<a href="/files/bomb.pdf">附件：统计数据.pdf</a>')))
    web.route("c", "/files/2022.pdf", [Reply(200, PDF + b"c2022", (("Content-Type", "application/pdf"),), delay=0.8),
                                       Reply(200, PDF + b"c2022", (("Content-Type", "application/pdf"),))])
    bomb = gzip.compress(b"\x00" * (8 * 1024 * 1024), compresslevel=9)
    web.route("c", "/files/bomb.pdf", page(bomb, "application/pdf"))
    web.hosts["c"].routes["/files/bomb.pdf"] = [Reply(200, bomb, (("Content-Type", "application/pdf"),
                                                                  ("Content-Encoding", "gzip")))]
    web.route("c", "/zfxxgk/ndbg/2021.htm", page(html(
        '<h1>2021年度政府信息公开工作年度报告</h1><a href="/download.jsp?id=7">附件</a>')))
    web.route("c", "/download.jsp?id=7", [Reply(200, PDF + b"c2021", (
        ("Content-Disposition", 'attachment; filename="../../../../tmp/evil.pdf"'),))])
    for path in ("/news/", "/secret/2023.htm", "/admin/"):
        web.route("c", path, page(html("<p>x</p>")))

    return Expected(
        reports=frozenset({
            f"{a}/xxgk/ndbg/202403/t20240315_87885.htm", f"{a}/xxgk/ndbg/202303/t20230320_70001.htm",
            f"{a}/xxgk/ndbg/202203/t20220310_60001.htm", f"{a}/xxgk/ndbg/P020210301.pdf",
            f"{a}/xxgk/ndbg/202103/t20210301_50001.htm",
            f"{b}/art/2024/1/20/art_1_101.html", f"{b}/art/2023/1/18/art_1_102.html",
            f"{b}/art/2022/1/10/art_1_103.html", f"{b}/uploadfile/2020ndbg.pdf",
            f"{c}/zfxxgk/ndbg/2022.htm", f"{c}/zfxxgk/ndbg/2021.htm"}),
        attachments=frozenset({
            f"{a}/xxgk/ndbg/202403/P020240315_1.pdf", f"{a}/download.jsp?id=87885",
            f"{a}/xxgk/ndbg/202303/P020230320.docx", f"{a}/download.jsp?id=60001", f"{a}/download.jsp?id=2020",
            f"{b}/module/download/downfile.jsp?classid=0&filename=abc.pdf", f"{b}/uploadfile/2022ndbg.doc",
            f"{b}/uploadfile/2021ndbg.pdf", f"{c}/files/2022.pdf", f"{c}/download.jsp?id=7"}),
        lists=frozenset({
            f"{a}/xxgk/ndbg/index.html", f"{a}/xxgk/ndbg/index_1.html", f"{a}/xxgk/ndbg/index_2.html",
            f"{b}/old/ndbg.html", f"{b}/col/ndbg.jsp?page=1", f"{b}/col/ndbg.jsp?page=2", f"{b}/col/ndbg.jsp?page=3",
            f"{c}/", f"{c}/zfxxgk/ndbg/", f"{c}/zfxxgk/ndbg/index_1.html"}),
        failed=frozenset({f"{c}/files/bomb.pdf"}),
        never=frozenset({"http://10.0.0.1/xxgk/ndbg/2023.pdf", "http://10.0.0.1/ndbg/2023.htm",
                         "http://192.168.1.1/ndbg.pdf", "http://192.168.1.1/"}),
        disallowed_paths=(("a", "/private/"), ("c", "/secret/"), ("c", "/admin/")),
        same_bytes=frozenset({f"{a}/xxgk/ndbg/P020210301.pdf", f"{a}/download.jsp?id=2020"}),
        start_urls=(f"{a}/xxgk/ndbg/index.html", f"{b}/old/ndbg.html", f"{c}/"),
    )

