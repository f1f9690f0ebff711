"""Confidence per cell, per table and per report, with the reasons.

Per cell (all factors 0..1; see the README for the rationale):

* ``prior = min(row label score, column label score) × value clarity``
* checks the cell takes part in decide the rest:

  ========================================  ======================================
  the cell's checks                         confidence
  ========================================  ======================================
  at least one passes, none fails           ``1 − (1 − prior) × PASS_SHRINK``
  none (no sums, or all skipped)            ``min(UNCHECKED_MAX, 1 − (1 − prior) × UNCHECKED_SHRINK)``
  some fail, but each failing sum holds a   ``(1 − (1 − prior) × PASS_SHRINK) × EXPLAINED``
  cell whose every check fails (a
  "suspect" that explains the failure)
  every check fails (a suspect)             ``prior × SUSPECT``
  some fail and no suspect explains them    ``prior × UNEXPLAINED``
  ========================================  ======================================

A passing sum is strong evidence that each of its cells was read right (an error would have to
be cancelled by another); a failing one points at the cells that pass nowhere else.

Last step: a monotone calibration map fitted on generated reports (``layouts/calibration.json``,
made by ``python -m extractor.evaluate.calibration``). It only ever *lowers* a confidence (where
the generated data shows the score is too high); the raw score is kept in the reasons
(``uncalibrated 0.97``). Without the file the scores are used as computed.
"""

from __future__ import annotations

import bisect
import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from extractor.checks import CheckResult, CheckStatus
from extractor.layouts import layouts_dir

PASS_SHRINK = 0.1  # fitted on generated reports: a cell in a passing sum was right 100 % of the time
UNCHECKED_SHRINK = 0.5  # no sum to confirm it: half the label evidence's doubt stays
UNCHECKED_MAX = 0.97  # and never as sure as a checked cell
EXPLAINED = 0.97
# A value read by OCR from a scan: the reading itself is less sure than a text layer's. Measured on
# generated scans (seed 4): unchecked OCR cells (表二) were right 123 of 124 times, so an unchecked
# OCR cell states 1 − 0.1 × 0.5 = 0.95 and a confirmed one 0.99. Used as it stands for a reading
# without a recogniser score (a dash told by its ink, an empty cell), for a dash the recogniser read
# (dashes score anywhere from 0.5 to 1, and none of 219 on seed 21 was wrong) and as the ceiling of
# OCR_SCORE_CLARITY.
OCR_CLARITY = 0.9
SUSPECT = 0.45
UNEXPLAINED = 0.7
CALIBRATION_FILE = "calibration.json"


@dataclass(frozen=True)
class CalibrationMap:
    """A monotone map raw confidence → calibrated, linear between the fitted points (x ascending)."""

    points: tuple[tuple[float, float], ...]
    lower_only: bool = True

    def apply(self, x: float) -> float:
        if not self.points:
            return x
        xs = [p[0] for p in self.points]
        i = bisect.bisect_left(xs, x)
        if i == 0:
            y = self.points[0][1]
        elif i == len(xs):
            y = self.points[-1][1]
        else:
            (x0, y0), (x1, y1) = self.points[i - 1], self.points[i]
            y = y0 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0)
        return min(x, y) if self.lower_only else y


def parse_calibration(text: str, where: str) -> CalibrationMap:
    data = json.loads(text)
    try:
        points = tuple((float(x), float(y)) for x, y in data["points"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{where}: 'points' must be a list of [raw, calibrated] pairs") from exc
    if any(b[0] < a[0] or b[1] < a[1] for a, b in zip(points, points[1:], strict=False)):
        raise ValueError(f"{where}: 'points' must ascend in both raw and calibrated confidence")
    return CalibrationMap(points, bool(data.get("lower_only", True)))


# The clarity of a number (or text) the recogniser read, by its score (rapidocr's mean character
# probability of the line; the least of the cell's lines; provenance ``ocr_score``), linear between
# the points and flat beyond them. Fitted (benchmarks/measure_ocr_scores.py) on seed 21: 40 generated
# scans and the same 40 scanned again worse (96–110 dpi, noise, JPEG 30) — 11,631 number readings:
# pool-adjacent-violators on (score, right) in blocks of ≥ 10 readings gave accuracy 0.20 for scores
# 0.51–0.65, 0.40 for 0.67–0.75, 0.70 for 0.75–0.84, 0.90 for 0.84–0.88, 0.95 for 0.89–0.92 and
# 1.00 (11,561 of 11,561) above; each point is a block's middle and its accuracy, capped at
# OCR_CLARITY (a slash read as "1" scored 0.98–0.99 on seed 23, so a high score is not proof).
OCR_SCORE_CLARITY = CalibrationMap(((0.58, 0.20), (0.71, 0.40), (0.80, 0.70), (0.86, OCR_CLARITY)),
                                   lower_only=False)


def ocr_reading(score: float | None) -> tuple[float, str]:
    """Clarity and reason of a value read by OCR whose recogniser scored it ``score`` (None when
    there is no score to go by: flat :data:`OCR_CLARITY`)."""
    if score is None:
        return OCR_CLARITY, "read by OCR"
    return round(OCR_SCORE_CLARITY.apply(score), 4), f"read by OCR {score:.2f}"


@lru_cache(maxsize=2)
def load_calibration(path: str | None = None) -> CalibrationMap | None:
    """The shipped calibration map, or None when there is no file (scores used as computed)."""
    file = Path(path) if path else layouts_dir() / CALIBRATION_FILE
    if not file.is_file():
        return None
    return parse_calibration(file.read_text(encoding="utf-8"), str(file))


@dataclass(frozen=True)
class CellEvidence:
    cell_id: str
    row_score: float
    column_score: float
    clarity: float
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Scored:
    confidence: float
    reasons: tuple[str, ...]


def score_cells(evidence: dict[str, CellEvidence], checks: list[CheckResult],
                calibration: CalibrationMap | None = None) -> dict[str, Scored]:
    calibration = calibration or load_calibration()
    passed: dict[str, list[str]] = defaultdict(list)
    failed: dict[str, list[CheckResult]] = defaultdict(list)
    for check in checks:
        label = f"{check.id} {check.status.value} ({check.scope})"
        for cid in check.cells:
            if check.status is CheckStatus.PASS:
                passed[cid].append(label)
            elif check.status is CheckStatus.FAIL:
                failed[cid].append(check)
    suspects = {cid for cid in failed if not passed.get(cid)}
    out: dict[str, Scored] = {}
    for cid, ev in evidence.items():
        prior = min(ev.row_score, ev.column_score) * ev.clarity
        reasons = [f"row label {ev.row_score:.2f}", f"column label {ev.column_score:.2f}"]
        if ev.clarity < 1.0:
            reasons.append(f"value clarity {ev.clarity:.2f}")
        reasons.extend(ev.notes)
        reasons.extend(passed.get(cid, []))
        fails = failed.get(cid, [])
        reasons.extend(f"{c.id} fail ({c.scope})" for c in fails)
        if not fails:
            conf = 1 - (1 - prior) * PASS_SHRINK if passed.get(cid) else min(
                UNCHECKED_MAX, 1 - (1 - prior) * UNCHECKED_SHRINK)
            if not passed.get(cid):
                reasons.append("no sum checks this cell")
        elif cid in suspects:
            conf = prior * SUSPECT
            reasons.append("every sum through this cell fails")
        elif all(any(other in suspects for other in c.cells if other != cid) for c in fails):
            conf = (1 - (1 - prior) * PASS_SHRINK) * EXPLAINED
            reasons.append("failing sums explained by another cell")
        else:
            conf = prior * UNEXPLAINED
            reasons.append("a failing sum is not explained by another cell")
        raw = round(max(0.0, min(1.0, conf)), 4)
        final = round(calibration.apply(raw), 4) if calibration is not None else raw
        if final != raw:
            reasons.append(f"uncalibrated {raw}")
        out[cid] = Scored(final, tuple(reasons))
    return out


def aggregate(confidences: list[float], expected: int) -> float:
    """Table or report confidence: mean cell confidence × the share of expected cells found."""
    if expected == 0 or not confidences:
        return 0.0
    coverage = min(1.0, len(confidences) / expected)
    return round(sum(confidences) / len(confidences) * coverage, 4)
