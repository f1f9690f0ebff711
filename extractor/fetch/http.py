"""One polite, bounded HTTP GET: redirects checked hop by hop, retries, size and time limits."""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import socket
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from extractor.fetch.safety import AddressGuard, is_public_address
from extractor.fetch.settings import CrawlSettings
from extractor.fetch.throttle import HostThrottle
from extractor.fetch.urls import host_key, normalise_url

logger = logging.getLogger(__name__)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK = 64 * 1024
# A gate returns a refusal reason ("robots", "out_of_scope", ...) or None to let a URL through.
Gate = Callable[[str], str | None]


class Outcome(StrEnum):
    OK = "ok"
    NOT_MODIFIED = "not_modified"
    REFUSED = "refused"  # by policy (robots, scope, address): final, never retried
    FAILED = "failed"  # by the network or the server, after the retries allowed


@dataclass(frozen=True)
class Response:
    url: str
    final_url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    fetched_at: str
    elapsed: float
    redirects: tuple[str, ...]

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)


@dataclass(frozen=True)
class FetchResult:
    url: str
    outcome: Outcome
    reason: str = ""  # a stable code: robots, out_of_scope, private_address, too_large, http_404, ...
    detail: str = ""
    response: Response | None = None
    attempts: int = 0


class _TooLarge(Exception):
    pass


class NonPublicPeer(urllib3.exceptions.NewConnectionError):
    """The socket connected to a non-public address although the name resolved to a public one
    (DNS rebinding): closed before a byte of HTTP is sent."""


def _check_peer(connection: HTTPConnection, sock: socket.socket) -> socket.socket:
    peer = str(sock.getpeername()[0])
    if not is_public_address(peer):
        sock.close()
        raise NonPublicPeer(connection, f"connected to non-public address {peer}")
    return sock


class _PublicHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        return _check_peer(self, super()._new_conn())


class _PublicHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        return _check_peer(self, super()._new_conn())


class _PublicHTTPPool(HTTPConnectionPool):
    ConnectionCls = _PublicHTTPConnection


class _PublicHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _PublicHTTPSConnection


class PublicOnlyAdapter(HTTPAdapter):
    """Checks the address each new connection actually reached, after the resolver check."""

    def init_poolmanager(self, *args: object, **kwargs: object) -> None:
        super().init_poolmanager(*args, **kwargs)  # type: ignore[arg-type]
        self.poolmanager.pool_classes_by_scheme = {"http": _PublicHTTPPool, "https": _PublicHTTPSPool}


@dataclass(frozen=True)
class _Attempt:
    response: Response | None
    reason: str = ""
    detail: str = ""
    retry_after: float | None = None
    retryable: bool = False


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def _now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


class Fetcher:
    """GETs URLs within the policy of ``settings``. Sessions are per thread; call :meth:`close`."""

    def __init__(self, settings: CrawlSettings, guard: AddressGuard,
                 throttle_for: Callable[[str], HostThrottle]) -> None:
        self._settings = settings
        self._guard = guard
        self._throttle_for = throttle_for
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers["User-Agent"] = self._settings.user_agent_header
            session.headers.update(dict(self._settings.extra_headers))
            if not self._settings.allow_private_addresses and not urllib.request.getproxies():
                adapter = PublicOnlyAdapter()
                session.mount("http://", adapter)
                session.mount("https://", adapter)
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def close(self) -> None:
        with self._lock:
            for session in self._sessions:
                session.close()
            self._sessions.clear()

    def fetch(self, url: str, gate: Gate | None = None,
              conditional: tuple[tuple[str, str], ...] = ()) -> FetchResult:
        """GET ``url``, following redirects only where ``gate`` and the address guard allow."""
        current = url
        chain: list[str] = []
        attempts = 0
        for _hop in range(self._settings.max_redirects + 1):
            refusal = gate(current) if gate else None
            if refusal:
                detail = f"redirected to {current}" if chain else ""
                return FetchResult(url, Outcome.REFUSED, refusal, detail, attempts=attempts)
            verdict = self._guard.check(current)
            if not verdict.allowed:
                return FetchResult(url, Outcome.REFUSED, "private_address", verdict.reason, attempts=attempts)
            attempt, tries = self._send(current, conditional if not chain else ())
            attempts += tries
            response = attempt.response
            if response is None:
                outcome = Outcome.REFUSED if attempt.reason == "private_address" else Outcome.FAILED
                return FetchResult(url, outcome, attempt.reason, attempt.detail, attempts=attempts)
            if response.status in REDIRECT_STATUSES:
                target = normalise_url(response.header("Location") or "", current)
                if target is None or target in chain or target == current:
                    return FetchResult(url, Outcome.FAILED, "bad_redirect",
                                       f"{response.status} to {response.header('Location')!r}", attempts=attempts)
                chain.append(current)
                current = target
                continue
            final = Response(url, current, response.status, response.headers, response.body,
                             response.fetched_at, response.elapsed, tuple(chain))
            if response.status == 304:
                return FetchResult(url, Outcome.NOT_MODIFIED, response=final, attempts=attempts)
            if response.status >= 400:
                return FetchResult(url, Outcome.FAILED, f"http_{response.status}", current,
                                   response=final, attempts=attempts)
            return FetchResult(url, Outcome.OK, response=final, attempts=attempts)
        return FetchResult(url, Outcome.FAILED, "too_many_redirects", " -> ".join(chain), attempts=attempts)

    def _send(self, url: str, conditional: tuple[tuple[str, str], ...]) -> tuple[_Attempt, int]:
        s = self._settings
        throttle = self._throttle_for(host_key(url))
        tries = 0
        while True:
            tries += 1
            with throttle.turn() as done:
                attempt = self._attempt(url, dict(conditional))
                done(attempt.response is not None and attempt.response.status < 400)
            if not attempt.retryable:
                return attempt, tries
            if tries > s.max_retries:
                logger.info("giving up %s after %d attempts: %s", url, tries, attempt.reason)
                return attempt, tries
            wait = min(s.backoff * 2 ** (tries - 1), s.max_delay)
            if attempt.retry_after is not None:
                if attempt.retry_after > s.max_retry_after:
                    return _Attempt(None, "retry_after_too_long", f"Retry-After {attempt.retry_after:.0f} s"), tries
                wait = attempt.retry_after  # the throttle's own delay still applies on top
            logger.info("retrying %s in %.2f s (%s)", url, wait, attempt.reason)
            throttle.defer(wait)

    def _attempt(self, url: str, headers: dict[str, str]) -> _Attempt:
        s = self._settings
        start = time.monotonic()
        try:
            resp = self._session().get(url, headers=headers, stream=True, allow_redirects=False,
                                       timeout=(s.connect_timeout, s.read_timeout))
        except requests.Timeout as exc:
            return _Attempt(None, "timeout", str(exc), retryable=True)
        except (requests.ConnectionError, urllib3.exceptions.HTTPError) as exc:
            if isinstance(getattr(exc.args[0] if exc.args else None, "reason", None), NonPublicPeer):
                return _Attempt(None, "private_address", str(exc))
            return _Attempt(None, "connection", str(exc), retryable=True)
        except requests.RequestException as exc:
            return _Attempt(None, "request_error", str(exc))
        try:
            status = resp.status_code
            header_items = tuple((str(k), str(v)) for k, v in resp.headers.items())
            if status in s.retry_statuses:
                return _Attempt(None, f"http_{status}", url,
                                retry_after=parse_retry_after(resp.headers.get("Retry-After")), retryable=True)
            body = b"" if status in REDIRECT_STATUSES or status == 304 else self._read(resp)
            return _Attempt(Response(url, url, status, header_items, body, _now_iso(),
                                     time.monotonic() - start, ()))
        except _TooLarge as exc:
            return _Attempt(None, "too_large", str(exc))
        except (urllib3.exceptions.ReadTimeoutError, requests.Timeout) as exc:
            return _Attempt(None, "timeout", str(exc), retryable=True)
        except urllib3.exceptions.DecodeError as exc:
            return _Attempt(None, "decode_error", str(exc), retryable=True)
        except (urllib3.exceptions.HTTPError, requests.RequestException, OSError) as exc:
            return _Attempt(None, "truncated", str(exc), retryable=True)
        finally:
            resp.close()

    def _read(self, resp: requests.Response) -> bytes:
        limit = self._settings.max_bytes
        declared = resp.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise _TooLarge(f"Content-Length {declared} > {limit}")
        chunks: list[bytes] = []
        total = 0
        for chunk in resp.raw.stream(CHUNK, decode_content=True):
            total += len(chunk)
            if total > limit:
                raise _TooLarge(f"more than {limit} bytes (after decompression)")
            chunks.append(chunk)
        return b"".join(chunks)
