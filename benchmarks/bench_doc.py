"""DOC inputs in a batch: bulk LibreOffice conversion before extraction against one conversion per
document inside the workers.

    .venv/bin/python benchmarks/bench_doc.py [--n 32] [--workers 2] [--runs 3]

Generates ``--n`` DOC reports (extractor.synth, carrier doc_libreoffice; cached under
output/bench-doc/inputs), then runs ``extract batch`` on them ``--runs`` times each way into fresh
run folders and prints the median wall time, reports/s and whether every value is right.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.batch.runner import run_batch  # noqa: E402
from extractor.batch.settings import BatchSettings  # noqa: E402
from extractor.batch.state import ResultStore  # noqa: E402
from extractor.evaluate.metrics import _same  # noqa: E402
from extractor.loaders.doc import soffice_path  # noqa: E402
from extractor.synth.generate import generate_report  # noqa: E402


def _inputs(folder: Path, n: int) -> dict[str, dict[str, object]]:
    folder.mkdir(parents=True, exist_ok=True)
    golds = {}
    for index in range(n):
        gold_path = folder / f"{index:03d}.gold.json"
        if gold_path.exists():
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        else:
            doc = generate_report(41, index, "doc_libreoffice")
            (folder / doc.name).write_bytes(doc.data)
            gold = doc.gold
            gold_path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
        golds[str(gold["document"])] = gold
    return golds


def _wrong(run: Path, golds: dict[str, dict[str, object]]) -> int:
    results = ResultStore(run)
    wrong = 0
    for line in (run / "reports.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        gold = golds[row["source"]]
        cells = results.read(row["report_id"])["record"]["cells"]
        values = gold["values"]
        assert isinstance(values, dict)
        wrong += sum(not _same(v, cells[c]["state"], cells[c]["value"]) for c, v in values.items()
                     if c not in (gold.get("not_printed") or []))
    return wrong


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "output" / "bench-doc")
    args = parser.parse_args()
    if soffice_path() is None:
        sys.exit("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    inputs = args.out / "inputs"
    golds = _inputs(inputs, args.n)
    settings = BatchSettings(workers=args.workers, formats=("jsonl",), progress=False)
    summary = {}
    for way in ("bulk", "one by one"):
        times, wrong = [], 0
        for k in range(args.runs):
            run = args.out / f"run-{way.replace(' ', '-')}-{k}"
            shutil.rmtree(run, ignore_errors=True)
            start = time.perf_counter()
            if way == "bulk":
                manifest = run_batch((str(inputs),), run, settings)
            else:
                with mock.patch("extractor.batch.convert.convert_pending", return_value=0):
                    manifest = run_batch((str(inputs),), run, settings)
            times.append(time.perf_counter() - start)
            wrong += _wrong(run, golds)
            assert manifest["counts"]["reports"] == args.n
        median = statistics.median(times)
        summary[way] = {"median_s": round(median, 2), "reports_per_s": round(args.n / median, 2),
                        "runs_s": [round(t, 2) for t in times], "wrong_cells": wrong}
        print(f"{way:>11}: median {median:.2f} s for {args.n} DOC reports = {args.n / median:.2f} reports/s "
              f"(runs {', '.join(f'{t:.1f}' for t in times)}); wrong cells {wrong}")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
