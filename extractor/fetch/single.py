"""One report by its URL, for ``extract URL`` and URL rows of a batch manifest.

The crawler's own GET (:class:`extractor.fetch.http.Fetcher`: redirects hop by hop, retries with
back-off, Retry-After, a size limit counted after decompression, timeouts) with the crawler's
User-Agent, but none of a crawl's policy: the user named this URL, so robots.txt is not consulted
and a private address (an intranet portal) is allowed, as a browser or ``curl`` would. The file
name comes from Content-Disposition or the URL path, with the extension the content shows.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from extractor.errors import FetchError
from extractor.fetch.content import filename_from_disposition, safe_extension, sniff_media_type
from extractor.fetch.http import Fetcher, Outcome
from extractor.fetch.safety import AddressGuard
from extractor.fetch.settings import CrawlSettings
from extractor.fetch.throttle import HostThrottle

URL = re.compile(r"^https?://", re.IGNORECASE)


@dataclass(frozen=True)
class FetchedDocument:
    url: str  # as asked
    final_url: str  # after redirects
    name: str  # a file name with the extension the content shows
    body: bytes
    content_type: str | None


def is_url(text: str) -> bool:
    return bool(URL.match(text))


def _name(final_url: str, disposition: str | None, extension: str) -> str:
    name = filename_from_disposition(disposition) or unquote(urlsplit(final_url).path.rsplit("/", 1)[-1])
    name = name.replace("/", "_").replace("\\", "_").strip() or "index"
    if safe_extension(name) != extension and extension != "bin":
        name = f"{name}.{extension}"
    return name


def fetch_document(url: str, max_bytes: int, timeout_s: float = 60.0, retries: int = 2) -> FetchedDocument:
    """GET ``url``; raises :class:`FetchError` naming the URL and the reason (``http_404``,
    ``too_large``, ``timeout``…) when it fails after ``retries`` retries."""
    settings = CrawlSettings(max_bytes=max_bytes, connect_timeout=min(timeout_s, 10.0), read_timeout=timeout_s,
                             max_retries=retries, max_retry_after=30.0, allow_private_addresses=True,
                             delay=0.0, jitter=0.0)
    fetcher = Fetcher(settings, AddressGuard(allow_private=True),
                      lambda _host: HostThrottle(settings, random.Random(0)))
    try:
        result = fetcher.fetch(url)
    finally:
        fetcher.close()
    if result.outcome is not Outcome.OK or result.response is None:
        detail = f": {result.detail}" if result.detail else ""
        raise FetchError(f"{result.reason}{detail}")
    response = result.response
    content_type = response.header("Content-Type")
    media = sniff_media_type(response.body, filename_from_disposition(response.header("Content-Disposition")),
                             response.final_url, content_type)
    return FetchedDocument(url, response.final_url,
                           _name(response.final_url, response.header("Content-Disposition"), media.extension),
                           response.body, content_type)
