"""``extract crawl``: find and download annual reports into a content-addressed store."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from extractor.errors import FetchError
from extractor.fetch.crawler import Crawler
from extractor.fetch.progress import ProgressLine, format_summary
from extractor.fetch.settings import DEFAULT_USER_AGENT, CrawlSettings, Seed
from extractor.fetch.sources import read_sources

_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


class ByteSize(click.ParamType[int]):
    name = "SIZE"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip().lower().removesuffix("b").removesuffix("i")
        unit = text[-1:] if text[-1:] in _UNITS else ""
        try:
            number = float(text[: len(text) - len(unit)])
        except ValueError:
            self.fail(f"{value!r} is not a size such as 500000, 800K or 100M", param, ctx)
        return int(number * _UNITS[unit])


HELP = f"""Find 政府信息公开工作年度报告 on agency websites and download them into STORE.

\b
Starts from URL... (or the URLs of --sources), follows report columns and
list pagination (index_1.html, createPageHTML(...), 下一页, ?page=), and
downloads each report page and its attachments (PDF, DOC, DOCX, WPS, XLS...).
Only the domains of the start URLs are visited; robots.txt is obeyed;
each host gets one request at a time, at least --delay seconds apart
(more when it is slow). A killed crawl resumes where it stopped when run
again with the same --store; a finished one re-crawls with conditional
requests (ETag / Last-Modified).

\b
Examples:
  extract crawl https://www.pingtan.gov.cn/xxgk/ndbg/ --store reports/
  extract crawl --sources agencies.toml --store reports/ --contact me@uni.edu
  extract crawl --sources agencies.csv --store reports/ --delay 2 --max-pages 500

\b
The store holds objects/ab/<sha256>.<ext> and <sha256>.json (every URL,
final URL, status, headers, time, agency, year and its evidence), plus
crawl.sqlite (the resumable state). Read it with
extractor.fetch.store.iter_store(STORE).

Default User-Agent: "{DEFAULT_USER_AGENT}".
Exit status: 0 when every URL was fetched or refused by policy, 1 when some
failed (one line per failure on stderr), 2 on bad usage.
"""


@click.command("crawl", help=HELP)
@click.argument("urls", nargs=-1)
@click.option("--store", "store", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the content-addressed store and the crawl state.")
@click.option("--sources", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CSV or TOML file of agencies: name, level, region, start URLs.")
@click.option("--delay", type=click.FloatRange(min=0), default=CrawlSettings.delay, show_default=True,
              help="Minimum seconds between requests to one host (the floor of the adaptive delay).")
@click.option("--max-delay", type=click.FloatRange(min=0), default=CrawlSettings.max_delay, show_default=True,
              help="Ceiling of the adaptive per-host delay, seconds.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=CrawlSettings.read_timeout, show_default=True,
              help="Read timeout in seconds (connect timeout: the smaller of this and 10 s).")
@click.option("--max-bytes", type=ByteSize(), default=CrawlSettings.max_bytes, show_default=True,
              help="Largest download (after decompression), e.g. 800K, 100M; bigger ones are aborted.")
@click.option("--max-pages", type=click.IntRange(min=1), default=None,
              help="Stop after this many fetches; run again to continue.")
@click.option("--retries", type=click.IntRange(min=0), default=CrawlSettings.max_retries, show_default=True,
              help="Retries after a timeout, a broken connection or 408/429/500/502/503/504.")
@click.option("--backoff", type=click.FloatRange(min=0), default=CrawlSettings.backoff, show_default=True,
              help="Seconds before the first retry (doubling after; a Retry-After header wins).")
@click.option("--parallel-hosts", type=click.IntRange(min=1), default=CrawlSettings.parallel_hosts,
              show_default=True, help="Hosts crawled at the same time (one connection each).")
@click.option("--user-agent", default=DEFAULT_USER_AGENT, help="User-Agent header sent and matched in robots.txt.")
@click.option("--contact", default=None, help="An e-mail or URL added to the User-Agent so admins can reach you.")
@click.option("--allow-private-addresses", is_flag=True,
              help="Allow hosts that resolve to private or loopback addresses (for test servers).")
@click.option("--quiet", "-q", is_flag=True, help="No progress line; only failures and the summary.")
@click.option("--verbose", "-v", is_flag=True, help="Log every fetch decision (refusals, retries).")
def crawl(urls: tuple[str, ...], store: Path, sources: Path | None, delay: float, max_delay: float,
          timeout: float, max_bytes: int, max_pages: int | None, retries: int, backoff: float,
          parallel_hosts: int, user_agent: str,
          contact: str | None, allow_private_addresses: bool, quiet: bool, verbose: bool) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING if not quiet else logging.ERROR,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        seeds = [Seed(u) for u in urls] + (read_sources(sources) if sources else [])
        if not seeds:
            raise click.UsageError("give at least one URL or --sources FILE")
        settings = CrawlSettings(
            user_agent=user_agent, contact=contact, delay=delay, max_delay=max(max_delay, delay),
            read_timeout=timeout, connect_timeout=min(timeout, 10.0), max_bytes=max_bytes,
            max_pages=max_pages, max_retries=retries, backoff=backoff, parallel_hosts=parallel_hosts, allow_private_addresses=allow_private_addresses)
        progress = None if quiet else ProgressLine()
        try:
            result = Crawler(store, settings, on_progress=progress).run(seeds)
        finally:
            if progress is not None:
                progress.close()
    except (FetchError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    for failure in result.failures:
        click.echo(f"FAILED {failure.url}: {failure.reason} {failure.detail}".rstrip(), err=True)
    click.echo(format_summary(result), err=True)
    if not result.ok:
        sys.exit(1)
