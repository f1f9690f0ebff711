"""Fitting the confidence calibration map on generated reports (a seed held apart from every
evaluation set), by isotonic regression (pool-adjacent-violators).

``python -m extractor.evaluate.calibration --n 600`` writes ``layouts/calibration.json``; the
map is applied as the last step of :mod:`extractor.confidence`. It is fitted on the *raw*
scores (the ``uncalibrated`` reason when a map is already applied), against the true figures
(a planted number read as printed is not the figure the report should hold; see metrics).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import click

from extractor.evaluate.gold import parse_gold
from extractor.layouts import layouts_dir
from extractor.pipeline import extract_bytes
from extractor.synth.generate import generate_set

CALIBRATION_SEED = 9001  # never used by an evaluation set (CI uses 2024, the benchmark 11)
MIN_BLOCK = 50  # a fitted point stands for at least this many cells


@dataclass(frozen=True)
class Block:
    low: float
    high: float
    count: int
    accuracy: float


def fit_isotonic(pairs: list[tuple[float, bool]], min_block: int = MIN_BLOCK) -> list[Block]:
    """Pool-adjacent-violators on (raw confidence, correct), sorted by confidence; blocks smaller
    than ``min_block`` are pooled with a neighbour so each point rests on enough cells."""
    by_conf: dict[float, list[int]] = {}
    for conf, ok in pairs:
        tally = by_conf.setdefault(conf, [0, 0])
        tally[0] += 1
        tally[1] += ok
    blocks: list[list[float]] = []  # [low, high, count, correct]
    for conf in sorted(by_conf):
        count, correct = by_conf[conf]
        blocks.append([conf, conf, float(count), float(correct)])
        while len(blocks) > 1 and (blocks[-2][3] / blocks[-2][2] >= blocks[-1][3] / blocks[-1][2]
                                   or blocks[-2][2] < min_block):
            low, _, n, k = blocks.pop(-2)
            blocks[-1] = [low, blocks[-1][1], blocks[-1][2] + n, blocks[-1][3] + k]
    return [Block(b[0], b[1], int(b[2]), b[3] / b[2]) for b in blocks]


def raw_confidence(confidence: float, reasons: tuple[str, ...]) -> float:
    for reason in reasons:
        if reason.startswith("uncalibrated "):
            return float(reason.split()[1])
    return confidence


def collect_pairs(n: int, seed: int = CALIBRATION_SEED) -> list[tuple[float, bool]]:
    from extractor.evaluate.metrics import _same

    pairs = []
    for doc in generate_set(n, seed):
        gold = parse_gold(doc.gold, doc.name, doc.name)
        record = extract_bytes(doc.data, doc.name)
        for cid in gold.scored_ids:
            cell = record.cells.get(cid)
            if cell is None or cell.state == "missing":
                continue  # not found: confidence 0 already; nothing to calibrate
            pairs.append((raw_confidence(cell.confidence, cell.reasons),
                          _same(gold.true_figure(cid), cell.state, cell.value)))
    return pairs


def calibration_data(blocks: list[Block], n: int, seed: int) -> dict[str, object]:
    points = []
    for b in blocks:
        points.append([round(b.low, 4), round(b.accuracy, 4)])
        if b.high != b.low:
            points.append([round(b.high, 4), round(b.accuracy, 4)])
    return {"method": "isotonic (PAV), lower-only", "seed": seed, "reports": n, "lower_only": True,
            "blocks": [{"low": b.low, "high": b.high, "cells": b.count, "accuracy": round(b.accuracy, 6)}
                       for b in blocks],
            "points": points}


@click.command()
@click.option("--n", "count", type=int, default=600, show_default=True)
@click.option("--seed", type=int, default=CALIBRATION_SEED, show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path))
def main(count: int, seed: int, out: Path | None) -> None:
    """Fit the calibration map on COUNT generated reports and write it (default layouts/calibration.json)."""
    pairs = collect_pairs(count, seed)
    blocks = fit_isotonic(pairs)
    target = out or layouts_dir() / "calibration.json"
    target.write_text(json.dumps(calibration_data(blocks, count, seed), indent=1) + "\n", encoding="utf-8")
    click.echo(f"{len(pairs)} cells, {len(blocks)} blocks → {target}")
    for b in blocks:
        click.echo(f"  [{b.low:.4f}, {b.high:.4f}] {b.count:>7} cells, accuracy {b.accuracy:.4f}")


if __name__ == "__main__":
    main()
