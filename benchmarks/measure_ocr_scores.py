"""Does rapidocr's recognition score tell right OCR readings from wrong ones?

For every OCR'd cell of generated scans (``python -m extractor.synth --carrier pdf_scan``):
the recogniser's score of the text that went into the cell (``provenance.ocr_score``), whether
the value is right against the gold (the rule of :mod:`extractor.evaluate.metrics`), and how
the cell's sums came out (some pass and none fails / none checks it, as for 表二 / some fail).
Prints accuracy by score band, per sum outcome and per table, the cells' confidence by band
(calibration) and the silent errors (wrong at confidence ≥ 0.9).

OCR is slow (about 2 s a page), so each loaded Document is cached as JSON under ``--cache``
(keyed by the PDF's sha256); the pipeline after loading is re-run from the cache every time,
so changing the confidence rules costs nothing::

    python -m extractor.synth --out /tmp/scan21 --n 40 --seed 21 --carrier pdf_scan
    python benchmarks/measure_ocr_scores.py measure /tmp/scan21 --cache /tmp/ocr-cache
    python benchmarks/measure_ocr_scores.py measure /tmp/scan21 --cache /tmp/ocr-cache --json cells.jsonl

The generated scans are clean enough that OCR misreads about one cell in 8,000, too few to
tell anything; ``degrade`` copies a set as a worse scan (each page scanned again at a low
resolution drawn per document, with more noise and stronger JPEG), which misreads more::

    python benchmarks/measure_ocr_scores.py degrade /tmp/scan21 /tmp/scan21-low
    python benchmarks/measure_ocr_scores.py measure /tmp/scan21-low --cache /tmp/ocr-cache
    python benchmarks/measure_ocr_scores.py fit /tmp/scan21 /tmp/scan21-low --cache /tmp/ocr-cache

Delete the cache after changing the OCR loader.

Measured (rapidocr 3.10, 40 scans each; fitted on seed 21, checked on seed 23): number readings
scoring below 0.8 were right 8 of 31 times (seed 21, worse scans) and 19 of 38 (seed 23, worse
scans); 0.8–0.9: 21 of 23 and 13 of 13; 0.9 and above: 5,729 of 5,730 and 6,057 of 6,058. Dashes
score anywhere from 0.5 to 1 and were never wrong. On the plain scans numbers score ≥ 0.995 but for
a handful; the only misreadings there (slashes read as "1") scored 0.54 in 表二 and 0.98–0.99 in 表三.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import click

from extractor.checks import CheckStatus
from extractor.document import Document
from extractor.evaluate.gold import read_gold_dir
from extractor.evaluate.metrics import SILENT, DocResult, score_record, summarize
from extractor.loaders import load_bytes
from extractor.pipeline import extract_document
from extractor.synth.render_scan import ScanSettings, pdf_to_scan

#: the worse scan of ``degrade``: dpi drawn from this range per document, then noise and JPEG
DEGRADE_DPI = (96, 110)
DEGRADE = ScanSettings(noise_sigma=16.0, jpeg_quality=30)
BANDS = (0.0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 1.0001)
CONF_BANDS = (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0001)


@dataclass(frozen=True)
class OcrCell:
    document: str
    cell_id: str
    score: float | None  # None: a dash told by the ink's shape, or a blank cell
    state: str
    raw: str | None
    gold: float | None
    right: bool
    true_figure: bool
    sums: str  # pass | none | fail
    confidence: float


def load_cached(path: Path, cache: Path) -> Document:
    data = path.read_bytes()
    key = hashlib.sha256(data).hexdigest()
    file = cache / f"{key}.json"
    if file.is_file():
        return Document.from_dict(json.loads(file.read_text(encoding="utf-8")))
    document = load_bytes(data, path.name)
    cache.mkdir(parents=True, exist_ok=True)
    file.write_text(json.dumps(document.to_dict(), ensure_ascii=False), encoding="utf-8")
    return document


def collect(folder: Path, cache: Path) -> tuple[list[OcrCell], list[DocResult]]:
    """Every OCR'd cell of the scans in FOLDER, and every document's scored result."""
    out: list[OcrCell] = []
    results: list[DocResult] = []
    for gold in read_gold_dir(folder / "gold"):
        document = load_cached(folder / "docs" / gold.document, cache)
        record = extract_document(document)
        result = score_record(record, gold, "pdf_scan")
        results.append(result)
        passing = {cid for c in record.checks if c.status is CheckStatus.PASS for cid in c.cells}
        failing = {cid for c in record.checks if c.status is CheckStatus.FAIL for cid in c.cells}
        for cell in result.cells:
            got = record.cells.get(cell.cell_id)
            if got is None or not any(r.startswith("read by OCR") for r in got.reasons):
                continue
            score = cell.provenance.get("ocr_score")
            sums = "fail" if cell.cell_id in failing else "pass" if cell.cell_id in passing else "none"
            out.append(OcrCell(gold.document, cell.cell_id, None if score is None else float(score), cell.state,
                               cell.raw, None if cell.gold is None else float(cell.gold), cell.correct,
                               cell.true_figure, sums, cell.confidence))
    return out, results


def _band(value: float, edges: Sequence[float]) -> str:
    for low, high in zip(edges, edges[1:], strict=False):
        if low <= value < high:
            return f"[{low:.3f}, {min(high, 1.0):.3f}{']' if high > 1 else ')'}"
    return "?"


def _rows(cells: Iterable[OcrCell], edges: Sequence[float]) -> list[tuple[str, int, int]]:
    groups: dict[str, list[bool]] = {}
    for c in cells:
        key = "no score" if c.score is None else _band(c.score, edges)
        groups.setdefault(key, []).append(c.right)
    order = [_band(e, edges) for e in edges[:-1]] + ["no score"]
    return [(k, len(groups[k]), sum(groups[k])) for k in order if k in groups]


def print_score_table(title: str, cells: list[OcrCell]) -> None:
    click.echo(f"\n{title}: {len(cells)} cells, {len(cells) - sum(c.right for c in cells)} wrong")
    click.echo(f"{'score band':<18}{'cells':>7}{'wrong':>7}{'accuracy':>10}")
    for key, n, right in _rows(cells, BANDS):
        click.echo(f"{key:<18}{n:>7}{n - right:>7}{right / n:>10.2%}")


def print_calibration(cells: list[OcrCell]) -> None:
    click.echo(f"\ncalibration of OCR cells (against the true figures): {len(cells)} cells")
    click.echo(f"{'confidence':<18}{'cells':>7}{'mean conf':>11}{'right':>9}")
    groups: dict[str, list[OcrCell]] = {}
    for c in cells:
        groups.setdefault(_band(c.confidence, CONF_BANDS), []).append(c)
    for key in [_band(e, CONF_BANDS) for e in CONF_BANDS[:-1]]:
        if key in groups:
            g = groups[key]
            click.echo(f"{key:<18}{len(g):>7}{sum(c.confidence for c in g) / len(g):>11.4f}"
                       f"{sum(c.true_figure for c in g) / len(g):>9.2%}")


def pav_blocks(pairs: list[tuple[float, bool]], min_block: int) -> list[tuple[float, float, int, int]]:
    """Pool-adjacent-violators on (score, right): (lowest score, highest, readings, right) per
    block, accuracy ascending; readings are first grouped in score order into blocks of at least
    ``min_block``."""
    blocks: list[list[float]] = []
    for score, right in sorted(pairs):
        if blocks and blocks[-1][2] < min_block:
            blocks[-1][1], blocks[-1][2], blocks[-1][3] = score, blocks[-1][2] + 1, blocks[-1][3] + right
        else:
            blocks.append([score, score, 1, int(right)])
    out: list[list[float]] = []
    for block in blocks:
        out.append(block)
        while len(out) > 1 and out[-2][3] / out[-2][2] >= out[-1][3] / out[-1][2]:
            last = out.pop()
            out[-1][1], out[-1][2], out[-1][3] = last[1], out[-1][2] + last[2], out[-1][3] + last[3]
    return [(b[0], b[1], int(b[2]), int(b[3])) for b in out]


@click.group()
def main() -> None:
    """Measure OCR recognition scores against the gold of generated scans."""


@main.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
def degrade(folder: Path, out: Path) -> None:
    """Copy FOLDER's scans to OUT as worse scans (same gold)."""
    (out / "docs").mkdir(parents=True, exist_ok=True)
    shutil.copytree(folder / "gold", out / "gold", dirs_exist_ok=True)
    for path in sorted((folder / "docs").glob("*.pdf")):
        rng = random.Random(path.name)
        settings = replace(DEGRADE, dpi=rng.randint(*DEGRADE_DPI))
        (out / "docs" / path.name).write_bytes(pdf_to_scan(path.read_bytes(), rng, settings))
    click.echo(f"{len(list((out / 'docs').glob('*.pdf')))} scans in {out / 'docs'}")


@main.command()
@click.argument("folders", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="folder for the loaded Documents (JSON, by sha256)")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="also write every OCR'd cell as JSON Lines")
def measure(folders: tuple[Path, ...], cache: Path, json_out: Path | None) -> None:
    """Accuracy of OCR'd cells by recognition score in FOLDERS (docs/ + gold/ of generated scans)."""
    cells: list[OcrCell] = []
    results: list[DocResult] = []
    for folder in folders:
        more, scored = collect(folder, cache)
        cells.extend(more)
        results.extend(scored)
    summary = summarize(results)
    click.echo(f"{summary.documents} documents: {summary.cells_correct} of {summary.cells_scored} cells right "
               f"({summary.cell_accuracy:.2%}), {summary.silent_errors} silent errors (wrong at confidence ≥ {SILENT})")
    numbers = [c for c in cells if c.state == "number"]
    print_score_table("all OCR'd cells", cells)
    print_score_table("number readings", numbers)
    print_score_table("dash readings (state na)", [c for c in cells if c.state == "na"])
    for sums, name in (("pass", "a sum passes, none fails"), ("none", "no sum checks the cell (表二)"),
                       ("fail", "a sum through the cell fails")):
        print_score_table(f"number readings, {name}", [c for c in numbers if c.sums == sums])
    wrong = [c for c in cells if not c.right]
    click.echo(f"\nwrong OCR'd cells: {len(wrong)}")
    for c in wrong:
        click.echo(f"  {c.document} {c.cell_id}: read {c.raw!r} ({c.state}), gold {c.gold}, score {c.score}, "
                   f"sums {c.sums}, confidence {c.confidence}")
    print_calibration(cells)
    silent = [c for c in cells if not c.right and c.confidence >= SILENT]
    click.echo(f"silent errors among OCR'd cells: {len(silent)} of {len(cells)}")
    if json_out is not None:
        with json_out.open("w", encoding="utf-8") as fh:
            for c in cells:
                fh.write(json.dumps(c.__dict__, ensure_ascii=False) + "\n")


@main.command()
@click.argument("folders", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--min-block", type=int, default=10, show_default=True)
def fit(folders: tuple[Path, ...], cache: Path, min_block: int) -> None:
    """Accuracy of number readings by score, isotonic (PAV): the points of OCR_SCORE_CLARITY."""
    pairs = [(c.score, c.right) for folder in folders for c in collect(folder, cache)[0]
             if c.state == "number" and c.score is not None]
    click.echo(f"{len(pairs)} number readings with a score")
    for low, high, n, right in pav_blocks(pairs, min_block):
        click.echo(f"  scores {low:.4f}–{high:.4f}: {n:>6} readings, accuracy {right / n:.3f}")


if __name__ == "__main__":
    sys.exit(main())
