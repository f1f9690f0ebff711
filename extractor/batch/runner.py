"""A batch run in three steps: :func:`plan_batch` (what is left to do), :func:`execute_batch`
(extract it, on a process pool or a Dask cluster), :func:`finish_batch` (the dataset tables,
the dataset checks and ``run.json``). :func:`run_batch` does all three.

The run folder holds ``state.sqlite`` and ``records/`` (see :mod:`extractor.batch.state`), the
tables ``reports``, ``cells``, ``wide``, ``checks``, ``issues``, ``dataset_checks`` and
``codebook`` in each chosen format, ``dataset.duckdb`` and ``run.json``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import platform
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from extractor import __version__
from extractor.batch.inputs import InputItem, resolve_inputs
from extractor.batch.settings import BatchSettings
from extractor.batch.state import ResultStore, RunState, write_atomic
from extractor.batch.worker import Outcome
from extractor.layouts import Layout, load_layouts

log = logging.getLogger(__name__)

OnProgress = Callable[[InputItem, Outcome], None]
LIBRARIES = ("pandas", "pyarrow", "duckdb", "lxml", "pdfplumber", "pypdfium2", "rapidfuzz", "opencc", "distributed")


@dataclass
class Plan:
    run_dir: Path
    specs: tuple[str, ...]
    pending: list[InputItem]
    already_done: int = 0  # inputs skipped: done in an earlier run of this folder
    deferred: list[InputItem] = field(default_factory=list)  # same content as a pending input
    notes: tuple[str, ...] = ()
    unreadable: int = 0
    started: float = field(default_factory=time.time)


@dataclass
class Progress:
    counts: Counter[str] = field(default_factory=Counter)
    seconds: list[float] = field(default_factory=list)
    extract_wall_s: float = 0.0
    converted: int = 0  # DOC/WPS inputs converted in bulk before extraction


def _hash_file(path: str) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _result_status(results: ResultStore, sha: str) -> str:
    return str(results.read(sha)["record"]["status"])


def plan_batch(specs: tuple[str, ...], run_dir: Path, settings: BatchSettings) -> Plan:
    """Resolve the inputs and decide, by content sha256, which ones still need extracting."""
    resolved = resolve_inputs(specs)
    state = RunState(run_dir)
    results = ResultStore(run_dir)
    plan = Plan(Path(run_dir), specs, [], notes=resolved.notes)
    try:
        done = state.done_keys(settings.retry_failed)
        scheduled: set[str] = set()
        for item in resolved.items:
            if item.key in done:
                plan.already_done += 1
                continue
            if item.path is not None and item.sha256 is None:
                sha = _hash_file(item.path)
                if sha is None:
                    plan.unreadable += 1
                    plan.pending.append(item)  # the worker records why
                    continue
                item = item.with_sha256(sha)
            if item.sha256 is not None:
                if results.exists(item.sha256) and not (
                        settings.retry_failed and _result_status(results, item.sha256) == "failed"):
                    state.mark_done(item, item.sha256, _result_status(results, item.sha256), done_at=time.time())
                    plan.already_done += 1
                    continue
                if item.sha256 in scheduled:
                    plan.deferred.append(item)
                    continue
                scheduled.add(item.sha256)
            plan.pending.append(item)
    finally:
        state.close()
    return plan


def execute_batch(plan: Plan, settings: BatchSettings, on_progress: OnProgress | None = None,
                  client: Any = None, on_convert: Callable[[int], None] | None = None) -> Progress:
    """Extract the plan's pending inputs; every outcome is recorded in the run state as it arrives."""
    state = RunState(plan.run_dir)
    results = ResultStore(plan.run_dir)
    progress = Progress()

    def record(item: InputItem, outcome: Outcome) -> None:
        state.mark_done(item, outcome.sha256, outcome.status, round(outcome.seconds, 6),
                        round(outcome.peak_rss_mb, 1), time.time())
        progress.counts[outcome.status] += 1
        progress.seconds.append(outcome.seconds)
        if on_progress is not None:
            on_progress(item, outcome)

    start = time.perf_counter()
    try:
        if settings.scheduler or client is not None:
            from extractor.batch.dask_runner import run_on_dask

            def on_result(item: InputItem, sha: str, body: bytes, status: str, seconds: float,
                          rss: float) -> Outcome:
                write_atomic(results.path(sha), body)
                outcome = Outcome(item.key, sha, status, seconds, rss)
                record(item, outcome)
                return outcome

            run_on_dask(client if client is not None else settings.scheduler, plan.pending, settings, on_result)
        elif plan.pending:
            from extractor.batch.convert import convert_pending
            from extractor.batch.pool import WorkerPool

            progress.converted = convert_pending(plan.pending, plan.run_dir, settings, on_convert)
            WorkerPool(plan.run_dir, settings).run(plan.pending, record)
        for item in plan.deferred:
            assert item.sha256 is not None
            state.mark_done(item, item.sha256, _result_status(results, item.sha256), done_at=time.time())
    finally:
        state.close()
    progress.extract_wall_s = time.perf_counter() - start
    return progress


def _versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {"ogi-extract": __version__, "python": platform.python_version()}
    for name in LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def _quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 4)


def finish_batch(plan: Plan, settings: BatchSettings, progress: Progress,
                 layouts: tuple[Layout, ...] | None = None) -> dict[str, Any]:
    """Build and write the dataset tables and ``run.json``; returns the run manifest."""
    from extractor.batch.dataset_checks import run_dataset_checks
    from extractor.batch.outputs import write_tables
    from extractor.batch.tables import build_dataset

    layouts = layouts or load_layouts()
    start = time.perf_counter()
    dataset = build_dataset(plan.run_dir, layouts)
    tables = dataset.tables()
    tables["dataset_checks"] = run_dataset_checks(dataset)
    written = write_tables(tables, plan.run_dir, settings.formats, settings.excel,
                           partition=settings.scheduler is not None)
    write_s = time.perf_counter() - start
    reports = dataset.reports
    statuses = Counter(str(s) for s in reports["status"])
    failures = Counter(str(c) for c in reports["failure_code"].dropna())
    dchecks = tables["dataset_checks"]
    extracted = sum(progress.counts.values())
    manifest: dict[str, Any] = {
        "run": str(plan.run_dir), "inputs": list(plan.specs), "notes": list(plan.notes),
        "started_at": datetime.fromtimestamp(plan.started, UTC).isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "versions": _versions(), "command": sys.argv,
        "settings": {**asdict(settings), "workers": settings.worker_count()},
        "layouts": [{"template": lay.template, "name": lay.name, "sha256": lay.sha256} for lay in layouts],
        "counts": {
            "inputs_this_run": len(plan.pending) + plan.already_done + len(plan.deferred),
            "extracted_this_run": extracted, "skipped_already_done": plan.already_done,
            "same_content_as_another_input": len(plan.deferred),
            "doc_converted_in_bulk": progress.converted,
            "reports": len(reports), "ok": statuses.get("ok", 0), "partial": statuses.get("partial", 0),
            "failed": statuses.get("failed", 0), "failure_codes": dict(sorted(failures.items())),
            "cells": len(dataset.cells), "checks": len(dataset.checks), "issues": len(dataset.issues),
            "dataset_checks": {f"{k}:{s}": int(n) for (k, s), n in
                               dchecks.groupby(["check_id", "status"]).size().items()},
        },
        "timings": {
            "extract_wall_s": round(progress.extract_wall_s, 3), "write_s": round(write_s, 3),
            "reports_per_s": round(extracted / progress.extract_wall_s, 2) if progress.extract_wall_s > 0 else None,
            "per_document_s": {"mean": round(statistics.fmean(progress.seconds), 4) if progress.seconds else None,
                               "p50": _quantile(progress.seconds, 0.5), "p95": _quantile(progress.seconds, 0.95),
                               "max": _quantile(progress.seconds, 1.0)},
        },
        "outputs": written,
    }
    write_atomic(plan.run_dir / "run.json", (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode())
    return manifest


def run_batch(specs: tuple[str, ...], run_dir: Path, settings: BatchSettings | None = None,
              on_progress: OnProgress | None = None, client: Any = None) -> dict[str, Any]:
    settings = settings or BatchSettings()
    plan = plan_batch(specs, run_dir, settings)
    progress = execute_batch(plan, settings, on_progress, client)
    return finish_batch(plan, settings, progress)
