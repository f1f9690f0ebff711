"""A crawl killed with SIGKILL at five random moments ends exactly like an uninterrupted one."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from extractor.fetch.state import CrawlState
from extractor.fetch.store import ObjectStore
from tests.fetch.mockweb import MockWeb, build

ROOT = Path(__file__).resolve().parents[2]
VOLATILE_SOURCE_FIELDS = {"fetched_at", "run_id", "headers"}


def crawl_command(store: Path, start_urls: tuple[str, ...]) -> list[str]:
    return [sys.executable, "-m", "extractor.fetch", *start_urls, "--store", str(store), "--delay", "0.05",
            "--max-delay", "2", "--timeout", "0.5", "--backoff", "0.05", "--max-bytes", "1M",
            "--allow-private-addresses", "--quiet"]


def run(store: Path, start_urls: tuple[str, ...], kill_after: float | None = None) -> int:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(crawl_command(store, start_urls), cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if kill_after is not None:
        try:
            process.wait(kill_after)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
    _, stderr = process.communicate(timeout=60)
    if process.returncode not in (0, 1, -signal.SIGKILL):
        raise AssertionError(stderr.decode())
    return process.returncode


def stored_urls(store: Path) -> set[str]:
    return {s.url for stored in ObjectStore(store).iter_objects() for s in stored.sources}


def snapshot(store: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The store and state with times, run ids and the servers' Date headers left out."""
    objects: dict[str, Any] = {}
    for stored in ObjectStore(store).iter_objects():
        path = ObjectStore(store).path_of(stored.sha256)
        assert path is not None
        sources = sorted(repr(sorted((k, v) for k, v in vars(s).items() if k not in VOLATILE_SOURCE_FIELDS))
                         for s in stored.sources)
        objects[stored.sha256] = (path.name, stored.media_type, stored.size, sources)
    state = CrawlState(store / "crawl.sqlite")
    try:
        records = {r.url: (r.kind, r.status, None if r.reason == "reused" else r.reason, r.sha256, r.final_url,
                           r.http_status, r.year, r.year_source, r.referrer, r.bytes) for r in state.records()}
    finally:
        state.close()
    return objects, records


def test_sigkill_at_five_random_moments_then_resume_equals_one_clean_crawl(tmp_path: Path) -> None:
    web = MockWeb()
    expected = build(web)
    web.start()
    try:
        started = time.monotonic()
        assert run(tmp_path / "clean", expected.start_urls) == 1  # the gzip bomb fails
        clean_seconds = time.monotonic() - started
        clean_requests = len(web.hits)

        web.reset()
        rng = random.Random(20261126)
        killed = 0
        stored_before: list[tuple[int, set[str]]] = []  # (requests so far, URLs in the store)
        for _ in range(5):
            moment = rng.uniform(0.25, 0.25 + clean_seconds / 5)
            if run(tmp_path / "killed", expected.start_urls, kill_after=moment) != -signal.SIGKILL:
                break  # the crawl finished before the kill
            killed += 1
            stored_before.append((len(web.hits), stored_urls(tmp_path / "killed")))
        else:
            assert run(tmp_path / "killed", expected.start_urls) == 1
        assert killed == 5, f"only {killed} kills landed while the crawl was running"

        clean, killed_then_resumed = snapshot(tmp_path / "clean"), snapshot(tmp_path / "killed")
        assert killed_then_resumed[0] == clean[0]
        assert killed_then_resumed[1] == clean[1]
        # Nothing already stored was requested again after a kill.
        for mark, stored in stored_before:
            again = {web.url(h.host, h.path) for h in web.hits[mark:]} & stored
            assert not again, again
        assert len(stored_before[-1][1]) > 5
        assert len(web.hits) <= clean_requests + 5 * 3  # at most a few in-flight requests lost per kill
        assert not list((tmp_path / "killed" / "tmp").iterdir())
    finally:
        web.stop()
