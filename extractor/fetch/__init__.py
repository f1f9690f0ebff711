"""Fetch: find and download annual reports from agency websites, politely and resumably.

``Crawler(store_dir, CrawlSettings(...)).run([Seed(url, agency, ...)])`` crawls into a
content-addressed store; :func:`iter_store` reads the store back.
"""

from extractor.fetch.crawler import Crawler, CrawlResult, CrawlStats, Failure
from extractor.fetch.settings import CrawlSettings, Seed
from extractor.fetch.store import StoredItem, iter_store

__all__ = ["CrawlResult", "CrawlSettings", "CrawlStats", "Crawler", "Failure", "Seed", "StoredItem", "iter_store"]
