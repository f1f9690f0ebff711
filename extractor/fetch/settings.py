"""Every default of the crawler in one place: :class:`CrawlSettings`, passed explicitly."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

DEFAULT_USER_AGENT = "ogi-extract/0.1 (+https://example.org/ogi-extract; research crawler)"
RETRY_STATUSES: frozenset[int] = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class CrawlSettings:
    """Politeness, limits and safety of one crawl.

    Delays are in seconds and are measured from the *end* of one response to the *start* of
    the next request to the same host, so a server never sees two of our requests closer
    than ``delay``.
    """

    user_agent: str = DEFAULT_USER_AGENT
    contact: str | None = None
    # Per-host delay (AutoThrottle-style): floor, start, ceiling, and how many requests a
    # host should be serving from us on average (target = latency / target_concurrency).
    delay: float = 1.0
    start_delay: float | None = None  # None: twice the floor
    max_delay: float = 60.0
    target_concurrency: float = 1.0
    jitter: float = 0.2  # up to +20 % on top of the delay, never below it
    # Network
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_bytes: int = 100 * 1024 * 1024  # after decompression
    max_redirects: int = 10
    max_retries: int = 3
    backoff: float = 1.0  # first retry waits this long, then doubles (capped at max_delay)
    max_retry_after: float = 600.0  # a longer Retry-After makes us give the URL up
    retry_statuses: frozenset[int] = RETRY_STATUSES
    # Scope
    allow_private_addresses: bool = False
    max_pages: int | None = None  # fetches in one crawl (None = no limit)
    max_list_pages: int = 500  # list pages per host (guards endless ?page= loops)
    parallel_hosts: int = 16
    obey_robots: bool = True
    extra_headers: tuple[tuple[str, str], ...] = field(
        default=(("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5"),)
    )

    def __post_init__(self) -> None:
        if self.delay < 0 or self.max_delay < self.delay:
            raise ValueError(f"need 0 <= delay <= max_delay, got {self.delay} and {self.max_delay}")
        if self.target_concurrency <= 0:
            raise ValueError("target_concurrency must be > 0")
        if self.max_bytes <= 0 or self.parallel_hosts <= 0:
            raise ValueError("max_bytes and parallel_hosts must be > 0")
        if self.connect_timeout <= 0 or self.read_timeout <= 0:
            raise ValueError("timeouts must be > 0")

    @property
    def user_agent_header(self) -> str:
        """The User-Agent sent: ``user_agent`` with ``contact`` added inside its comment."""
        if not self.contact:
            return self.user_agent
        if self.user_agent.endswith(")"):
            return f"{self.user_agent[:-1]}; contact: {self.contact})"
        return f"{self.user_agent} (contact: {self.contact})"

    @property
    def initial_delay(self) -> float:
        start = 2.0 * self.delay if self.start_delay is None else self.start_delay
        return min(max(start, self.delay), self.max_delay)

    def with_changes(self, **changes: object) -> CrawlSettings:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Seed:
    """A start URL and the agency it belongs to (from ``--sources`` or the command line)."""

    url: str
    agency: str | None = None
    level: str | None = None
    region: str | None = None
