"""The same batch on a Dask cluster (``--scheduler tcp://HOST:PORT``).

The client reads each input and sends its bytes with the task, and writes the result files
itself, so the workers need neither the input files nor the run folder: any machine that has
this package installed can be a worker. Documents go in chunks of 8, at most ``2 × (worker
threads)`` chunks in flight.

Limits: the per-document time limit is applied by the client (the document is recorded as
``TIMEOUT`` and its future cancelled; a Dask worker thread cannot be killed, so a truly hung
loader keeps that thread busy until the worker is restarted). The memory limit is the Dask
worker's own (``dask worker --memory-limit``): ``RLIMIT_AS`` would cap the whole worker.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from extractor.batch.inputs import InputItem
from extractor.batch.settings import BatchSettings
from extractor.batch.worker import Outcome, extract_payload, failure_payload, key_sha, read_input

log = logging.getLogger(__name__)

OnResult = Callable[[InputItem, str, bytes, str, float, float], Outcome]
Chunk = tuple[InputItem, ...]
CHUNK = 8  # documents per task: fewer, larger tasks keep the scheduler's share small


def _task(chunk: Chunk, data: list[bytes | tuple[str, str]], max_bytes: int
          ) -> list[tuple[str, bytes, str, float, float]]:
    """Extract a chunk on a worker; the payloads come back JSON-encoded, ready to be written."""
    out = []
    for item, raw in zip(chunk, data, strict=True):
        sha, payload, _ = extract_payload(item, raw, max_bytes)
        out.append((sha, json.dumps(payload, ensure_ascii=False).encode("utf-8"), str(payload["record"]["status"]),
                    float(payload.get("seconds") or 0), float(payload.get("peak_rss_mb") or 0)))
    return out


def _chunks(items: Iterable[InputItem], size: int) -> Iterator[Chunk]:
    batch: list[InputItem] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield tuple(batch)
            batch = []
    if batch:
        yield tuple(batch)


def run_on_dask(address: str | Any, items: Iterable[InputItem], settings: BatchSettings, on_result: OnResult,
                chunk: int = CHUNK) -> None:
    """Extract ``items`` on the cluster at ``address`` (or an existing ``distributed.Client``).

    A chunk that is not back within ``timeout × its size`` is split: each of its documents is sent
    again alone, so only the document that hangs is recorded as ``TIMEOUT``.
    """
    import distributed

    dist: Any = distributed  # untyped library: keep it behind Any
    own = not isinstance(address, distributed.Client)
    client: Any = dist.Client(address, set_as_default=False) if own else address
    try:
        threads = max(1, sum(client.nthreads().values()))
        window = 2 * threads
        pending: dict[Any, tuple[Chunk, float]] = {}
        retry: list[Chunk] = []
        queue = _chunks(items, chunk)
        exhausted = False
        counter = 0
        while True:
            while len(pending) < window:
                work = retry.pop() if retry else (None if exhausted else next(queue, None))
                if work is None:
                    exhausted = True
                    break
                data = [read_input(item, settings.max_bytes, settings.timeout_s) for item in work]
                counter += 1
                future = client.submit(_task, work, data, settings.max_bytes, pure=False,
                                       key=f"extract-{key_sha(work[0])[:16]}-{counter}")
                pending[future] = (work, time.monotonic())
            if not pending:
                return
            oldest = min(start + settings.timeout_s * len(work) for work, start in pending.values())
            done, _ = dist.wait(list(pending), timeout=max(0.05, oldest - time.monotonic()), return_when="FIRST_COMPLETED")
            for future in done:
                work, _start = pending.pop(future)
                try:
                    results = future.result()
                except Exception as exc:  # the task itself died (worker lost, …): recorded, the batch goes on
                    results = [_failure(item, "WORKER_DIED", f"the Dask task failed: {exc}") for item in work]
                for item, (sha, body, status, seconds, rss) in zip(work, results, strict=True):
                    on_result(item, sha, body, status, seconds, rss)
            now = time.monotonic()
            for future, (work, start) in list(pending.items()):
                if now - start < settings.timeout_s * len(work):
                    continue
                future.cancel()
                del pending[future]
                if len(work) > 1:
                    retry.extend((item,) for item in work)
                    continue
                item = work[0]
                sha, body, status, seconds, rss = _failure(
                    item, "TIMEOUT", f"extraction took longer than the limit of {settings.timeout_s:g} s (--timeout)",
                    now - start)
                on_result(item, sha, body, status, seconds, rss)
    finally:
        if own:
            client.close()


def _failure(item: InputItem, code: str, message: str, seconds: float = 0.0) -> tuple[str, bytes, str, float, float]:
    sha = item.sha256 or key_sha(item)
    payload = failure_payload(item, sha, code, message, seconds)
    payload["seconds"] = round(seconds, 6)
    return sha, json.dumps(payload, ensure_ascii=False).encode("utf-8"), "failed", seconds, 0.0
