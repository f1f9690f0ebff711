"""The store, the sources file, re-crawling with conditional requests, and the command."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.errors import FetchError
from extractor.fetch import Crawler, Seed, iter_store
from extractor.fetch.cli import crawl
from extractor.fetch.settings import CrawlSettings
from extractor.fetch.sources import read_sources
from extractor.fetch.store import ObjectStore, Source, sha256_hex
from tests.fetch.mockweb import PDF, Expected, MockWeb


def source(url: str, kind: str = "report", **kw: object) -> Source:
    return Source(url=url, final_url=url, status=200, fetched_at="2026-11-26T00:00:00.000+00:00", kind=kind,
                  run_id="r1", **kw)  # type: ignore[arg-type]


def test_same_bytes_under_two_urls_are_one_object_with_both_urls(tmp_path: Path) -> None:
    store = ObjectStore(tmp_path)
    store.open()
    body = PDF + b"2023"
    store.put(body, "application/pdf", "pdf", source("http://x.gov.cn/a.pdf", agency="某局", year=2023))
    store.put(body, "application/pdf", "pdf", source("http://x.gov.cn/download.jsp?id=1", kind="attachment"))
    store.put(body, "application/pdf", "pdf", source("http://x.gov.cn/a.pdf", agency="某局", year=2023))
    sha = sha256_hex(body)
    files = sorted(p.name for p in (tmp_path / "objects" / sha[:2]).iterdir())
    assert files == [f"{sha}.json", f"{sha}.pdf"]
    [item] = list(iter_store(tmp_path))
    assert (item.url, item.agency, item.year, item.media_type) == ("http://x.gov.cn/a.pdf", "某局", 2023,
                                                                   "application/pdf")
    assert item.urls == ("http://x.gov.cn/a.pdf", "http://x.gov.cn/download.jsp?id=1")
    assert item.path.read_bytes() == body and item.sha256 == sha
    assert list(iter_store(tmp_path, kinds=("list",))) == []
    assert list((tmp_path / "tmp").iterdir()) == []


def test_leftover_temp_files_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    (tmp_path / "tmp").mkdir()
    (tmp_path / "tmp" / "abc.json.x1y2").write_bytes(b"half")
    ObjectStore(tmp_path).open()
    assert list((tmp_path / "tmp").iterdir()) == []


def test_sources_csv_and_toml(tmp_path: Path) -> None:
    csv_file = tmp_path / "agencies.csv"
    csv_file.write_text("agency,level,region,urls\n平潭综合实验区管委会,county,350128,"
                        "http://a.gov.cn/ndbg/ http://a.gov.cn/zfxxgk/\n", encoding="utf-8-sig")
    assert read_sources(csv_file) == [Seed("http://a.gov.cn/ndbg/", "平潭综合实验区管委会", "county", "350128"),
                                      Seed("http://a.gov.cn/zfxxgk/", "平潭综合实验区管委会", "county", "350128")]
    toml_file = tmp_path / "agencies.toml"
    toml_file.write_text('[[agency]]\nname = "某县人民政府"\nlevel = "county"\nregion = "350100"\n'
                         'urls = ["http://b.gov.cn/col/ndbg.jsp?page=1"]\n', encoding="utf-8")
    assert read_sources(toml_file) == [Seed("http://b.gov.cn/col/ndbg.jsp?page=1", "某县人民政府", "county", "350100")]
    bad = tmp_path / "bad.toml"
    bad.write_text('[[agency]]\nname = "x"\n', encoding="utf-8")
    with pytest.raises(FetchError, match=r"bad.toml: agency\[0\].urls"):
        read_sources(bad)


def test_recrawl_uses_conditional_requests_and_keeps_the_store(
        tmp_path: Path, web: tuple[MockWeb, Expected], settings: CrawlSettings) -> None:
    mock, expected = web
    seeds = [Seed(u) for u in expected.start_urls]
    first = Crawler(tmp_path, settings).run(seeds)
    objects = sorted(p.name for p in (tmp_path / "objects").rglob("*") if p.suffix != ".json")
    mock.reset()
    second = Crawler(tmp_path, settings).run(seeds)
    assert not second.resumed and second.finished and second.run_id != first.run_id
    assert sorted(p.name for p in (tmp_path / "objects").rglob("*") if p.suffix != ".json") == objects
    report = mock.url("a", "/xxgk/ndbg/202403/t20240315_87885.htm")
    [hit] = [h for h in mock.hits if mock.url(h.host, h.path) == report]
    assert hit.headers.get("If-None-Match") and hit.status == 304
    assert second.stats.reports == first.stats.reports and second.stats.attachments == first.stats.attachments
    item = next(i for i in iter_store(tmp_path) if i.url == report)
    assert item.source.run_id == second.run_id  # provenance says when it was last confirmed


def test_cli_crawls_prints_failures_and_exits_1(tmp_path: Path, web: tuple[MockWeb, Expected]) -> None:
    mock, expected = web
    sources = tmp_path / "agencies.toml"
    sources.write_text("".join(f'[[agency]]\nname = "机构{i}"\nurls = ["{u}"]\n'
                               for i, u in enumerate(expected.start_urls)), encoding="utf-8")
    result = CliRunner().invoke(crawl, [
        "--sources", str(sources), "--store", str(tmp_path / "store"), "--delay", "0.05", "--timeout", "0.5",
        "--backoff", "0.05", "--max-bytes", "1M", "--allow-private-addresses", "--quiet",
        "--contact", "data@uni.example.edu"])
    assert result.exit_code == 1, result.output
    assert f"FAILED {mock.url('c', '/files/bomb.pdf')}: too_large" in result.output
    assert "11 reports, 10 attachments" in result.output
    assert {h.headers["User-Agent"] for h in mock.hits} == {
        "ogi-extract/0.1 (+https://example.org/ogi-extract; research crawler; contact: data@uni.example.edu)"}
    assert {i.agency for i in iter_store(tmp_path / "store")} == {"机构0", "机构1", "机构2"}


def test_cli_max_pages_stops_and_a_rerun_continues(tmp_path: Path, web: tuple[MockWeb, Expected]) -> None:
    mock, expected = web
    args = [expected.start_urls[0], "--store", str(tmp_path), "--delay", "0.05", "--backoff", "0.05",
            "--allow-private-addresses", "--quiet", "--max-pages", "3"]
    result = CliRunner().invoke(crawl, args)
    assert result.exit_code == 0 and "stopped (run again to resume)" in result.output
    while "crawl finished" not in result.output:
        result = CliRunner().invoke(crawl, args)
    assert "5 reports, 5 attachments" in result.output


def test_cli_help_and_usage_errors() -> None:
    result = CliRunner().invoke(crawl, ["--help"])
    assert result.exit_code == 0 and "extract crawl --sources agencies.toml" in result.output
    assert CliRunner().invoke(crawl, ["--store", "x"]).exit_code == 2
    assert CliRunner().invoke(crawl, ["http://x", "--store", "x", "--max-bytes", "lots"]).exit_code == 2


def test_extract_reads_a_crawl_store(tmp_path: Path) -> None:
    """`extract STORE/` extracts every stored report, with its URL in the record."""
    import json

    from extractor.cli import main

    sample = Path(__file__).resolve().parents[2] / "samples" / "s001.html"
    store_dir = tmp_path / "store"
    store = ObjectStore(store_dir)
    store.open()
    store.put(sample.read_bytes(), "text/html", "html", source("http://127.0.0.1:1/202403/t20240315_1.htm"))
    result = CliRunner().invoke(main, [str(store_dir)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["source"]["url"] == "http://127.0.0.1:1/202403/t20240315_1.htm"
    assert record["cells"]["t2.licensing.decisions"]["value"] == 1260
