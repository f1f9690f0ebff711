"""The same batch on a Dask LocalCluster (loopback, no dashboard) gives the same dataset."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest

from tests.batch.generate import agency_name, make_series, render_html, render_text

STABLE = ["report_id", "source", "agency", "year", "template", "status", "confidence", "checks_passed",
          "checks_failed", "failure_code"]


def test_dask_local_cluster_gives_the_same_dataset_as_the_pool(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    from extractor.batch.runner import run_batch
    from extractor.batch.settings import BatchSettings

    rng = random.Random(2)
    folder = tmp_path / "in"
    folder.mkdir()
    for a in range(3):
        for spec in make_series(rng, agency_name(a), range(2021, 2025)):
            render, ext = (render_html, "html") if a % 2 else (render_text, "txt")
            (folder / f"d{a}-{spec.year}.{ext}").write_text(render(spec), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    pool = run_batch((str(folder),), tmp_path / "pool", BatchSettings(workers=2, progress=False))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None,
                                  protocol="tcp", host="127.0.0.1", scheduler_port=0) as cluster, distributed.Client(cluster) as client:
        dask = run_batch((str(folder),), tmp_path / "dask",
                         BatchSettings(scheduler=cluster.scheduler_address, progress=False), client=client)
    assert dask["counts"]["reports"] == pool["counts"]["reports"] == 13
    for table, keys in (("reports", STABLE), ("cells", None), ("dataset_checks", None)):
        a = pd.read_parquet(tmp_path / "pool" / f"{table}.parquet")
        b = pd.read_parquet(tmp_path / "dask" / f"{table}.parquet")
        if keys:
            a, b = a[keys], b[keys]
        pd.testing.assert_frame_equal(a, b)
    import duckdb

    folder = tmp_path / "dask" / "partitioned" / "cells"
    assert sorted(p.name for p in folder.iterdir()) == ["year=2021", "year=2022", "year=2023", "year=2024"]
    rows = duckdb.connect().execute(
        f"SELECT count(*), sum(value) FROM read_parquet('{folder}/*/*.parquet', hive_partitioning=true)").fetchone()
    single = pd.read_parquet(tmp_path / "dask" / "cells.parquet")
    assert rows is not None and rows[0] == len(single) and rows[1] == pytest.approx(single["value"].sum())
