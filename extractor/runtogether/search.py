"""Choosing one split per run: the splits that fit a run's own sums, then a joint search across runs.

The joint search is a branch and bound over the runs' candidate splits. Its cost is (sums that
fail, prose figures missed), compared in that order; it keeps every choice of the lowest cost.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from extractor.runtogether.settings import RunTogetherSettings
from extractor.runtogether.splits import Segment, Split
from extractor.runtogether.sums import Constraint, Hint, holds

log = logging.getLogger(__name__)

Choice = tuple[int, ...]  # per run, the index of its chosen candidate split
Cost = tuple[int, int]  # (sums that fail, prose figures missed)
MAX_BEST = 2000  # lowest-cost choices kept


class _Check(NamedTuple):
    """One sum (``target`` None: lhs == rhs) or prose figure (sum of lhs == target), tested once
    every run it covers has its split."""

    soft: bool  # a prose figure: counts in the second place of the cost
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    target: float | None


def fitting_splits(segment: Segment, splits: list[Split], constraints: Sequence[Constraint]) -> list[Split]:
    """The splits that satisfy every sum lying inside the run (R3 for a 表三 row, R4 for 表四);
    all of them when none does (the document's own sum fails: the joint search weighs it)."""
    own = set(segment.cells)
    local = [c for c in constraints if own.issuperset((*c[0], *c[1]))]
    fitting = [s for s in splits
               if all(holds(c, dict(zip(segment.cells, s.values, strict=True))) for c in local)]
    return fitting or splits


@dataclass
class _Search:
    """Branch and bound over the runs' candidate splits (mutable while searching only)."""

    candidates: list[list[Split]]
    segments: Sequence[Segment]
    checks_at: list[list[_Check]]  # per run: the checks whose last run it is
    max_nodes: int
    best_cost: Cost = (1 << 30, 1 << 30)
    best: list[Choice] = field(default_factory=list)
    nodes: int = 0

    def run(self) -> None:
        self._walk(0, [], {}, (0, 0))

    def _walk(self, k: int, chosen: list[int], values: dict[str, int | float], cost: Cost) -> None:
        self.nodes += 1
        if self.nodes > self.max_nodes or cost > self.best_cost:
            return
        if k == len(self.segments):
            if cost < self.best_cost:
                self.best_cost, self.best = cost, []
            if len(self.best) < MAX_BEST:
                self.best.append(tuple(chosen))
            return
        for index, split in enumerate(self.candidates[k]):
            new_values = dict(values)
            new_values.update(zip(self.segments[k].cells, split.values, strict=True))
            hard, soft = cost
            for is_soft, lhs, rhs, target in self.checks_at[k]:
                if target is None:
                    ok = holds((lhs, rhs), new_values)
                else:
                    ok = abs(sum(new_values[c] for c in lhs) - target) < 1e-6
                if not ok:
                    hard, soft = (hard, soft + 1) if is_soft else (hard + 1, soft)
            self._walk(k + 1, [*chosen, index], new_values, (hard, soft))


def best_choices(segments: Sequence[Segment], candidates: list[list[Split]], constraints: Sequence[Constraint],
                 hints: Sequence[Hint], settings: RunTogetherSettings) -> tuple[list[Choice], Cost]:
    """Every lowest-cost choice of one candidate per run (up to ``MAX_BEST``), and that cost.
    A sum or figure over a cell no run holds is left out."""
    where = {cid: i for i, s in enumerate(segments) for cid in s.cells}
    checks_at: list[list[_Check]] = [[] for _ in segments]
    for lhs, rhs in constraints:
        if all(c in where for c in (*lhs, *rhs)):
            checks_at[max(where[c] for c in (*lhs, *rhs))].append(_Check(False, lhs, rhs, None))
    for cells, target in hints:
        if all(c in where for c in cells):
            checks_at[max(where[c] for c in cells)].append(_Check(True, cells, (), target))
    search = _Search(candidates, segments, checks_at, settings.max_nodes)
    search.run()
    if search.nodes > settings.max_nodes:
        log.info("run-together search stopped after %d nodes", settings.max_nodes)
    return search.best, search.best_cost
