"""End to end on the mock government web: recall, politeness, safety, provenance."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from extractor.fetch import Crawler, CrawlResult, Seed, iter_store
from extractor.fetch.settings import DEFAULT_USER_AGENT
from extractor.fetch.state import CrawlState, UrlRecord
from extractor.fetch.store import ObjectStore
from tests.fetch.conftest import FAST
from tests.fetch.mockweb import DOCX, PDF, Expected, MockWeb, build


@dataclass
class Crawl:
    web: MockWeb
    expected: Expected
    result: CrawlResult
    store: Path
    records: dict[str, UrlRecord]
    connects: list[Any]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    web = MockWeb()
    expected = build(web)
    web.start()
    connects: list[Any] = []
    real_connect = socket.socket.connect

    def spy(self: socket.socket, address: Any) -> Any:
        connects.append(address)
        return real_connect(self, address)

    socket.socket.connect = spy  # type: ignore[method-assign,assignment]
    try:
        store = tmp_path_factory.mktemp("store")
        seeds = [Seed(u, agency=f"agency-{i}", level="county", region="350128")
                 for i, u in enumerate(expected.start_urls)]
        result = Crawler(store, FAST, seed=1).run(seeds)
    finally:
        socket.socket.connect = real_connect  # type: ignore[method-assign]
    state = CrawlState(store / "crawl.sqlite")
    records = {r.url: r for r in state.records()}
    state.close()
    yield Crawl(web, expected, result, store, records, connects)
    web.stop()


def test_every_report_attachment_and_list_page_is_found(crawl: Crawl) -> None:
    done = {url for url, r in crawl.records.items() if r.status == "done"}
    for kind, urls in (("report", crawl.expected.reports), ("attachment", crawl.expected.attachments),
                       ("list", crawl.expected.lists)):
        assert urls <= done, f"missing {kind}: {sorted(urls - done)}"
        assert {crawl.records[u].kind for u in urls} == {kind}
    assert done == crawl.expected.reports | crawl.expected.attachments | crawl.expected.lists
    assert crawl.result.finished


def test_only_lists_reports_attachments_robots_and_redirect_hops_are_requested(crawl: Crawl) -> None:
    allowed = crawl.expected.reports | crawl.expected.attachments | crawl.expected.lists | crawl.expected.failed
    hops = {crawl.web.url("b", "/old2/ndbg.html"), crawl.web.url("c", "/zfxxgk/ndbg/redir2023")}
    for hit in crawl.web.hits:
        url = crawl.web.url(hit.host, hit.path)
        assert url in allowed | hops or hit.path == "/robots.txt", f"unexpected request {url}"
    assert sorted(crawl.web.paths("a")).count("/robots.txt") == 1


def test_no_request_to_a_path_robots_txt_disallows(crawl: Crawl) -> None:
    for host, prefix in crawl.expected.disallowed_paths:
        assert not [p for p in crawl.web.paths(host) if p.startswith(prefix)]
    refused = {u: r.reason for u, r in crawl.records.items() if r.status == "refused"}
    assert refused[crawl.web.url("a", "/private/ndbg/t20230301_1.htm")] == "robots"
    assert refused[crawl.web.url("c", "/secret/2023.htm")] == "robots"  # the group for our user agent


def test_requests_to_each_host_are_spaced_by_the_delay(crawl: Crawl) -> None:
    for host in crawl.web.hosts:
        times = sorted(h.time for h in crawl.web.hits if h.host == host)
        assert len(times) > 5
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        assert min(gaps) >= FAST.delay, (host, min(gaps))


def test_private_addresses_are_refused_before_any_connection(crawl: Crawl) -> None:
    for url in crawl.expected.never - {"http://10.0.0.1/ndbg/2023.htm"}:  # linked: refused when seen
        assert crawl.records[url].status == "refused" and crawl.records[url].reason == "out_of_scope"
    redirect = crawl.records[crawl.web.url("c", "/zfxxgk/ndbg/redir2023")]
    assert (redirect.status, redirect.reason) == ("refused", "out_of_scope")
    assert "10.0.0.1" in (redirect.detail or "")
    hosts = {address[0] for address in crawl.connects}
    assert hosts == {"127.0.0.1"}, hosts


def test_retry_after_is_honoured(crawl: Crawl) -> None:
    times = [h.time for h in crawl.web.hits if h.host == "a" and h.path == "/download.jsp?id=60001"]
    assert len(times) == 2 and times[1] - times[0] >= 1.0


def test_bursts_of_5xx_timeouts_and_truncation_are_retried(crawl: Crawl) -> None:
    statuses = [h.status for h in crawl.web.hits if h.path == "/xxgk/ndbg/202403/P020240315_1.pdf"]
    assert statuses == [500, 500, 200]
    assert [h.status for h in crawl.web.hits if h.path == "/art/2022/1/10/art_1_103.html"] == [503, 502, 200]
    assert len([h for h in crawl.web.hits if h.path == "/files/2022.pdf"]) == 2  # first one hung
    docx = crawl.records[crawl.web.url("a", "/xxgk/ndbg/202303/P020230320.docx")]
    store = ObjectStore(crawl.store)
    assert store.read_bytes(docx.sha256 or "") == DOCX + b"a2022" * 50  # not the truncated half


def test_decompression_bomb_is_aborted(crawl: Crawl) -> None:
    bomb = crawl.records[crawl.web.url("c", "/files/bomb.pdf")]
    assert (bomb.status, bomb.reason) == ("failed", "too_large")
    assert [f.url for f in crawl.result.failures] == [crawl.web.url("c", "/files/bomb.pdf")]


def test_wrong_content_type_is_overruled_by_magic_bytes(crawl: Crawl) -> None:
    pdf = crawl.records[crawl.web.url("a", "/xxgk/ndbg/202403/P020240315_1.pdf")]  # served as text/html
    stored = ObjectStore(crawl.store).get(pdf.sha256 or "")
    assert stored is not None and (stored.media_type, stored.extension) == ("application/pdf", "pdf")
    assert stored.sources[0].header("Content-Type") == "text/html"


def test_the_same_report_under_two_urls_is_stored_once(crawl: Crawl) -> None:
    shas = {crawl.records[u].sha256 for u in crawl.expected.same_bytes}
    assert len(shas) == 1
    stored = ObjectStore(crawl.store).get(shas.pop() or "")
    assert stored is not None
    assert {s.url for s in stored.sources} == crawl.expected.same_bytes
    objects = [p for p in (crawl.store / "objects").rglob("*") if p.is_file() and p.suffix != ".json"]
    assert len(objects) == len({r.sha256 for r in crawl.records.values() if r.status == "done"})
    assert ObjectStore(crawl.store).read_bytes(stored.sha256) == PDF + b"a2020"


def test_attachment_names_from_content_disposition(crawl: Crawl) -> None:
    store = ObjectStore(crawl.store)

    def source_of(host: str, path: str) -> Any:
        url = crawl.web.url(host, path)
        stored = store.get(crawl.records[url].sha256 or "")
        assert stored is not None
        return next(s for s in stored.sources if s.url == url)

    assert source_of("a", "/download.jsp?id=87885").filename == "2023年统计表.xls"  # GBK bytes
    assert source_of("a", "/download.jsp?id=60001").filename == "2021年报.wps"  # RFC 5987
    assert source_of("a", "/download.jsp?id=2020").filename == "平潭2020年年报.pdf"
    assert source_of("b", "/module/download/downfile.jsp?classid=0&filename=abc.pdf").filename == "某县2023年报.pdf"
    evil = source_of("c", "/download.jsp?id=7")
    assert evil.filename == "evil.pdf"
    root = crawl.store.resolve()
    for path in root.rglob("*"):
        assert path.resolve().is_relative_to(root)
    assert not Path("/tmp/evil.pdf").exists()


def test_provenance_of_reports_and_attachments(crawl: Crawl) -> None:
    items = {i.url: i for i in iter_store(crawl.store)}
    assert set(items) == (crawl.expected.reports | crawl.expected.attachments) - {
        crawl.web.url("a", "/download.jsp?id=2020")}  # stored once, under the report's URL
    report = items[crawl.web.url("a", "/xxgk/ndbg/202403/t20240315_87885.htm")]
    assert (report.year, report.source.year_source, report.agency) == (2023, "link_text", "agency-0")
    assert report.source.referrer == crawl.web.url("a", "/xxgk/ndbg/index.html")
    assert report.source.level == "county" and report.source.region == "350128"
    assert report.media_type == "text/html" and report.path.read_bytes().startswith(b"<!DOCTYPE html>")
    xls = items[crawl.web.url("a", "/download.jsp?id=87885")]
    assert (xls.year, xls.source.year_source, xls.kind) == (2023, "report_page", "attachment")
    assert xls.path.suffix == ".xls" and xls.source.referrer == report.url
    gbk = items[crawl.web.url("b", "/art/2023/1/18/art_1_102.html")]
    assert gbk.year == 2022 and gbk.agency == "agency-1"
    start = json.loads((crawl.store / "objects").joinpath(
        crawl.records[crawl.web.url("b", "/old/ndbg.html")].sha256[:2],  # type: ignore[index]
        f"{crawl.records[crawl.web.url('b', '/old/ndbg.html')].sha256}.json").read_text("utf-8"))
    source = next(s for s in start["sources"] if s["url"] == crawl.web.url("b", "/old/ndbg.html"))
    assert source["final_url"] == crawl.web.url("b", "/col/ndbg.jsp?page=1")
    assert source["redirects"] == [crawl.web.url("b", "/old/ndbg.html"), crawl.web.url("b", "/old2/ndbg.html")]
    assert source["status"] == 200 and source["fetched_at"].endswith("+00:00")


def test_gbk_page_without_meta_charset_is_read(crawl: Crawl) -> None:
    record = crawl.records[crawl.web.url("b", "/art/2024/1/20/art_1_101.html")]
    assert record.link_text == "某县2023年政府信息公开工作年度报告"
    assert record.year == 2023


def test_identifying_user_agent_is_sent(crawl: Crawl) -> None:
    assert {h.headers.get("User-Agent") for h in crawl.web.hits} == {DEFAULT_USER_AGENT}


def test_list_pagination_in_every_style_is_followed(crawl: Crawl) -> None:
    lists = {urlsplit(u).path + ("?" + urlsplit(u).query if urlsplit(u).query else "")
             for u, r in crawl.records.items() if r.kind == "list" and r.status == "done"}
    assert {"/xxgk/ndbg/index_1.html", "/xxgk/ndbg/index_2.html",  # createPageHTML
            "/col/ndbg.jsp?page=2", "/col/ndbg.jsp?page=3",  # 下一页 / ?page=
            "/zfxxgk/ndbg/", "/zfxxgk/ndbg/index_1.html"} <= lists  # column link, index_1.html
