"""Foundation benchmark: time per report for r004 (HTML) and s000 (text), one core, and peak memory.

Run: .venv/bin/python benchmarks/bench_foundation.py [--runs 15]
Median of several runs after a warm-up (label-match caches warm, as in a batch, where the
same template labels recur in every report), and the median with those caches cleared, in one process pinned to one core (os.sched_setaffinity);
peak memory is the process's maximum resident set size (ru_maxrss) after the runs, and the
tracemalloc peak of one extraction.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
import tracemalloc
from pathlib import Path

from extractor.matching import label_score
from extractor.normalize import normalize_label, strip_explanation
from extractor.pipeline import extract_bytes

ROOT = Path(__file__).resolve().parents[1]
DOCS = {
    "r004.html": ROOT.parent / "shared" / "corpus" / "docs" / "r004.html",
    "s000.txt": ROOT / "samples" / "s000.txt",
    "s001.html": ROOT / "samples" / "s001.html",
    "s002.txt": ROOT / "samples" / "s002.txt",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    print(f"{'document':<12} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'cold-cache ms':>14} "
          f"{'tracemalloc peak MB':>20}")
    for name, path in DOCS.items():
        if not path.exists():
            print(f"{name:<12} (absent: {path})")
            continue
        data = path.read_bytes()
        extract_bytes(data, name)  # warm-up: imports, layouts, OpenCC dictionaries
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            extract_bytes(data, name)
            times.append((time.perf_counter() - start) * 1000)
        cold = []
        for _ in range(max(3, args.runs // 3)):
            for cached in (label_score, normalize_label, strip_explanation):
                cached.cache_clear()
            start = time.perf_counter()
            extract_bytes(data, name)
            cold.append((time.perf_counter() - start) * 1000)
        tracemalloc.start()
        extract_bytes(data, name)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        print(f"{name:<12} {statistics.median(times):>10.1f} {min(times):>8.1f} {max(times):>8.1f} "
              f"{statistics.median(cold):>14.1f} {peak:>20.1f}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS: {rss:.0f} MB (Python, lxml, OpenCC, rapidfuzz loaded)")


if __name__ == "__main__":
    main()
