"""Politeness and safety rules: throttle, address guard, scope, robots, retry-after."""

from __future__ import annotations

import random
import socket
from pathlib import Path
from typing import Any

import pytest

from extractor.fetch import Crawler, Seed
from extractor.fetch.http import parse_retry_after
from extractor.fetch.robots import RobotsFile, RobotsPolicy
from extractor.fetch.safety import AddressGuard, is_public_address
from extractor.fetch.settings import CrawlSettings
from extractor.fetch.throttle import HostThrottle, next_delay
from extractor.fetch.urls import Scope, normalise_url
from tests.fetch.mockweb import Expected, MockWeb


def test_delay_tends_to_latency_over_concurrency_and_stays_clamped() -> None:
    delay = 5.0
    for _ in range(30):
        delay = next_delay(delay, latency=0.4, ok=True, floor=0.1, ceiling=60, target_concurrency=2)
    assert delay == pytest.approx(0.2, abs=1e-3)
    assert next_delay(1.0, latency=0.5, ok=True, floor=0.1, ceiling=60, target_concurrency=1) == 0.75
    assert next_delay(0.6, latency=0.0, ok=True, floor=0.5, ceiling=60, target_concurrency=1) == 0.5
    assert next_delay(1.0, latency=500, ok=True, floor=0.5, ceiling=60, target_concurrency=1) == 60


def test_an_error_never_lowers_the_delay() -> None:
    assert next_delay(3.0, latency=0.01, ok=False, floor=0.5, ceiling=60, target_concurrency=1) == 3.0
    assert next_delay(3.0, latency=10, ok=False, floor=0.5, ceiling=60, target_concurrency=1) == 6.5


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_host_throttle_waits_delay_plus_jitter_after_each_response() -> None:
    clock = FakeClock()
    settings = CrawlSettings(delay=1.0, start_delay=1.0, jitter=0.5)
    throttle = HostThrottle(settings, random.Random(3), clock=clock, sleep=clock.sleep)
    starts = []
    for _ in range(20):
        with throttle.turn() as done:
            starts.append(clock.now)
            clock.now += 0.05  # latency
            done(True)
    gaps = [b - a - 0.05 for a, b in zip(starts, starts[1:], strict=False)]
    assert min(gaps) >= 1.0 and max(gaps) <= 1.5 + 1e-9 and len(set(gaps)) > 5


def test_retry_after_and_crawl_delay_push_the_next_request() -> None:
    clock = FakeClock()
    throttle = HostThrottle(CrawlSettings(delay=0.1, start_delay=0.1, jitter=0), random.Random(1),
                            clock=clock, sleep=clock.sleep)
    throttle.raise_floor(2.0)
    assert throttle.floor == 2.0 and throttle.delay == 2.0
    throttle.defer(30)
    with throttle.turn() as done:
        done(True)
    assert clock.now == 130.0
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480.0) == 0.0
    assert parse_retry_after("soon") is None


def test_address_guard_refuses_private_addresses_without_connecting(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_connect(*args: Any) -> None:
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", no_connect)
    table = {"intranet.example.gov.cn": ["10.0.0.1"], "router.example.gov.cn": ["192.168.1.1"],
             "mixed.example.gov.cn": ["93.184.215.14", "127.0.0.1"], "www.example.gov.cn": ["93.184.215.14"]}
    guard = AddressGuard(resolver=lambda host, port: table.get(host, [host]))
    for host in ("intranet", "router", "mixed"):
        verdict = guard.check(f"http://{host}.example.gov.cn/ndbg/2023.pdf")
        assert not verdict.allowed and "non-public" in verdict.reason
    assert guard.check("http://www.example.gov.cn/").allowed
    assert not guard.check("http://[::1]:8080/").allowed
    for address in ("10.0.0.1", "192.168.1.1", "172.16.0.1", "127.0.0.1", "169.254.169.254", "::1",
                    "fc00::1", "::ffff:10.0.0.1", "0.0.0.0", "224.0.0.1", "100.64.0.1"):
        assert not is_public_address(address), address
    assert is_public_address("93.184.215.14")


def test_loopback_crawl_without_the_flag_sends_nothing(tmp_path: Path, web: tuple[MockWeb, Expected],
                                                       settings: CrawlSettings) -> None:
    mock, expected = web
    result = Crawler(tmp_path, settings.with_changes(allow_private_addresses=False)).run(
        [Seed(u) for u in expected.start_urls])
    assert mock.hits == []
    assert {(r.reason) for r in result.refusals} == {"private_address"}
    assert len(result.refusals) == 3 and result.ok


def test_dns_rebinding_is_caught_at_the_connected_socket(tmp_path: Path, web: tuple[MockWeb, Expected],
                                                         settings: CrawlSettings) -> None:
    mock, expected = web
    lying = AddressGuard(resolver=lambda host, port: ["93.184.215.14"])  # says public; connects to 127.0.0.1
    result = Crawler(tmp_path, settings.with_changes(allow_private_addresses=False), guard=lying).run(
        [Seed(expected.start_urls[1])])
    assert mock.hits == []  # the socket was closed before any HTTP was sent
    assert result.ok and len(result.refusals) == 1


def test_scope_is_the_start_domains() -> None:
    scope = Scope.from_urls(["https://www.pingtan.gov.cn/xxgk/", "http://127.0.0.1:8001/"])
    assert scope.contains("https://www.pingtan.gov.cn/a.pdf")
    assert scope.contains("http://file.pingtan.gov.cn/a.pdf")
    assert scope.contains("https://pingtan.gov.cn/a.pdf")
    assert not scope.contains("https://evilpingtan.gov.cn/a.pdf")
    assert not scope.contains("https://www.pingtan.gov.cn:8443/a.pdf")
    assert scope.contains("http://127.0.0.1:8001/x")
    assert not scope.contains("http://127.0.0.1:8002/x")
    assert not scope.contains("http://10.0.0.1/x")


def test_url_normalisation() -> None:
    assert normalise_url("HTTP://WWW.X.gov.cn:80/a/./b/../c.htm#top") == "http://www.x.gov.cn/a/c.htm"
    assert normalise_url("../t1.htm", "http://x.gov.cn/a/b/index.html") == "http://x.gov.cn/a/t1.htm"
    assert normalise_url("javascript:void(0)") is None
    assert normalise_url("ftp://x/a") is None
    assert normalise_url("/附件/年报.pdf", "http://x.gov.cn/") == "http://x.gov.cn/%E9%99%84%E4%BB%B6/%E5%B9%B4%E6%8A%A5.pdf"


def test_robots_rules_and_unreachable_robots() -> None:
    files = {
        "http://a": RobotsFile("http://a", 200, "User-agent: *\nDisallow: /private/\nCrawl-delay: 3\n"),
        "http://b": RobotsFile("http://b", 404, ""),
        "http://c": RobotsFile("http://c", 503, ""),
        "http://d": RobotsFile("http://d", None, ""),
    }
    loads: list[str] = []

    def load(origin: str) -> RobotsFile:
        loads.append(origin)
        return files[origin]

    robots = RobotsPolicy("ogi-extract/0.1 (+https://example.org/ogi-extract; research crawler)", load)
    assert robots.allowed("http://a/xxgk/1.htm") and not robots.allowed("http://a/private/1.htm")
    assert robots.crawl_delay("http://a/") == 3.0
    assert robots.allowed("http://b/anything")
    assert not robots.allowed("http://c/anything") and not robots.allowed("http://d/x")
    assert sorted(loads) == ["http://a", "http://b", "http://c", "http://d"]  # once per origin


def test_user_agent_carries_the_contact() -> None:
    settings = CrawlSettings(contact="data@uni.example.edu")
    assert settings.user_agent_header == (
        "ogi-extract/0.1 (+https://example.org/ogi-extract; research crawler; contact: data@uni.example.edu)")
    with pytest.raises(ValueError):
        CrawlSettings(delay=5, max_delay=1)
