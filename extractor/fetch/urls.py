"""URL normalisation and the crawl's scope (the domains it was given)."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

from requests.utils import requote_uri

DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise_url(url: str, base: str | None = None) -> str | None:
    """An absolute http(s) URL without fragment, lower-case host, no default port; else None."""
    url = url.strip().replace("\\", "/")
    if not url or url.lower().startswith(("javascript:", "mailto:", "tel:", "data:", "#")):
        return None
    if base is not None:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port is None or port == DEFAULT_PORTS[scheme] else f"{host}:{port}"
    path = parts.path or "/"
    if "/." in path:
        path = posixpath.normpath(path) + ("/" if path.endswith("/") else "")
        path = "/" + path.lstrip("/")
    return requote_uri(urlunsplit((scheme, netloc, path, parts.query, "")))


def host_key(url: str) -> str:
    """``host[:port]`` — the unit of politeness (throttle, robots.txt)."""
    return urlsplit(url).netloc


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def directory(url: str) -> str:
    """Scheme, host and directory of the path: pagination stays inside it."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{posixpath.dirname(parts.path)}"


def path_extension(url: str) -> str:
    name = posixpath.basename(urlsplit(url).path)
    return name.rsplit(".", 1)[1].lower() if "." in name else ""


@dataclass(frozen=True)
class Scope:
    """The domains a crawl may visit: each start host and its subdomains (``www.`` dropped).

    A start URL with an explicit non-default port admits only that port; otherwise only the
    default ports. IP literals admit only themselves.
    """

    domains: frozenset[tuple[str, int | None]]

    @classmethod
    def from_urls(cls, urls: list[str]) -> Scope:
        domains: set[tuple[str, int | None]] = set()
        for url in urls:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
            if host.startswith("www."):
                host = host[4:]
            port = parts.port
            scheme_port = DEFAULT_PORTS.get(parts.scheme)
            domains.add((host, None if port in (None, scheme_port) else port))
        return cls(frozenset(domains))

    def contains(self, url: str) -> bool:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        try:
            port = parts.port
        except ValueError:
            return False
        if port == DEFAULT_PORTS.get(parts.scheme):
            port = None
        for domain, domain_port in self.domains:
            if port != domain_port:
                continue
            if host == domain or (host.endswith("." + domain) and not _is_ip(domain)):
                return True
        return False


def _is_ip(host: str) -> bool:
    return host.replace(".", "").isdigit() or ":" in host
