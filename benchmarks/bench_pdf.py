#!/usr/bin/env python3
"""PDF loader speed and memory against plain pdfplumber.

In one process, after a warm-up run, the median of N runs of:
  * ``load_pdf`` (pypdfium2 fast pass + table geometry on the table pages only),
  * the full ``extract_bytes`` pipeline, when ``extractor.pipeline`` provides it,
  * plain ``pdfplumber.open()`` + ``page.extract_tables()`` over every page (the baseline).
Peak memory is measured in a fresh subprocess per case (VmHWM), so imports count.

    .venv/bin/python benchmarks/bench_pdf.py [PDF ...] [--runs 7]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DOCS = [ROOT.parent / "shared" / "corpus" / "docs" / "r001.pdf", *sorted((ROOT / "samples" / "pdf").glob("*.pdf"))]


def case_load(data: bytes, name: str) -> None:
    from extractor.document import SourceInfo
    from extractor.loaders.pdf import load_pdf

    load_pdf(data, SourceInfo(name, hashlib.sha256(data).hexdigest(), "application/pdf"))


def case_extract(data: bytes, name: str) -> None:
    from extractor.pipeline import extract_bytes

    extract_bytes(data, name)


def case_pdfplumber(data: bytes, name: str) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_tables()


CASES: dict[str, Callable[[bytes, str], None]] = {
    "load_pdf": case_load, "extract_bytes": case_extract, "pdfplumber": case_pdfplumber,
}


def has_pipeline() -> bool:
    try:
        from extractor import pipeline
    except ImportError:
        return False
    return hasattr(pipeline, "extract_bytes")


def median_seconds(case: Callable[[bytes, str], None], data: bytes, name: str, runs: int) -> float:
    case(data, name)  # warm-up: imports, font caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        case(data, name)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_rss_mb() -> float:
    """VmHWM of this process (ru_maxrss can carry the forking parent's peak over)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_mb(case: str, path: Path) -> float:
    """Peak RSS of a fresh process running the case once."""
    out = subprocess.run([sys.executable, __file__, "--child", case, str(path)], check=True,
                         capture_output=True, text=True)
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("docs", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        case, path = args.child
        CASES[case](Path(path).read_bytes(), Path(path).name)
        print(peak_rss_mb())
        return
    cases = ["load_pdf", *(["extract_bytes"] if has_pipeline() else []), "pdfplumber"]
    results = []
    print(f"| document | pages | {' | '.join(f'{c} s' for c in cases)} | speed-up vs pdfplumber | "
          f"{' | '.join(f'{c} peak MB' for c in cases)} |")
    print("|" + "---|" * (3 + 2 * len(cases)))
    for path in args.docs or DEFAULT_DOCS:
        if not path.exists():
            print(f"(skipped, not found: {path})", file=sys.stderr)
            continue
        data = path.read_bytes()
        import pypdfium2 as pdfium

        n_pages = len(pdfium.PdfDocument(data))
        secs = {c: median_seconds(CASES[c], data, path.name, args.runs) for c in cases}
        mem = {c: peak_mb(c, path) for c in cases}
        ratio = secs["pdfplumber"] / secs["load_pdf"]
        results.append({"document": path.name, "pages": n_pages, "seconds": secs, "peak_mb": mem, "speedup": ratio})
        print(f"| {path.name} | {n_pages} | {' | '.join(f'{secs[c]:.3f}' for c in cases)} | {ratio:.1f}× | "
              f"{' | '.join(f'{mem[c]:.0f}' for c in cases)} |")
    print(json.dumps(results), file=sys.stderr)


if __name__ == "__main__":
    main()
