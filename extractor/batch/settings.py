"""Every default of a batch run, in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass

FORMATS = ("csv", "jsonl", "parquet", "duckdb")


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


@dataclass(frozen=True)
class BatchSettings:
    """How a batch runs. ``timeout_s`` and ``memory_mb`` are per document."""

    workers: int = 0  # 0: one per core
    timeout_s: float = 120.0
    memory_mb: int = 2048  # address-space limit of each worker process (RLIMIT_AS)
    max_bytes: int = 100 * 1024 * 1024
    formats: tuple[str, ...] = FORMATS
    excel: bool = False  # CSV with a UTF-8 BOM
    retry_failed: bool = False  # on resume, extract again the documents that failed
    scheduler: str | None = None  # tcp://HOST:PORT of a Dask scheduler
    progress: bool = True

    def worker_count(self) -> int:
        return self.workers if self.workers > 0 else default_workers()

    def __post_init__(self) -> None:
        unknown = [f for f in self.formats if f not in FORMATS]
        if unknown:
            raise ValueError(f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
        if self.timeout_s <= 0 or self.memory_mb < 256:
            raise ValueError("timeout must be > 0 s and the memory limit at least 256 MB")
