"""A small batch run shared by the batch tests: good reports, hostile inputs, a planted R5 mismatch."""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.batch.generate import (
    ReportSpec,
    agency_name,
    hostile_files,
    make_series,
    plant_r5_mismatch,
    render_html,
    render_text,
)

HANG_MARKER = "HANG-FOR-TEST"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: long batch runs (set EXTRACT_SLOW_TESTS=1 to run them)")


@dataclass(frozen=True)
class SmallRun:
    run_dir: Path
    inputs: tuple[str, ...]
    good: dict[str, ReportSpec]  # file name → spec
    hostile: dict[str, str]  # file name → what is wrong
    duplicate: tuple[str, str]  # two names, same bytes
    planted: ReportSpec  # the report whose 上年结转 disagrees with last year's 结转下年
    manifest: dict[str, Any]


def make_inputs(root: Path, agencies: int = 12, seed: int = 11) -> tuple[dict[str, ReportSpec], ReportSpec]:
    rng = random.Random(seed)
    good: dict[str, ReportSpec] = {}
    planted: ReportSpec | None = None
    (root / "good").mkdir(parents=True, exist_ok=True)
    for a in range(agencies):
        for spec in make_series(rng, agency_name(a), range(2021, 2025)):
            if a == 3 and spec.year == 2023:
                spec = plant_r5_mismatch(spec)
                planted = spec
            name = f"a{a:02d}-{spec.year}" + (".html" if (a + spec.year) % 2 else ".txt")
            render = render_html if name.endswith(".html") else render_text
            (root / "good" / name).write_text(render(spec), encoding="utf-8")
            good[name] = spec
    assert planted is not None
    return good, planted


@pytest.fixture(scope="session")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmallRun]:
    from extractor.batch.runner import run_batch
    from extractor.batch.settings import BatchSettings

    root = tmp_path_factory.mktemp("batch")
    good, planted = make_inputs(root)
    hostile = hostile_files(root / "bad")
    original = sorted(good)[0]
    copy = "copy-of-" + original
    shutil.copy(root / "good" / original, root / "bad" / copy)
    inputs = (str(root / "good"), str(root / "bad"))
    old = os.environ.get("EXTRACT_BATCH_TEST_HANG")
    os.environ["EXTRACT_BATCH_TEST_HANG"] = HANG_MARKER
    try:
        manifest = run_batch(inputs, root / "run", BatchSettings(workers=2, timeout_s=4, memory_mb=1024,
                                                                   progress=False))
    finally:
        if old is None:
            os.environ.pop("EXTRACT_BATCH_TEST_HANG", None)
        else:
            os.environ["EXTRACT_BATCH_TEST_HANG"] = old
    yield SmallRun(root / "run", inputs, good, hostile, (original, copy), planted, manifest)
