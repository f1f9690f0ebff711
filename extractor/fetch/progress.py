"""A live, throttled progress line on stderr and the end-of-crawl summary text."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from extractor.fetch.crawler import CrawlResult, CrawlStats


def format_bytes(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"


def format_stats(stats: CrawlStats) -> str:
    return (f"hosts {stats.active_hosts}/{stats.hosts} | lists {stats.lists} | reports {stats.reports} | "
            f"attachments {stats.attachments} | {format_bytes(stats.bytes)} | pending {stats.pending} | "
            f"failed {stats.failed} | refused {stats.refused} | {stats.elapsed:.0f} s")


class ProgressLine:
    """Rewrites one line on a terminal; on a pipe or file, writes a line every ``interval`` s."""

    def __init__(self, stream: TextIO = sys.stderr, interval: float | None = None) -> None:
        self._stream = stream
        self._tty = stream.isatty()
        self._interval = interval if interval is not None else (0.5 if self._tty else 30.0)
        self._last = 0.0
        self._width = 0

    def __call__(self, stats: CrawlStats) -> None:
        now = time.monotonic()
        if now - self._last < self._interval:
            return
        self._last = now
        line = "crawl: " + format_stats(stats)
        if self._tty:
            self._stream.write("\r" + line.ljust(self._width))
            self._width = len(line)
        else:
            self._stream.write(line + "\n")
        self._stream.flush()

    def close(self) -> None:
        if self._tty and self._width:
            self._stream.write("\n")
            self._stream.flush()


def format_summary(result: CrawlResult) -> str:
    s = result.stats
    state = "finished" if result.finished else "stopped (run again to resume)"
    return (f"crawl {state}{' (resumed)' if result.resumed else ''}: {s.lists} list pages, {s.reports} reports, "
            f"{s.attachments} attachments, {format_bytes(s.bytes)} from {s.hosts} hosts; "
            f"{s.failed} failed, {s.refused} refused by policy, {s.pending} pending")
