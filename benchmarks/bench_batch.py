"""Batch benchmark and the 1,000-report acceptance run (issue 6).

    .venv/bin/python benchmarks/bench_batch.py [--reports 1000] [--workers 2] [--out output/bench-batch]

1. Acceptance: 1,000 project-made reports (HTML, text and text-layer PDF printed by headless
   Chromium when installed) of which 20 are broken or hostile (empty, truncated, junk, a gzip bomb
   named .html, a deflate-bomb PDF, one that hangs the loader through the test hook). Checks that
   every good report gives its generated values, every broken one is recorded with a reason, and
   CSV, JSONL, Parquet and DuckDB agree.
2. Throughput with ``--workers``: HTML and text only; text-layer PDFs only.
3. The HTML/text batch on a Dask LocalCluster (processes, one thread each) against the pool.
Prints a JSON summary and writes it to ``<out>/bench.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402

from extractor.batch.runner import run_batch  # noqa: E402
from extractor.batch.settings import BatchSettings  # noqa: E402
from tests.batch.generate import hostile_files, render_pdfs, write_corpus  # noqa: E402

HANG = "HANG-FOR-TEST"


def _pdfs(cache: Path, count: int) -> list[Path]:
    """``count`` distinct text-layer PDFs, rendered once and cached."""
    import random

    from tests.batch.generate import agency_name, make_series

    existing = sorted(cache.glob("*.pdf"))
    if len(existing) >= count:
        return existing[:count]
    rng = random.Random(99)
    specs = [s for a in range(count // 4 + 1) for s in make_series(rng, agency_name(200 + a), range(2021, 2025))]
    made = render_pdfs(specs[:count], cache)
    (cache / "specs.json").write_text(json.dumps([[p.name, s.values] for p, s in zip(made, specs, strict=False)],
                                                 ensure_ascii=False), encoding="utf-8")
    return made


def _agree(run: Path) -> dict[str, int]:
    con = duckdb.connect(str(run / "dataset.duckdb"), read_only=True)
    out = {}
    for table in ("reports", "cells", "checks", "issues", "dataset_checks"):
        n = {len(pd.read_parquet(run / f"{table}.parquet")), len(pd.read_csv(run / f"{table}.csv")),
             len(pd.read_json(run / f"{table}.jsonl", lines=True)),
             int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])}  # type: ignore[index]
        assert len(n) == 1, (table, n)
        out[table] = n.pop()
    sums = {float(pd.read_parquet(run / "cells.parquet")["value"].sum()),
            float(pd.read_csv(run / "cells.csv")["value"].sum()),
            float(pd.read_json(run / "cells.jsonl", lines=True)["value"].sum()),
            float(con.execute("SELECT sum(value) FROM cells").fetchone()[0])}  # type: ignore[index]
    assert max(sums) - min(sums) < 1e-6 * max(sums), sums
    con.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--pdfs", type=int, default=24)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "output" / "bench-batch")
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    out: Path = args.out
    for sub in ("in", "runs"):
        shutil.rmtree(out / sub, ignore_errors=True)
    pdfs = _pdfs(out / "pdf-cache", args.pdfs)
    good_n = args.reports - 20 - len(pdfs)
    specs = write_corpus(out / "in" / "good", good_n, seed=3)
    hostile = hostile_files(out / "in" / "bad")
    pdf_dir = out / "in" / "pdf"
    pdf_dir.mkdir(parents=True)
    for p in pdfs:
        shutil.copy(p, pdf_dir / p.name)
    os.environ["EXTRACT_BATCH_TEST_HANG"] = HANG
    settings = BatchSettings(workers=args.workers, timeout_s=10, memory_mb=1024, progress=False)
    result: dict[str, object] = {"workers": args.workers, "cores": os.cpu_count()}

    # 1. acceptance: everything mixed
    t = time.perf_counter()
    manifest = run_batch((str(out / "in" / "good"), str(pdf_dir), str(out / "in" / "bad")), out / "runs" / "all",
                         settings)
    total_s = time.perf_counter() - t
    run = out / "runs" / "all"
    wide = pd.read_parquet(run / "wide.parquet").set_index("source")
    reports = pd.read_parquet(run / "reports.parquet").set_index("source")
    wrong = [(f"g{i:05d}", cid) for i, spec in enumerate(specs)
             for name in [next(n for n in (f"g{i:05d}.html", f"g{i:05d}.txt") if n in wide.index)]
             for cid, v in spec.values.items() if wide.loc[name, cid] != v]
    pdf_specs = json.loads((out / "pdf-cache" / "specs.json").read_text(encoding="utf-8"))
    wrong += [(name, cid) for name, values in pdf_specs if name in wide.index
              for cid, v in values.items() if wide.loc[name, cid] != v]
    unrecorded = [n for n in hostile if reports.loc[n, "status"] != "failed" or pd.isna(reports.loc[n, "failure_code"])]
    result["acceptance"] = {
        "documents": manifest["counts"]["reports"], "ok": manifest["counts"]["ok"],
        "partial": manifest["counts"]["partial"], "failed": manifest["counts"]["failed"],
        "failure_codes": manifest["counts"]["failure_codes"], "wrong_values": len(wrong), "wrong_examples": wrong[:5],
        "hostile_not_recorded": unrecorded, "rows_agree_across_formats": _agree(run),
        "extract_wall_s": manifest["timings"]["extract_wall_s"], "write_s": manifest["timings"]["write_s"],
        "total_s": round(total_s, 2)}

    # 2. throughput
    html_text = run_batch((str(out / "in" / "good"),), out / "runs" / "html_text", settings)
    n = html_text["counts"]["extracted_this_run"]
    result["html_text"] = {"reports": n, "extract_wall_s": html_text["timings"]["extract_wall_s"],
                           "reports_per_s": round(n / html_text["timings"]["extract_wall_s"], 1)}
    pdf_run = run_batch((str(pdf_dir),), out / "runs" / "pdf", settings)
    n = pdf_run["counts"]["extracted_this_run"]
    result["pdf"] = {"reports": n, "ok": pdf_run["counts"]["ok"], "extract_wall_s": pdf_run["timings"]["extract_wall_s"],
                     "reports_per_s": round(n / pdf_run["timings"]["extract_wall_s"], 2)}

    # 3. Dask LocalCluster, same HTML/text batch
    if not args.no_dask:
        from distributed import Client, LocalCluster

        start = time.perf_counter()
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          host="127.0.0.1", protocol="tcp", silence_logs=40) as cluster, Client(cluster) as client:
            started = time.perf_counter() - start
            dask = run_batch((str(out / "in" / "good"),), out / "runs" / "dask",
                             BatchSettings(scheduler=cluster.scheduler_address, timeout_s=10, progress=False),
                             client=client)
        n = dask["counts"]["extracted_this_run"]
        rate = n / dask["timings"]["extract_wall_s"]
        same = pd.read_parquet(out / "runs" / "dask" / "cells.parquet").equals(
            pd.read_parquet(out / "runs" / "html_text" / "cells.parquet"))
        result["dask"] = {"reports": n, "cluster_start_s": round(started, 2),
                          "extract_wall_s": dask["timings"]["extract_wall_s"], "reports_per_s": round(rate, 1),
                          "vs_pool": round(rate / result["html_text"]["reports_per_s"], 3),  # type: ignore[index]
                          "cells_identical_to_pool": same}
    text = json.dumps(result, ensure_ascii=False, indent=2)
    (out / "bench.json").write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
