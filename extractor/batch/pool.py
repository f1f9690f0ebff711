"""A process pool on one machine that survives bad documents.

Why not ``concurrent.futures.ProcessPoolExecutor`` (the choice of libraries.md for parallelism)?
It cannot stop one task: a document that hangs holds its worker forever, and a worker that is
killed (by us at the time limit, or by the kernel) breaks the whole executor. Here each worker is
a ``multiprocessing`` process (spawn) fed one document at a time through a pipe; at the time
limit it is killed and replaced, and a worker that dies is replaced too. The document is then
recorded as failed (``TIMEOUT``, ``WORKER_DIED``) and the batch goes on. Memory is capped inside
each worker with ``RLIMIT_AS`` (see :func:`extractor.batch.worker.serve`).
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from extractor.batch.inputs import InputItem
from extractor.batch.settings import BatchSettings
from extractor.batch.state import ResultStore
from extractor.batch.worker import Outcome, failure_payload, key_sha, serve

log = logging.getLogger(__name__)

OnOutcome = Callable[[InputItem, Outcome], None]


@dataclass
class _Slot:
    process: BaseProcess
    conn: Connection
    item: InputItem | None = None
    started: float = 0.0


class WorkerPool:
    """``workers`` processes, one document each at a time, each with a deadline."""

    def __init__(self, run_dir: Path, settings: BatchSettings) -> None:
        self.run_dir = Path(run_dir)
        self.settings = settings
        self.results = ResultStore(self.run_dir)
        self._context = multiprocessing.get_context("spawn")
        self._slots: list[_Slot] = []

    def _start(self) -> _Slot:
        parent, child = self._context.Pipe()
        s = self.settings
        process = self._context.Process(target=serve, args=(child, str(self.run_dir), s.max_bytes, s.timeout_s,
                                                              s.memory_mb), daemon=True)
        process.start()
        child.close()
        return _Slot(process, parent)

    def _replace(self, slot: _Slot) -> _Slot:
        if slot.process.is_alive():
            slot.process.kill()
        slot.process.join(5)
        slot.conn.close()
        fresh = self._start()
        self._slots[self._slots.index(slot)] = fresh
        return fresh

    def _fail(self, item: InputItem, code: str, message: str, seconds: float) -> Outcome:
        sha = item.sha256 or key_sha(item)
        payload = failure_payload(item, sha, code, message, seconds)
        payload["seconds"] = round(seconds, 6)
        self.results.write(sha, payload)
        return Outcome(item.key, sha, "failed", seconds, 0.0)

    def run(self, items: Iterable[InputItem], on_outcome: OnOutcome) -> None:
        """Extract every item; ``on_outcome`` is called in this process as each one finishes."""
        queue: Iterator[InputItem] = iter(items)
        exhausted = False
        self._slots = [self._start() for _ in range(self.settings.worker_count())]
        try:
            while True:
                for slot in self._slots:
                    if slot.item is None and not exhausted:
                        nxt = next(queue, None)
                        if nxt is None:
                            exhausted = True
                            break
                        slot.item, slot.started = nxt, time.monotonic()
                        slot.conn.send(nxt)
                busy = [s for s in self._slots if s.item is not None]
                if not busy:
                    return
                now = time.monotonic()
                deadline = min(s.started + self.settings.timeout_s for s in busy)
                ready = wait([s.conn for s in busy], timeout=max(0.0, deadline - now))
                for slot in busy:
                    item = slot.item
                    assert item is not None
                    elapsed = time.monotonic() - slot.started
                    if slot.conn in ready:
                        try:
                            outcome: Outcome = slot.conn.recv()
                        except (EOFError, OSError):
                            code = slot.process.exitcode
                            slot.process.join(1)
                            code = slot.process.exitcode if code is None else code
                            log.warning("%s: worker died (exit code %s)", item.name, code)
                            outcome = self._fail(item, "WORKER_DIED",
                                                 f"the worker process died (exit code {code}) while extracting this "
                                                 f"document: a crash, or the memory limit", elapsed)
                            slot = self._replace(slot)
                        else:
                            if outcome.exit_worker:
                                slot = self._replace(slot)
                        slot.item = None
                        on_outcome(item, outcome)
                    elif elapsed >= self.settings.timeout_s:
                        log.warning("%s: over the time limit of %.0f s, worker killed", item.name,
                                    self.settings.timeout_s)
                        outcome = self._fail(item, "TIMEOUT", f"extraction took longer than the limit of "
                                             f"{self.settings.timeout_s:g} s (--timeout); the worker was killed",
                                             elapsed)
                        slot = self._replace(slot)
                        slot.item = None
                        on_outcome(item, outcome)
        finally:
            self.close()

    def close(self) -> None:
        for slot in self._slots:
            try:
                if slot.item is None and slot.process.is_alive():
                    slot.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
        for slot in self._slots:
            slot.process.join(2)
            if slot.process.is_alive():
                slot.process.kill()
                slot.process.join(2)
            slot.conn.close()
        self._slots = []
