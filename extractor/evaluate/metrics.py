"""Scoring one record against its gold, and summing documents up.

A cell is right when gold ``null`` meets state ``blank``/``na``, or a gold number meets state
``number`` with the same value. Cells the gold lists under ``not_printed`` are not scored.

Accuracy is scored against the values *as printed* (what an extractor must read). Calibration
is scored against the *true figures*: the same, except that a number planted on purpose to
break a sum (synthetic reports) is right only if it equals the figure before the change. A
confidence is the chance that a value is the figure the report should hold, so a number that
breaks every sum it is in, read exactly as printed, is rightly given a low one (README,
"Confidence"); scoring calibration as printed would call that low confidence a miscalibration. A
document that fails to extract scores every gold cell wrong (confidence 0); a document whose
carrier the extractor does not support yet is kept apart and named, never silently dropped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from extractor.checks import CheckStatus
from extractor.evaluate.gold import Gold, Number
from extractor.record import Record, Status

TOLERANCE = 1e-6
SILENT = 0.9  # a wrong cell at or above this confidence is a silent error
BIN_EDGES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0)
TABLES = ("t2", "t3", "t4")


@dataclass(frozen=True)
class CellOutcome:
    cell_id: str
    gold: Number | None
    state: str
    value: Number | None
    raw: str | None
    confidence: float
    correct: bool  # equal to the value as printed
    true_figure: bool  # equal to the true figure (differs from ``correct`` only for a planted number)
    provenance: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DocResult:
    id: str
    document: str
    carrier: str
    status: str  # ok | partial | failed | unsupported | error
    gold_template: str
    template: str | None
    cells: tuple[CellOutcome, ...] = ()
    planted: dict[str, bool] = field(default_factory=dict)  # planted cell → flagged by a failing check
    prose: dict[str, bool] = field(default_factory=dict)  # fact → record agrees with gold on agreement
    prose_available: bool = False
    message: str = ""

    @property
    def supported(self) -> bool:
        return self.status != "unsupported"

    @property
    def scored(self) -> int:
        return len(self.cells)

    @property
    def correct(self) -> int:
        return sum(c.correct for c in self.cells)

    @property
    def wrong(self) -> list[CellOutcome]:
        return [c for c in self.cells if not c.correct]

    @property
    def silent(self) -> int:
        return sum(1 for c in self.cells if not c.correct and c.confidence >= SILENT)

    @property
    def template_ok(self) -> bool:
        return self.template == self.gold_template

    def table_exact(self) -> dict[str, bool]:
        out: dict[str, bool] = {}
        for table in TABLES:
            cells = [c for c in self.cells if c.cell_id.startswith(table + ".")]
            if cells:
                out[table] = all(c.correct for c in cells)
        return out


def _same(gold: Number | None, state: str, value: Number | None) -> bool:
    if gold is None:
        return state in ("blank", "na")
    return state == "number" and value is not None and abs(float(value) - float(gold)) <= TOLERANCE


def score_record(record: Record, gold: Gold, carrier: str) -> DocResult:
    cells = []
    for cid in gold.scored_ids:
        cell = record.cells.get(cid)
        if cell is None:
            cells.append(CellOutcome(cid, gold.values[cid], "absent", None, None, 0.0, False, False))
            continue
        cells.append(CellOutcome(cid, gold.values[cid], cell.state, cell.value, cell.raw, cell.confidence,
                                 _same(gold.values[cid], cell.state, cell.value),
                                 _same(gold.true_figure(cid), cell.state, cell.value), dict(cell.provenance)))
    failing = [set(c.cells) for c in record.checks if c.status is CheckStatus.FAIL]
    planted = {cid: any(cid in cells_of for cells_of in failing) for cid in gold.planted}
    record_prose = record.to_dict().get("text_vs_table")
    prose: dict[str, bool] = {}
    if isinstance(record_prose, dict):
        for fact, agrees in gold.text_vs_table.items():
            got = record_prose.get(fact)
            if isinstance(got, dict) and "agrees" in got:
                prose[fact] = bool(got["agrees"]) == agrees
    message = "; ".join(f"{i.code}: {i.message}" for i in record.issues if i.severity.value == "error")
    return DocResult(gold.id, gold.document, carrier, record.status.value, gold.template, record.template,
                     tuple(cells), planted, prose, isinstance(record_prose, dict),
                     message if record.status is Status.FAILED else "")


def failed_result(gold: Gold, carrier: str, status: str, message: str) -> DocResult:
    """A document that could not be extracted (``error``) or whose carrier is not supported."""
    cells = () if status == "unsupported" else tuple(
        CellOutcome(cid, gold.values[cid], "absent", None, None, 0.0, False, False) for cid in gold.scored_ids)
    return DocResult(gold.id, gold.document, carrier, status, gold.template, None, cells,
                     dict.fromkeys(gold.planted, False), message=message)


@dataclass(frozen=True)
class CalibrationBin:
    low: float
    high: float
    count: int
    mean_confidence: float
    accuracy: float


@dataclass(frozen=True)
class Group:
    name: str
    documents: int
    cells_scored: int
    cells_correct: int
    silent_errors: int

    @property
    def cell_accuracy(self) -> float:
        return self.cells_correct / self.cells_scored if self.cells_scored else 0.0


@dataclass(frozen=True)
class Summary:
    documents: int
    unsupported: tuple[str, ...]
    cells_scored: int
    cells_correct: int
    silent_errors: int
    tables_exact: int
    tables_scored: int
    templates_right: int
    prose_agree: int
    prose_compared: int
    planted: int
    planted_flagged: int
    bins: tuple[CalibrationBin, ...]  # against the true figures
    bins_as_printed: tuple[CalibrationBin, ...]
    by_carrier: tuple[Group, ...]
    by_template: tuple[Group, ...]

    @property
    def cell_accuracy(self) -> float:
        return self.cells_correct / self.cells_scored if self.cells_scored else 0.0

    @property
    def silent_error_rate(self) -> float:
        return self.silent_errors / self.cells_scored if self.cells_scored else 0.0


def calibration_bins(pairs: list[tuple[float, bool]], edges: tuple[float, ...] = BIN_EDGES) -> list[CalibrationBin]:
    bins = []
    for i, (low, high) in enumerate(zip(edges, edges[1:], strict=False)):
        last = i == len(edges) - 2
        inside = [(c, ok) for c, ok in pairs if low <= c < high or (last and c == high)]
        if inside:
            bins.append(CalibrationBin(low, high, len(inside), sum(c for c, _ in inside) / len(inside),
                                       sum(ok for _, ok in inside) / len(inside)))
    return bins


def _groups(results: list[DocResult], key: str) -> tuple[Group, ...]:
    grouped: dict[str, list[DocResult]] = defaultdict(list)
    for r in results:
        grouped[r.carrier if key == "carrier" else r.gold_template].append(r)
    return tuple(Group(name, len(rs), sum(r.scored for r in rs), sum(r.correct for r in rs),
                       sum(r.silent for r in rs)) for name, rs in sorted(grouped.items()))


def summarize(results: list[DocResult]) -> Summary:
    supported = [r for r in results if r.supported]
    pairs = [(c.confidence, c.correct) for r in supported for c in r.cells]
    true_pairs = [(c.confidence, c.true_figure) for r in supported for c in r.cells]
    tables = [ok for r in supported for ok in r.table_exact().values()]
    prose = [ok for r in supported for ok in r.prose.values()]
    planted = [ok for r in supported for ok in r.planted.values()]
    scored_docs = [r for r in supported if r.scored or r.gold_template]
    return Summary(
        documents=len(supported), unsupported=tuple(r.id for r in results if not r.supported),
        cells_scored=len(pairs), cells_correct=sum(ok for _, ok in pairs),
        silent_errors=sum(r.silent for r in supported), tables_exact=sum(tables), tables_scored=len(tables),
        templates_right=sum(r.template_ok for r in scored_docs), prose_agree=sum(prose), prose_compared=len(prose),
        planted=len(planted), planted_flagged=sum(planted), bins=tuple(calibration_bins(true_pairs)),
        bins_as_printed=tuple(calibration_bins(pairs)),
        by_carrier=_groups(supported, "carrier"), by_template=_groups(supported, "template"))
