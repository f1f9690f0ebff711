"""The large evaluation: ≥ 500 generated reports over every carrier, against the acceptance
criteria of issue 7, with a breakdown by printing variant so that failures point at a cause.

    .venv/bin/python benchmarks/bench_eval.py [--n 600] [--seed 11] [--plot output/reliability.png]

Every carrier the extractor reads is generated in turn (HTML CMS, Word HTML, tab-separated,
aligned and run-together text, PDF by Chromium and by LibreOffice, DOCX, DOC via LibreOffice,
scanned PDF read by OCR), or the ``--carriers`` given; a carrier whose renderer is not installed is
left out and the output says so.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

from extractor.evaluate.metrics import summarize
from extractor.evaluate.report import summary_lines, write_reliability_plot
from extractor.evaluate.run import evaluate_synth
from extractor.loaders.doc import soffice_path
from extractor.loaders.pdf_ocr import ocr_available
from extractor.synth.generate import generate_set
from extractor.synth.render_pdf import chromium_path
from extractor.synth.variants import ALL_CARRIERS


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=600)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--plot", type=Path)
    parser.add_argument("--carriers", help="comma-separated subset of " + ", ".join(ALL_CARRIERS))
    args = parser.parse_args()
    wanted = tuple(args.carriers.split(",")) if args.carriers else ALL_CARRIERS
    unknown = set(wanted) - set(ALL_CARRIERS)
    if unknown:
        parser.error(f"unknown carrier(s) {', '.join(sorted(unknown))}")
    start = time.perf_counter()
    missing = {"pdf_chromium": chromium_path() is None, "doc_libreoffice": soffice_path() is None,
               "pdf_libreoffice": soffice_path() is None, "pdf_scan": chromium_path() is None or not ocr_available()}
    carriers = tuple(c for c in wanted if not missing.get(c))
    for carrier, absent in missing.items():
        if absent:
            print(f"{carrier} left out: what it needs (chromium / soffice / the ocr extra) is not installed")
    docs = generate_set(args.n, args.seed, carriers)
    generated = time.perf_counter()
    results = evaluate_synth(docs)
    done = time.perf_counter()
    s = summarize(results)
    print(f"{args.n} reports, seed {args.seed}: generated in {generated - start:.1f} s, "
          f"evaluated in {done - generated:.1f} s")
    print("\n".join(summary_lines(s)))
    variants = {d.name.rsplit(".", 1)[0]: d.gold["variant"] for d in docs}
    print("\nby variant feature (cells correct / scored, docs with any wrong cell):")
    for feature in ("template", "zero_style", "other_one_row", "encoding", "traditional", "short_labels",
                    "break_labels", "misprint", "unit_in_cells", "drop_leading", "outer_table", "planted"):
        tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for r in results:
            key = f"{r.carrier}/{variants[r.id][feature]}"
            t = tally[key]
            t[0] += r.correct
            t[1] += r.scored
            t[2] += 1
            t[3] += bool(r.wrong)
        print(f"  {feature}: " + "; ".join(f"{k} {c}/{n} ({100 * c / n:.2f}%, {bad}/{docs_} docs)"
                                           for k, (c, n, docs_, bad) in sorted(tally.items())))
    big = [b for b in s.bins if b.count >= 100]
    off = [b for b in big if abs(b.accuracy - b.mean_confidence) > 0.05]
    print("\nacceptance (issue 7):")
    print(f"  cell accuracy ≥ 99.5%:     {100 * s.cell_accuracy:.3f}%  {'PASS' if s.cell_accuracy >= 0.995 else 'FAIL'}")
    print(f"  silent errors ≤ 0.1%:      {100 * s.silent_error_rate:.4f}%  "
          f"{'PASS' if s.silent_error_rate <= 0.001 else 'FAIL'}")
    print(f"  bins (≥100 cells, true figures) within 0.05: {len(big) - len(off)}/{len(big)}  {'PASS' if not off else 'FAIL'}"
          + "".join(f"\n    off: [{b.low}, {b.high}) n={b.count} conf {b.mean_confidence:.3f} acc {b.accuracy:.3f}"
                    for b in off))
    print(f"  planted flagged:           {s.planted_flagged}/{s.planted}  "
          f"{'PASS' if s.planted_flagged == s.planted else 'FAIL'}")
    if args.plot:
        write_reliability_plot(s.bins, args.plot)


if __name__ == "__main__":
    main()
