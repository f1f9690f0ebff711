"""Drawing the true numbers of one synthetic report: realistic magnitudes and sparsity, and every
sum of the template (R1–R4, templates.md §1.6) holding.

The shape comes from the layout (rows, columns and sum rules as data); nothing here names a
Chinese label. Most cells are 0, a few are large, as in real reports: the number of requests an
agency gets is drawn on a log scale (a quiet bureau sees none, a city government hundreds), and
the outcomes follow weights close to what published reports show (most requests are granted or
answered "not held").
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from extractor.layouts import Axis, Block, Layout, SumRule

Number = int | float

# Share of requests by applicant column (natural persons dominate).
APPLICANT_WEIGHTS = {"natural_person": 1.0, "commercial": 0.3, "research": 0.02, "social_org": 0.04,
                     "legal_service": 0.08, "other_org": 0.08}
# Outcome weights by row id prefix; an unlisted leaf row gets DEFAULT_OUTCOME.
OUTCOME_WEIGHTS = {"granted": 0.38, "partly_granted": 0.06, "unable.not_held": 0.2, "not_handled.complaint": 0.05,
                   "unable.needs_creation": 0.03, "unable.unclear": 0.03, "not_handled.repeated": 0.03,
                   "other": 0.04, "other.overdue_correction": 0.02, "other.other": 0.03}
DEFAULT_OUTCOME = 0.008


@dataclass(frozen=True)
class DrawSettings:
    """Every knob of the value generator, with its default, in one place."""

    quiet_share: float = 0.15  # reports with no request at all
    log_mean: float = 2.0  # requests per report ~ exp(N(log_mean, log_sd))
    log_sd: float = 1.6
    max_requests: int = 4000
    carried_share: float = 0.08  # carried over / forward, as a share of the year's requests
    review_rate: float = 0.02  # administrative reviews per request
    t2_active: float = 0.45  # share of 表二 cells that are not 0
    fee_active: float = 0.3


def _sum_rule(layout: Layout, rule_id: str) -> SumRule:
    for rule in layout.sums:
        if rule.id == rule_id:
            return rule
    raise KeyError(f"layout {layout.template} has no sum {rule_id}")


def _geometric(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    return int(rng.expovariate(1 / mean))


def _leaf_rows(block: Block, r2: SumRule, other_one_row: bool) -> list[str]:
    leaves: list[str] = []
    for row_id in r2.rhs:
        row = block.row(row_id)
        leaves.extend([row_id] if other_one_row or not row.derived_from else row.derived_from)
    return leaves


def _draw_t3(rng: random.Random, layout: Layout, settings: DrawSettings, other_one_row: bool) -> dict[str, Number]:
    block = layout.block("t3")
    r1, r2, r3 = (_sum_rule(layout, r) for r in ("R1", "R2", "R3"))
    new, carried_over = r1.lhs
    total_row, carried_forward = r1.rhs
    total_col = r3.lhs[0]
    leaves = _leaf_rows(block, r2, other_one_row)
    weights = [OUTCOME_WEIGHTS.get(leaf, DEFAULT_OUTCOME) for leaf in leaves]
    out: dict[str, Number] = {}
    requests = 0 if rng.random() < settings.quiet_share else min(
        settings.max_requests, int(math.exp(rng.gauss(settings.log_mean, settings.log_sd))))
    active = [c for c in r3.rhs if c == "natural_person" or rng.random() < 0.25 + APPLICANT_WEIGHTS.get(c, 0.05)]
    share = {c: APPLICANT_WEIGHTS.get(c, 0.05) * rng.uniform(0.5, 1.5) for c in active}
    norm = sum(share.values()) or 1.0
    for column in r3.rhs:
        handled = round(requests * share.get(column, 0.0) / norm)
        counts = dict.fromkeys(leaves, 0)
        for leaf in rng.choices(leaves, weights=weights, k=handled) if handled else []:
            counts[leaf] += 1
        for leaf, n in counts.items():
            out[block.cell_id(leaf, column)] = n
        if not other_one_row:
            for row in block.rows:
                if row.derived_from:
                    out[block.cell_id(row.id, column)] = sum(counts[p] for p in row.derived_from)
        total = sum(int(out[block.cell_id(r, column)]) for r in r2.rhs)
        forward = _geometric(rng, total * settings.carried_share) if total else 0
        over = min(total + forward, _geometric(rng, total * settings.carried_share)) if total else 0
        out[block.cell_id(total_row, column)] = total
        out[block.cell_id(carried_forward, column)] = forward
        out[block.cell_id(carried_over, column)] = over
        out[block.cell_id(new, column)] = total + forward - over
    for row in block.rows:  # the 总计 column: R3
        cid = block.cell_id(row.id, total_col)
        parts = [block.cell_id(row.id, c) for c in r3.rhs]
        if all(p in out for p in parts):
            out[cid] = sum(int(out[p]) for p in parts)
    return out


def _draw_t4(rng: random.Random, layout: Layout, settings: DrawSettings, requests: int) -> dict[str, Number]:
    block = layout.block("t4")
    r4 = _sum_rule(layout, "R4")
    out: dict[str, Number] = {}
    for row in block.rows:
        busy = requests > 0 and rng.random() < 0.35
        for column in r4.rhs:
            out[block.cell_id(row.id, column)] = _geometric(rng, max(1.0, requests * settings.review_rate)) if busy \
                and rng.random() < 0.5 else 0
        out[block.cell_id(row.id, r4.lhs[0])] = sum(int(out[block.cell_id(row.id, c)]) for c in r4.rhs)
    return out


def _draw_t2(rng: random.Random, layout: Layout, settings: DrawSettings) -> dict[str, Number]:
    out: dict[str, Number] = {}
    for block in layout.blocks_of("t2"):
        for row in block.rows:
            for column in block.columns:
                cid = block.cell_id(row.id, column.id)
                if column.decimal:
                    out[cid] = round(math.exp(rng.gauss(3.0, 2.0)), rng.choice((0, 1, 2, 2, 4))) \
                        if rng.random() < settings.fee_active else 0
                    if out[cid] == 0:
                        out[cid] = 0
                elif rng.random() < settings.t2_active:
                    value = max(1, int(math.exp(rng.gauss(2.0, 1.8))))
                    out[cid] = -value if column.allow_negative and rng.random() < 0.3 else value
                else:
                    out[cid] = 0
    return out


def draw_truth(rng: random.Random, layout: Layout, other_one_row: bool = False,
               settings: DrawSettings | None = None) -> dict[str, Number]:
    """True values of every cell the report prints (codebook ids). With ``other_one_row`` a 2021
    report prints （六）其他处理 as one row: its items are absent, the row itself is present."""
    settings = settings or DrawSettings()
    values = _draw_t3(rng, layout, settings, other_one_row)
    requests = int(values.get(layout.block("t3").cell_id("new", "total"), 0))
    values.update(_draw_t4(rng, layout, settings, requests))
    values.update(_draw_t2(rng, layout, settings))
    return values


def sums_hold(layout: Layout, values: dict[str, Number]) -> list[str]:
    """The sums of the layout that fail on ``values`` (empty when R1–R4 all hold)."""
    failing: list[str] = []
    for rule in layout.sums:
        block = layout.block(rule.block)
        if rule.axis is Axis.COLUMN:
            pairs = [([block.cell_id(r, c.id) for r in rule.lhs], [block.cell_id(r, c.id) for r in rule.rhs], c.id)
                     for c in block.columns]
        else:
            pairs = [([block.cell_id(r.id, c) for c in rule.lhs], [block.cell_id(r.id, c) for c in rule.rhs], r.id)
                     for r in block.rows]
        for lhs, rhs, scope in pairs:
            if not all(c in values for c in lhs + rhs):
                continue
            if abs(sum(values[c] for c in lhs) - sum(values[c] for c in rhs)) > 1e-6:
                failing.append(f"{rule.id} {scope}")
    return failing
