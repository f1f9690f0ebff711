"""The crawl: a scheduler hands each host with pending URLs to one worker thread.

Per URL: policy (scope, robots, address) → fetch (throttled, retried) → sniff → discover
links → store bytes with provenance → record the outcome and new URLs in one transaction.
"""

from __future__ import annotations

import fcntl
import logging
import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from extractor.errors import FetchError
from extractor.fetch.content import decode_html, filename_from_disposition, sniff_media_type
from extractor.fetch.discover import (
    Kind,
    Link,
    Year,
    find_attachments,
    find_list_links,
    infer_year,
    parse_page,
    year_from_filename,
)
from extractor.fetch.http import Fetcher, FetchResult, Outcome
from extractor.fetch.robots import RobotsFile, RobotsPolicy
from extractor.fetch.safety import AddressGuard
from extractor.fetch.settings import CrawlSettings, Seed
from extractor.fetch.state import CrawlState, UrlRecord
from extractor.fetch.store import ObjectStore, Source, sha256_hex
from extractor.fetch.throttle import HostThrottle
from extractor.fetch.urls import Scope, host_key, normalise_url

logger = logging.getLogger(__name__)

STATE_FILE = "crawl.sqlite"
LOCK_FILE = ".lock"


@dataclass(frozen=True)
class CrawlStats:
    hosts: int = 0
    active_hosts: int = 0
    lists: int = 0
    reports: int = 0
    attachments: int = 0
    bytes: int = 0
    failed: int = 0
    refused: int = 0
    pending: int = 0
    elapsed: float = 0.0


@dataclass(frozen=True)
class Failure:
    url: str
    kind: str
    reason: str
    detail: str


@dataclass(frozen=True)
class CrawlResult:
    run_id: str
    resumed: bool
    finished: bool
    stats: CrawlStats
    failures: tuple[Failure, ...]
    refusals: tuple[Failure, ...]

    @property
    def ok(self) -> bool:
        return not self.failures


ProgressCallback = Callable[[CrawlStats], None]


@contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise FetchError(f"{path.parent} is being crawled by another process") from exc
        yield
    finally:
        os.close(fd)


class Crawler:
    """Crawls into one store folder. Make one per crawl; :meth:`run` may be called once."""

    def __init__(self, store_dir: Path, settings: CrawlSettings, *, guard: AddressGuard | None = None,
                 on_progress: ProgressCallback | None = None, seed: int | None = None) -> None:
        self.settings = settings
        self.store = ObjectStore(Path(store_dir))
        self._guard = guard or AddressGuard(allow_private=settings.allow_private_addresses)
        self._on_progress = on_progress
        self._rng = random.Random(seed)
        self._throttles: dict[str, HostThrottle] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._fetches = 0
        self._bytes = 0
        self._started = time.monotonic()

    # -- the pieces -------------------------------------------------------------------------
    def throttle_for(self, host: str) -> HostThrottle:
        with self._lock:
            if host not in self._throttles:
                self._throttles[host] = HostThrottle(self.settings, random.Random(self._rng.random()))
            return self._throttles[host]

    def _load_robots(self, site: str) -> RobotsFile:
        cached = self._state.load_robots(site)
        if cached is not None:
            return RobotsFile(site, cached[0], cached[1])
        result = self._fetcher.fetch(site + "/robots.txt", gate=self._scope_gate)
        response = result.response
        status = response.status if response else None
        if result.outcome is Outcome.FAILED and response is None and result.reason.startswith("http_"):
            status = int(result.reason[5:])
        text = response.body.decode("utf-8", errors="replace") if response and status == 200 else ""
        self._state.save_robots(site, status, text)
        logger.info("%s/robots.txt: status %s", site, status)
        return RobotsFile(site, status, text)

    def _scope_gate(self, url: str) -> str | None:
        return None if self._scope.contains(url) else "out_of_scope"

    def _gate(self, url: str) -> str | None:
        if not self._scope.contains(url):
            return "out_of_scope"
        if not self._guard.check(url).allowed:  # before robots.txt, which would need a request
            return "private_address"
        if self.settings.obey_robots:
            if not self._robots.allowed(url):
                return "robots"
            crawl_delay = self._robots.crawl_delay(url)
            if crawl_delay:
                self.throttle_for(host_key(url)).raise_floor(crawl_delay)
        return None

    # -- the run ------------------------------------------------------------------------------
    def run(self, seeds: list[Seed]) -> CrawlResult:
        valid: list[Seed] = []
        for seed in seeds:
            url = normalise_url(seed.url)
            if url is None:
                raise FetchError(f"not an http(s) URL: {seed.url!r}")
            valid.append(replace(seed, url=url))
        self.store.open()
        with _exclusive(self.store.root / LOCK_FILE):
            self._state = CrawlState(self.store.root / STATE_FILE)
            try:
                return self._run(valid)
            finally:
                self._state.close()

    def _run(self, seeds: list[Seed]) -> CrawlResult:
        self._scope = Scope.from_urls([s.url for s in seeds])
        records = [UrlRecord(url=s.url, host=host_key(s.url), kind=Kind.LIST.value, agency=s.agency,
                             level=s.level, region=s.region) for s in seeds]
        self._run_id, resumed = self._state.begin_run(records)
        logger.info("%s run %s into %s", "resuming" if resumed else "starting", self._run_id, self.store.root)
        self._index = self.store.url_index()
        self._fetcher = Fetcher(self.settings, self._guard, self.throttle_for)
        self._robots = RobotsPolicy(self.settings.user_agent_header, self._load_robots)
        finished = False
        try:
            finished = self._schedule()
        finally:
            self._fetcher.close()
        if finished:
            self._state.finish_run()
        return self._result(resumed, finished)

    def _schedule(self) -> bool:
        active: dict[Future[None], str] = {}
        with ThreadPoolExecutor(self.settings.parallel_hosts, thread_name_prefix="crawl") as pool:
            try:
                while True:
                    busy = set(active.values())
                    pending = self._state.pending_hosts()
                    if not self._stop.is_set():
                        for host in pending:
                            if host not in busy and len(active) < self.settings.parallel_hosts:
                                active[pool.submit(self._crawl_host, host)] = host
                                busy.add(host)
                    if not active:
                        return not pending
                    done, _ = wait(active, timeout=0.5, return_when=FIRST_COMPLETED)
                    for future in done:
                        host = active.pop(future)
                        if future.exception() is not None:
                            logger.error("worker for %s crashed", host, exc_info=future.exception())
                    self._progress(len(pending), len(active))
            except BaseException:
                self._stop.set()
                raise

    def _progress(self, hosts: int, active: int) -> None:
        if self._on_progress is None:
            return
        counts = self._counts()
        self._on_progress(replace(counts, hosts=max(hosts, active), active_hosts=active))

    def _counts(self) -> CrawlStats:
        done, size, other, hosts = self._state.summary()
        return CrawlStats(hosts, 0, done.get("list", 0), done.get("report", 0), done.get("attachment", 0),
                          size, other.get("failed", 0), other.get("refused", 0), other.get("pending", 0),
                          time.monotonic() - self._started)

    def _result(self, resumed: bool, finished: bool) -> CrawlResult:
        records = self._state.records()
        failures = tuple(Failure(r.url, r.kind, r.reason or "", r.detail or "") for r in records
                         if r.status == "failed")
        refusals = tuple(Failure(r.url, r.kind, r.reason or "", r.detail or "") for r in records
                         if r.status == "refused")
        return CrawlResult(self._run_id, resumed, finished, self._counts(), failures, refusals)

    def _take_fetch(self) -> bool:
        with self._lock:
            if self.settings.max_pages is not None and self._fetches >= self.settings.max_pages:
                self._stop.set()
                return False
            self._fetches += 1
            return True

    def _crawl_host(self, host: str) -> None:
        while not self._stop.is_set():
            record = self._state.next_pending(host)
            if record is None or not self._take_fetch():
                return
            try:
                self._process(record)
            except Exception as exc:  # a bug: record it and carry on with the next URL
                logger.exception("unexpected error on %s", record.url)
                self._state.complete(replace(record, status="failed", reason="bug",
                                             detail=f"{type(exc).__name__}: {exc}"))

    # -- one URL --------------------------------------------------------------------------------
    def _process(self, record: UrlRecord) -> None:
        if not self._scope.contains(record.url):
            self._state.complete(replace(record, status="refused", reason="out_of_scope"))
            return
        previous = self._index.get(record.url)
        if previous is not None and previous[1].run_id == self._run_id:
            body = self.store.read_bytes(previous[0])
            if body is not None:  # fetched by this run before a kill: no second download
                self._handle(record, previous[1], body, reused=True)
                return
        conditional: tuple[tuple[str, str], ...] = ()
        if previous is not None:
            etag, modified = previous[1].header("ETag"), previous[1].header("Last-Modified")
            conditional = tuple((k, v) for k, v in (("If-None-Match", etag), ("If-Modified-Since", modified)) if v)
        result = self._fetcher.fetch(record.url, gate=self._gate, conditional=conditional)
        if result.outcome in (Outcome.REFUSED, Outcome.FAILED):
            self._end_unfetched(record, result)
            return
        response = result.response
        assert response is not None
        if result.outcome is Outcome.NOT_MODIFIED and previous is None:
            self._end_unfetched(record, replace(result, outcome=Outcome.FAILED, reason="unexpected_304"))
            return
        if result.outcome is Outcome.NOT_MODIFIED and previous is not None:
            body = self.store.read_bytes(previous[0])
            if body is not None:
                source = replace(previous[1], run_id=self._run_id, fetched_at=response.fetched_at,
                                 referrer=record.referrer)
                self._handle(record, source, body, reused=False)
                return
            result = self._fetcher.fetch(record.url, gate=self._gate)  # stored bytes lost: fetch again
            if result.response is None or result.outcome is not Outcome.OK:
                self._end_unfetched(record, result)
                return
            response = result.response
        source = Source(url=record.url, final_url=response.final_url, status=response.status,
                        fetched_at=response.fetched_at, kind=record.kind, run_id=self._run_id,
                        headers=response.headers, redirects=response.redirects, referrer=record.referrer,
                        link_text=record.link_text,
                        filename=filename_from_disposition(response.header("Content-Disposition")),
                        agency=record.agency, level=record.level, region=record.region,
                        year=record.year, year_source=record.year_source)
        self._handle(record, source, response.body, reused=False)

    def _end_unfetched(self, record: UrlRecord, result: FetchResult) -> None:
        status = "refused" if result.outcome is Outcome.REFUSED else "failed"
        log = logger.info if status == "refused" else logger.warning
        log("%s %s: %s %s", status, record.url, result.reason, result.detail)
        response = result.response
        self._state.complete(replace(record, status=status, reason=result.reason, detail=result.detail[:500],
                                     http_status=response.status if response else None))

    def _handle(self, record: UrlRecord, source: Source, body: bytes, reused: bool) -> None:
        media = sniff_media_type(body, source.filename, source.final_url, source.header("Content-Type"))
        links: list[Link] = []
        year = Year(record.year, record.year_source)
        if media.extension == "html":
            text, _ = decode_html(body, source.header("Content-Type"))
            page = parse_page(text, source.final_url)
            if record.kind == Kind.REPORT:
                links = find_attachments(page)
                if year.value is None:
                    year = infer_year(page.title, source="title")
            elif record.kind == Kind.LIST and not self._state.has_list_content(
                    sha256_hex(body), record.url):
                links = find_list_links(page, self.settings.max_list_pages)
        elif year.value is None:
            year = year_from_filename(source.filename)
            if year.value is None:
                year = infer_year("", source.url)
        source = replace(source, year=year.value, year_source=year.source)
        stored = self.store.put(body, media.media_type, media.extension, source)
        with self._lock:
            self._index[record.url] = (stored.sha256, source)
        if not reused:
            logger.debug("stored %s (%s, %d bytes) as %s", record.url, media.extension, len(body), stored.sha256)
        children = self._children(record, source, links)
        self._state.complete(replace(record, status="done", reason="reused" if reused else None,
                                     sha256=stored.sha256, final_url=source.final_url,
                                     http_status=source.status, bytes=len(body), year=year.value,
                                     year_source=year.source), children)

    def _children(self, parent: UrlRecord, source: Source, links: list[Link]) -> list[UrlRecord]:
        children: list[UrlRecord] = []
        lists_left: int | None = None
        for link in links:
            in_scope = self._scope.contains(link.url)
            if link.kind is Kind.LIST and in_scope:
                if lists_left is None:
                    lists_left = self.settings.max_list_pages - self._state.count_lists(host_key(link.url))
                if lists_left <= 0:
                    continue
                lists_left -= 1
            year = link.year
            if year.value is None and link.kind is Kind.ATTACHMENT:
                year = Year(source.year, "report_page" if source.year is not None else None)
            children.append(UrlRecord(
                url=link.url, host=host_key(link.url), kind=link.kind.value,
                status="pending" if in_scope else "refused", reason=None if in_scope else "out_of_scope",
                referrer=source.final_url, link_text=link.text[:300] or None, agency=parent.agency,
                level=parent.level, region=parent.region, year=year.value, year_source=year.source))
            if not in_scope:
                logger.info("refused %s: out of scope (linked from %s)", link.url, source.final_url)
        return children

