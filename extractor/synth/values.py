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
from collections.abc import Mapping
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
    """The drawn cells of 表三: outcome leaves and the rows carried over and forward (the rest follows by sums)."""
    block = layout.block("t3")
    r1, r2, r3 = (_sum_rule(layout, r) for r in ("R1", "R2", "R3"))
    carried_over, carried_forward = r1.lhs[1], r1.rhs[1]
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
        total = sum(counts.values())
        forward = _geometric(rng, total * settings.carried_share) if total else 0
        out[block.cell_id(carried_forward, column)] = forward
        out[block.cell_id(carried_over, column)] = min(total + forward, _geometric(
            rng, total * settings.carried_share)) if total else 0
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
    values = complete_sums(layout, _draw_t3(rng, layout, settings, other_one_row))
    requests = int(values.get(layout.block("t3").cell_id("new", "total"), 0))
    values.update(_draw_t4(rng, layout, settings, requests))
    values.update(_draw_t2(rng, layout, settings))
    return complete_sums(layout, values)


def given_truth(layout: Layout, given: Mapping[str, Number], other_one_row: bool = False) -> dict[str, Number]:
    """True values from the cells a sample fixes (the ones :func:`draw_truth` draws; any left out is
    0); the totals follow from the sums, so R1–R4 hold."""
    t3, t4 = layout.block("t3"), layout.block("t4")
    r1, r2, r3, r4 = (_sum_rule(layout, r) for r in ("R1", "R2", "R3", "R4"))
    drawn = [t3.cell_id(r, c) for r in (*_leaf_rows(t3, r2, other_one_row), r1.lhs[1], r1.rhs[1]) for c in r3.rhs]
    drawn += [t4.cell_id(r.id, c) for r in t4.rows for c in r4.rhs]
    drawn += [b.cell_id(r.id, c.id) for b in layout.blocks_of("t2") for r in b.rows for c in b.columns]
    unknown = set(given) - set(drawn)
    if unknown:
        raise KeyError(f"cells a sample cannot fix (they follow from the sums, or are not in the template): {sorted(unknown)}")
    return complete_sums(layout, {c: given.get(c, 0) for c in drawn})


def _sum_instances(layout: Layout, rule: SumRule) -> list[tuple[list[str], list[str], str]]:
    """(lhs cells, rhs cells, scope) of every check of one sum rule."""
    block = layout.block(rule.block)
    if rule.axis is Axis.COLUMN:
        return [([block.cell_id(r, c.id) for r in rule.lhs], [block.cell_id(r, c.id) for r in rule.rhs], c.id)
                for c in block.columns]
    return [([block.cell_id(r.id, c) for c in rule.lhs], [block.cell_id(r.id, c) for c in rule.rhs], r.id)
            for r in block.rows]


def with_derived_rows(layout: Layout, values: dict[str, Number]) -> dict[str, Number]:
    """``values`` plus each row derived from items (（六）其他处理) whose items are all known."""
    out = dict(values)
    for block in layout.blocks:
        for row in (r for r in block.rows if r.derived_from):
            for col in block.columns:
                parts = [block.cell_id(p, col.id) for p in row.derived_from]
                if block.cell_id(row.id, col.id) not in out and all(p in out for p in parts):
                    out[block.cell_id(row.id, col.id)] = sum(out[p] for p in parts)
    return out


def complete_sums(layout: Layout, values: dict[str, Number]) -> dict[str, Number]:
    """``values`` with every cell the layout's sums determine filled in: derived rows, then each
    check of R1–R4 with exactly one cell unknown, until none is left."""
    out = with_derived_rows(layout, values)
    solved = True
    while solved:
        solved = False
        for rule in layout.sums:
            for lhs, rhs, _scope in _sum_instances(layout, rule):
                unknown = [c for c in lhs + rhs if c not in out]
                if len(unknown) == 1:
                    side, other = (lhs, rhs) if unknown[0] in lhs else (rhs, lhs)
                    out[unknown[0]] = sum(out[c] for c in other) - sum(out[c] for c in side if c in out)
                    solved = True
        out = with_derived_rows(layout, out)
    return out


def sums_hold(layout: Layout, values: dict[str, Number]) -> list[str]:
    """The sums of the layout that fail on ``values`` (empty when R1–R4 all hold)."""
    failing: list[str] = []
    for rule in layout.sums:
        for lhs, rhs, scope in _sum_instances(layout, rule):
            if not all(c in values for c in lhs + rhs):
                continue
            if abs(sum(values[c] for c in lhs) - sum(values[c] for c in rhs)) > 1e-6:
                failing.append(f"{rule.id} {scope}")
    return failing
