"""The template's own arithmetic (R1–R4), evaluated on the values as printed.

Each rule of the layout expands to one check per column (axis ``column``) or per row (axis
``row``). Blank and not-applicable cells count as 0 (the templates' practice); a check that
involves a cell that is missing or not a number is skipped, with the reason. A failing check is
the document's own inconsistency: it is reported, never "corrected".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from extractor.layouts import Axis, Layout, SumRule
from extractor.values import CellValue, ValueState

TOLERANCE = 1e-6


class CheckStatus(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    SKIP = "skip"


@dataclass(frozen=True)
class CheckResult:
    id: str
    scope: str
    axis: str
    status: CheckStatus
    lhs: float | int | None
    rhs: float | int | None
    cells: tuple[str, ...]
    detail: str


def _term(value: CellValue) -> str:
    if value.state is ValueState.BLANK:
        return "blank"
    if value.state is ValueState.NA:
        return value.raw.strip() or "na"
    return _fmt(value.value)


def _fmt(number: float | int | None) -> str:
    if number is None:
        return "?"
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return str(round(number, 6)) if isinstance(number, float) else str(number)


def _numeric(value: CellValue) -> float | int | None:
    if value.state in (ValueState.NUMBER, ValueState.DERIVED):
        return value.value
    if value.state in (ValueState.BLANK, ValueState.NA):
        return 0
    return None


def _evaluate(rule: SumRule, scope: str, lhs_ids: list[str], rhs_ids: list[str],
              values: dict[str, CellValue]) -> CheckResult:
    ids = tuple(lhs_ids + rhs_ids)
    missing = [cid for cid in ids if cid not in values or values[cid].state is ValueState.MISSING]
    if missing:
        return CheckResult(rule.id, scope, rule.axis.value, CheckStatus.SKIP, None, None, ids,
                           f"not printed or not found: {', '.join(missing[:3])}{'…' if len(missing) > 3 else ''}")
    lhs_terms = [_numeric(values[c]) for c in lhs_ids]
    rhs_terms = [_numeric(values[c]) for c in rhs_ids]
    if any(t is None for t in (*lhs_terms, *rhs_terms)):
        texts = [c for c in ids if _numeric(values[c]) is None]
        return CheckResult(rule.id, scope, rule.axis.value, CheckStatus.SKIP, None, None, ids,
                           f"not a number: {', '.join(texts[:3])}")
    lhs = sum(t for t in lhs_terms if t is not None)
    rhs = sum(t for t in rhs_terms if t is not None)
    if isinstance(lhs, float) or isinstance(rhs, float):
        lhs, rhs = round(float(lhs), 6), round(float(rhs), 6)
    status = CheckStatus.PASS if abs(lhs - rhs) <= TOLERANCE else CheckStatus.FAIL
    detail = (f"{'+'.join(_term(values[c]) for c in lhs_ids)} = {_fmt(lhs)}, "
              f"{'+'.join(_term(values[c]) for c in rhs_ids)} = {_fmt(rhs)}")
    return CheckResult(rule.id, scope, rule.axis.value, status, lhs, rhs, ids, detail)


def run_checks(layout: Layout, values: dict[str, CellValue]) -> list[CheckResult]:
    """Every check of the layout's sums. ``values`` maps cell id → value (derived cells included)."""
    results: list[CheckResult] = []
    for rule in layout.sums:
        block = layout.block(rule.block)
        if rule.axis is Axis.COLUMN:
            for column in block.columns:
                lhs = [block.cell_id(r, column.id) for r in rule.lhs]
                rhs = [block.cell_id(r, column.id) for r in rule.rhs]
                results.append(_evaluate(rule, f"{block.table}.*.{column.id}", lhs, rhs, values))
        else:
            for row in block.rows:
                if row.derived_from:
                    derived = block.cell_id(row.id, rule.lhs[0])
                    if values.get(derived) is not None and values[derived].state is ValueState.DERIVED:
                        continue  # a derived row's sums are those of its items
                lhs = [block.cell_id(row.id, c) for c in rule.lhs]
                rhs = [block.cell_id(row.id, c) for c in rule.rhs]
                results.append(_evaluate(rule, f"{block.table}.{row.id}", lhs, rhs, values))
    return results
