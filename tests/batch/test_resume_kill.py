"""``extract batch`` killed with SIGKILL mid-run, then run again: no report lost, none extracted twice."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from tests.batch.conftest import make_inputs

EXTRACT = [sys.executable, "-c", "from extractor.cli import main; main()"]


def _done(run: Path) -> int:
    try:
        con = sqlite3.connect(run / "state.sqlite", timeout=5)
        try:
            return int(con.execute("SELECT count(*) FROM inputs").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def test_sigkill_mid_run_then_resume_loses_nothing_and_repeats_nothing(tmp_path: Path) -> None:
    good, _ = make_inputs(tmp_path, agencies=40, seed=5)  # 160 reports
    run = tmp_path / "run"
    cmd = [*EXTRACT, "batch", str(tmp_path / "good"), "--out", str(run), "--workers", "2", "--no-progress",
           "--format", "parquet"]
    first = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while _done(run) < 30 and time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)  # the runner and its workers, mid-run
    first.wait(10)
    done_before = _done(run)
    assert 30 <= done_before < len(good), "the kill did not land mid-run"
    second = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    manifest = json.loads((run / "run.json").read_text(encoding="utf-8"))
    counts = manifest["counts"]
    assert counts["skipped_already_done"] + counts["extracted_this_run"] == len(good)
    assert counts["skipped_already_done"] >= done_before
    reports = pd.read_parquet(run / "reports.parquet")
    assert sorted(reports["source"]) == sorted(good)  # none lost, none twice
    assert reports["report_id"].is_unique and set(reports["status"]) == {"ok"}
    cells = pd.read_parquet(run / "cells.parquet")
    assert not cells.duplicated(["report_id", "cell_id"]).any()
    assert len(cells) == len(good) * 207
