"""robots.txt, read with protego, one fetch per origin per crawl (RFC 9309 semantics)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from protego import Protego

from extractor.fetch.urls import origin

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RobotsFile:
    """What ``/robots.txt`` returned: ``status`` None when it could not be fetched at all."""

    origin: str
    status: int | None
    text: str

    @property
    def rule(self) -> str:
        """``rules`` (2xx), ``allow-all`` (4xx) or ``disallow-all`` (5xx, unreachable)."""
        if self.status is not None and 200 <= self.status < 300:
            return "rules"
        if self.status is not None and 400 <= self.status < 500:
            return "allow-all"
        return "disallow-all"


class RobotsPolicy:
    """Answers "may we fetch this URL?" for one user agent. ``load`` fetches a robots.txt."""

    def __init__(self, user_agent: str, load: Callable[[str], RobotsFile]) -> None:
        self._user_agent = user_agent
        self._load = load
        self._parsed: dict[str, tuple[RobotsFile, Protego | None]] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def _get(self, url: str) -> tuple[RobotsFile, Protego | None]:
        key = origin(url)
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._parsed:
                robots = self._load(key)
                parsed = Protego.parse(robots.text) if robots.rule == "rules" else None
                if robots.rule == "disallow-all":
                    logger.warning("%s/robots.txt unavailable (status %s): not crawling that host",
                                   key, robots.status)
                self._parsed[key] = (robots, parsed)
            return self._parsed[key]

    def allowed(self, url: str) -> bool:
        robots, parsed = self._get(url)
        if parsed is None:
            return robots.rule == "allow-all"
        return bool(parsed.can_fetch(url, self._user_agent))

    def crawl_delay(self, url: str) -> float | None:
        _, parsed = self._get(url)
        if parsed is None:
            return None
        delay = parsed.crawl_delay(self._user_agent)
        return float(delay) if delay is not None else None
