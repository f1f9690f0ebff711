"""Extracting one document, as a worker does it: read (or fetch), hash, extract, write the result.

:func:`extract_item` is what both the process pool (:mod:`extractor.batch.pool`) and Dask
(:mod:`extractor.batch.dask_runner`) run. It never raises for a bad document: every outcome is a
result file plus a small :class:`Outcome` for the parent. :func:`serve` is the loop of a pool
worker process, which applies the per-document memory limit (``RLIMIT_AS``) to itself.

Test hook: when the environment variable ``EXTRACT_BATCH_TEST_HANG`` is set (only the test suite
sets it), a document whose bytes start with that marker makes the worker sleep, as a loader that
hangs would.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import resource
import time
import traceback
from dataclasses import asdict, dataclass
from multiprocessing.connection import Connection
from pathlib import Path, PurePath
from typing import Any

from extractor.batch.convert import read_converted
from extractor.batch.inputs import InputItem
from extractor.batch.state import ResultStore
from extractor.document import SourceInfo
from extractor.record import Record, failed_record

log = logging.getLogger(__name__)

HANG_HOOK = "EXTRACT_BATCH_TEST_HANG"


@dataclass(frozen=True)
class Outcome:
    """What the parent needs to know about one finished document (the record is in the result file)."""

    key: str
    sha256: str
    status: str
    seconds: float
    peak_rss_mb: float
    exit_worker: bool = False  # the worker should be replaced (it hit its memory limit)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def failure_payload(item: InputItem, sha: str, code: str, message: str, seconds: float = 0.0) -> dict[str, Any]:
    source = SourceInfo(file=PurePath(item.name).name, sha256=sha, media_type="application/octet-stream", url=item.url)
    record = failed_record(source, code, message)
    return {"record": record.to_dict(), "seconds": seconds, "peak_rss_mb": None}


def key_sha(item: InputItem) -> str:
    """The identity of an input whose content could not be read: a hash of its key."""
    return hashlib.sha256(item.key.encode("utf-8")).hexdigest()


def _read(item: InputItem, max_bytes: int, timeout: float) -> bytes | tuple[str, str]:
    if item.path is None and item.url is not None:
        from extractor.errors import FetchError
        from extractor.fetch.single import fetch_document

        try:
            return fetch_document(item.url, max_bytes, timeout_s=min(timeout, 60)).body
        except FetchError as exc:
            return "FETCH_FAILED", f"{item.url}: {exc}"
    path = Path(item.path or "")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return "TOO_LARGE", f"{size:,} bytes is over the size limit of {max_bytes:,} bytes"
        return path.read_bytes()
    except FileNotFoundError:
        return "NOT_FOUND", "no such file"
    except OSError as exc:
        return "UNREADABLE", exc.strerror or str(exc)


def _record(data: bytes, item: InputItem, max_bytes: int, converted: bytes | None) -> Record:
    from extractor.loaders import LoadSettings
    from extractor.pipeline import extract_bytes

    marker = os.environ.get(HANG_HOOK)
    if marker and data.startswith(marker.encode("utf-8")):
        time.sleep(3600)
    return extract_bytes(data, item.name, url=item.url, settings=LoadSettings(max_bytes=max_bytes),
                         converted=converted)


def read_input(item: InputItem, max_bytes: int, timeout: float) -> bytes | tuple[str, str]:
    """The input's bytes, or (code, message) when it cannot be read."""
    return _read(item, max_bytes, timeout)


def extract_payload(item: InputItem, data: bytes | tuple[str, str], max_bytes: int,
                    run_dir: Path | None = None) -> tuple[str, dict[str, Any], bool]:
    """(sha256, result payload, replace-the-worker) for one input's bytes; never raises for a bad document.
    With ``run_dir``, a DOCX converted in bulk before the run (:mod:`extractor.batch.convert`) is used."""
    start = time.perf_counter()
    if isinstance(data, tuple):
        sha = item.sha256 or key_sha(item)
        return sha, failure_payload(item, sha, data[0], data[1]), False
    sha = hashlib.sha256(data).hexdigest()
    exit_worker = False
    try:
        converted = read_converted(run_dir, sha) if run_dir is not None else None
        payload: dict[str, Any] = {"record": _record(data, item, max_bytes, converted).to_dict()}
    except MemoryError:
        del data
        payload = failure_payload(item, sha, "MEMORY_LIMIT", "the document needed more memory than the per-document "
                                  "limit allows (--memory-mb)")
        exit_worker = True
    except RecursionError:
        payload = failure_payload(item, sha, "TOO_DEEP", "the document nests too deeply to be parsed")
    except Exception as exc:  # a bug, recorded with its traceback; the batch carries on
        payload = failure_payload(item, sha, "INTERNAL_ERROR", f"{type(exc).__name__}: {exc}")
        payload["traceback"] = traceback.format_exc()
        log.debug("internal error on %s", item.name, exc_info=True)
    payload["seconds"] = round(time.perf_counter() - start, 6)
    payload["peak_rss_mb"] = round(_peak_rss_mb(), 1)
    return sha, payload, exit_worker


def extract_item(item: InputItem, run_dir: str, max_bytes: int, timeout: float) -> Outcome:
    """Read, extract and write the result file of one input (what a pool worker does)."""
    start = time.perf_counter()
    sha, payload, exit_worker = extract_payload(item, _read(item, max_bytes, timeout), max_bytes, Path(run_dir))
    ResultStore(Path(run_dir)).write(sha, payload)
    return Outcome(item.key, sha, str(payload["record"]["status"]), time.perf_counter() - start, _peak_rss_mb(),
                   exit_worker)


def serve(conn: Connection, run_dir: str, max_bytes: int, timeout: float, memory_mb: int) -> None:
    """A pool worker: receive an :class:`InputItem`, send back an :class:`Outcome`, until ``None``."""
    import extractor.loaders.html  # noqa: F401  (load the heavy modules before the memory limit)
    import extractor.loaders.text  # noqa: F401
    import extractor.pipeline  # noqa: F401

    with contextlib.suppress(ImportError):
        import extractor.loaders.pdf  # noqa: F401
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        try:
            item = conn.recv()
        except EOFError:
            return
        if item is None:
            return
        outcome = extract_item(item, run_dir, max_bytes, timeout)
        conn.send(outcome)
        if outcome.exit_worker:
            return
