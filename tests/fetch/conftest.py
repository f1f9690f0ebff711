from __future__ import annotations

from collections.abc import Iterator

import pytest

from extractor.fetch.settings import CrawlSettings
from tests.fetch.mockweb import Expected, MockWeb, build

FAST = CrawlSettings(delay=0.05, start_delay=0.05, max_delay=2.0, read_timeout=0.5, connect_timeout=0.5,
                     backoff=0.05, max_bytes=1024 * 1024, allow_private_addresses=True)


@pytest.fixture
def settings() -> CrawlSettings:
    return FAST


@pytest.fixture
def web() -> Iterator[tuple[MockWeb, Expected]]:
    mock = MockWeb()
    expected = build(mock)
    mock.start()
    try:
        yield mock, expected
    finally:
        mock.stop()
