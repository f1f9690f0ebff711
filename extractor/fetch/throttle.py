"""Per-host politeness: an AutoThrottle-style delay and one request at a time per host.

The rule (:func:`next_delay`) is pure: the delay tends to ``latency / target_concurrency``,
smoothed by averaging with the current delay, clamped to ``[floor, max_delay]``; an error
response (or a failure) never lowers it. :class:`HostThrottle` applies it: it holds a host's
lock while a request is in flight and starts the next request no earlier than
``delay × (1 + jitter·u)`` after the previous response ended.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from extractor.fetch.settings import CrawlSettings


def next_delay(current: float, latency: float, ok: bool, floor: float, ceiling: float,
               target_concurrency: float) -> float:
    """The host's new delay after a response that took ``latency`` seconds."""
    target = latency / target_concurrency
    new = (current + target) / 2.0
    if not ok:
        new = max(new, current)
    return min(max(new, floor), ceiling)


class HostThrottle:
    """The delay state of one host. Thread-safe; create one per host per crawl."""

    def __init__(self, settings: CrawlSettings, rng: random.Random,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._settings = settings
        self._rng = rng
        self._clock = clock
        self._sleep = sleep
        self._floor = settings.delay
        self._delay = settings.initial_delay
        self._not_before = 0.0
        self._busy = threading.Lock()
        self._state = threading.Lock()

    @property
    def delay(self) -> float:
        return self._delay

    @property
    def floor(self) -> float:
        return self._floor

    def raise_floor(self, seconds: float) -> None:
        """Honour a robots.txt Crawl-delay (never above ``max_delay``)."""
        with self._state:
            self._floor = min(max(self._floor, seconds), self._settings.max_delay)
            self._delay = max(self._delay, self._floor)

    def defer(self, seconds: float) -> None:
        """No request before ``seconds`` from now (Retry-After, backoff)."""
        with self._state:
            self._not_before = max(self._not_before, self._clock() + seconds)

    @contextmanager
    def turn(self) -> Iterator[Callable[[bool], None]]:
        """Wait for this host's turn and hold it; call the yielded ``done(ok)`` once the
        response has been read (the latency is measured up to that call)."""
        with self._busy:
            while True:
                with self._state:
                    wait = self._not_before - self._clock()
                if wait <= 0:
                    break
                self._sleep(wait)
            start = self._clock()
            finished = False

            def done(ok: bool) -> None:
                nonlocal finished
                if not finished:
                    finished = True
                    self._record(self._clock() - start, ok)

            try:
                yield done
            finally:
                done(False)

    def _record(self, latency: float, ok: bool) -> None:
        s = self._settings
        with self._state:
            self._delay = next_delay(self._delay, latency, ok, self._floor, s.max_delay,
                                     s.target_concurrency)
            pause = self._delay * (1.0 + s.jitter * self._rng.random())
            self._not_before = max(self._not_before, self._clock() + pause)
