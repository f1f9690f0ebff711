"""A batch over good, broken and hostile inputs: every good report extracted with its values,
every broken one recorded with its reason, and the same numbers in every output format."""

from __future__ import annotations

import json

import duckdb
import pandas as pd

from tests.batch.conftest import SmallRun

# The query printed in the README (section "Batch extraction"); kept identical here.
README_QUERY = """
SELECT r.agency, r.year, c.value AS requests_received
FROM reports r JOIN cells c USING (report_id)
WHERE c.cell_id = 't3.new.total' AND r.status <> 'failed'
ORDER BY r.agency, r.year
"""


def test_every_good_report_is_extracted_with_its_values(small_run: SmallRun) -> None:
    reports = pd.read_parquet(small_run.run_dir / "reports.parquet")
    wide = pd.read_parquet(small_run.run_dir / "wide.parquet").set_index("source")
    by_source = reports.set_index("source")
    for name, spec in small_run.good.items():
        if name == small_run.duplicate[0]:
            assert by_source.loc[name, "also_named"] == small_run.duplicate[1]
        assert by_source.loc[name, "status"] == "ok", name
        assert by_source.loc[name, "agency"] == spec.agency
        assert by_source.loc[name, "year"] == spec.year
        for cid, value in spec.values.items():
            assert wide.loc[name, cid] == value, (name, cid)


def test_every_broken_input_is_recorded_with_its_reason(small_run: SmallRun) -> None:
    reports = pd.read_parquet(small_run.run_dir / "reports.parquet").set_index("source")
    assert len(small_run.hostile) == 20
    for name in small_run.hostile:
        assert reports.loc[name, "status"] == "failed", name
        assert isinstance(reports.loc[name, "failure_code"], str) and reports.loc[name, "failure_reason"]
    assert reports.loc["hang-1.txt", "failure_code"] == "TIMEOUT"
    assert reports.loc["empty.txt", "failure_code"] == "EMPTY_FILE"
    assert reports.loc["deflate-bomb.pdf", "failure_code"] in ("WORKER_DIED", "MEMORY_LIMIT")
    counts = small_run.manifest["counts"]
    assert counts["reports"] == len(small_run.good) + len(small_run.hostile)
    assert (counts["ok"], counts["failed"]) == (len(small_run.good), 20)


def test_formats_agree(small_run: SmallRun) -> None:
    run = small_run.run_dir
    con = duckdb.connect(str(run / "dataset.duckdb"), read_only=True)
    try:
        for table in ("reports", "cells", "wide", "checks", "issues", "dataset_checks"):
            parquet = pd.read_parquet(run / f"{table}.parquet")
            csv = pd.read_csv(run / f"{table}.csv", dtype_backend="pyarrow")
            jsonl = pd.read_json(run / f"{table}.jsonl", lines=True)
            db = con.execute(f'SELECT * FROM "{table}"').df()
            assert len(parquet) == len(csv) == len(jsonl) == len(db) > 0, table
            assert list(parquet.columns) == list(csv.columns) == list(db.columns), table
        def values(data: pd.DataFrame) -> dict[tuple[str, str], float | None]:
            return {(str(r), str(c)): None if pd.isna(v) else float(v)
                    for r, c, v in zip(data["report_id"], data["cell_id"], data["value"], strict=True)}

        expected = values(pd.read_parquet(run / "cells.parquet"))
        assert sum(v is not None for v in expected.values()) == 48 * (200 + 7)  # + the derived t3.other.* row
        for other in (pd.read_csv(run / "cells.csv"), pd.read_json(run / "cells.jsonl", lines=True),
                      con.execute("SELECT * FROM cells").df()):
            assert values(other) == expected
        total = con.execute("SELECT sum(value) FROM cells WHERE cell_id = 't3.new.total'").fetchone()
        assert total is not None and total[0] == sum(s.values["t3.new.total"] for s in small_run.good.values())
    finally:
        con.close()


def test_parquet_columns_are_typed(small_run: SmallRun) -> None:
    reports = pd.read_parquet(small_run.run_dir / "reports.parquet")
    cells = pd.read_parquet(small_run.run_dir / "cells.parquet")
    assert str(reports["year"].dtype) == "Int64"
    assert reports["confidence"].dtype == "float64"
    assert str(reports["checks_failed"].dtype) == "Int64"
    assert cells["value"].dtype == "float64"
    assert pd.api.types.is_string_dtype(cells["cell_id"])
    wide = pd.read_parquet(small_run.run_dir / "wide.parquet")
    assert wide["t3.new.total"].dtype == "float64"


def test_readme_duckdb_query_runs_as_written(small_run: SmallRun) -> None:
    con = duckdb.connect(str(small_run.run_dir / "dataset.duckdb"), read_only=True)
    try:
        rows = con.execute(README_QUERY).fetchall()
    finally:
        con.close()
    expected = sorted((s.agency, s.year, float(s.values["t3.new.total"])) for s in small_run.good.values())
    assert sorted(rows) == expected


def test_r5_flags_the_planted_mismatch_and_nothing_else(small_run: SmallRun) -> None:
    checks = pd.read_parquet(small_run.run_dir / "dataset_checks.parquet")
    r5 = checks[checks["check_id"] == "R5"]
    agencies = {s.agency for s in small_run.good.values()}
    assert len(r5) == len(agencies) * 3  # 2022, 2023, 2024 against the year before
    failed = r5[r5["status"] == "fail"]
    assert len(failed) == 1
    row = failed.iloc[0]
    assert (row["agency"], row["year"]) == (small_run.planted.agency, 2023)
    assert row["lhs"] - row["rhs"] == 7
    r6 = checks[checks["check_id"] == "R6"]
    assert len(r6) == len(agencies) * 3 * 2 and set(r6["status"]) == {"pass"}


def test_duplicate_content_is_flagged(small_run: SmallRun) -> None:
    checks = pd.read_parquet(small_run.run_dir / "dataset_checks.parquet")
    dup = checks[checks["check_id"] == "DUPLICATE_CONTENT"]
    assert len(dup) == 1 and small_run.duplicate[1] in dup.iloc[0]["sources"]


def test_run_manifest_names_versions_layouts_and_counts(small_run: SmallRun) -> None:
    manifest = json.loads((small_run.run_dir / "run.json").read_text(encoding="utf-8"))
    assert {lay["template"] for lay in manifest["layouts"]} == {"2019", "2021"}
    assert all(len(lay["sha256"]) == 64 for lay in manifest["layouts"])
    assert manifest["versions"]["pyarrow"]
    assert manifest["counts"]["failure_codes"]["TIMEOUT"] == 1
    assert manifest["timings"]["extract_wall_s"] > 0


def test_codebook_is_written_beside_the_data(small_run: SmallRun) -> None:
    codebook = pd.read_csv(small_run.run_dir / "codebook.csv")
    row = codebook[(codebook["template"] == 2021) & (codebook["id"] == "t3.new.total")].iloc[0]
    assert row["zh"] == "一、本年新收政府信息公开申请数量/总计"
    assert row["en"] == "requests received this year: total"


def test_resume_extracts_nothing_twice(small_run: SmallRun) -> None:
    from extractor.batch.runner import plan_batch
    from extractor.batch.settings import BatchSettings

    plan = plan_batch(small_run.inputs, small_run.run_dir, BatchSettings(workers=2))
    assert plan.pending == [] and plan.deferred == []
    assert plan.already_done == len(small_run.good) + len(small_run.hostile) + 1
