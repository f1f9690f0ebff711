"""Split every run and say, per cell, how sure the split is: :class:`SplitNote`.

A cell's piece is fixed when its run admits one split, or every split the table's sums allow
gives it the same piece (no cap), or the prose figures fix it (capped at ``prose_cap``). Else the
printed choice is the most even magnitudes and the cell is capped at
``min(ambiguous_cap, 1 / number of its pieces)``, with the other pieces as alternatives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from extractor.runtogether.search import Choice, best_choices, fitting_splits
from extractor.runtogether.settings import RunTogetherSettings
from extractor.runtogether.splits import Segment, Split, enumerate_splits
from extractor.runtogether.sums import Constraint, Hint


@dataclass(frozen=True)
class SplitNote:
    """The outcome for one cell: its piece, why, a confidence cap and the alternatives."""

    cell_id: str
    raw: str
    start: int
    end: int
    reason: str
    cap: float | None = None
    alternatives: tuple[str, ...] = ()


def solve_splits(segments: Sequence[Segment], constraints: Sequence[Constraint], hints: Sequence[Hint],
                 settings: RunTogetherSettings) -> dict[str, SplitNote]:
    """Split every run; one :class:`SplitNote` per cell of a run that admits any split."""
    raw = [enumerate_splits(s, settings) for s in segments]
    kept = [(s, r) for s, r in zip(segments, raw, strict=True) if r]
    segs = [s for s, _ in kept]
    cands = [fitting_splits(s, r, constraints) for s, r in kept]
    hard_opt, hard_cost = best_choices(segs, cands, constraints, (), settings)
    opt, _ = best_choices(segs, cands, constraints, hints, settings)
    if not opt:
        return {}
    chosen = min(opt, key=lambda a: (sum(cands[k][i].spread for k, i in enumerate(a)),
                                     [cands[k][i].pieces for k, i in enumerate(a)]))
    notes: dict[str, SplitNote] = {}
    for k, (seg, all_splits) in enumerate(kept):
        split = cands[k][chosen[k]]
        notes.update(_run_notes(seg, split, len(all_splits), _used(cands[k], k, hard_opt), hard_cost[0],
                                _used(cands[k], k, opt), settings))
    return notes


def _used(candidates: list[Split], k: int, choices: list[Choice]) -> set[Split]:
    return {candidates[a[k]] for a in choices}


def _run_notes(seg: Segment, split: Split, n_splits: int, hard_set: set[Split], hard_fails: int,
               full_set: set[Split], settings: RunTogetherSettings) -> dict[str, SplitNote]:
    """The notes of one run's cells. ``hard_set``: the splits the best choices under the sums
    alone use; ``full_set``: those under the sums and the prose figures."""
    shown = " | ".join(split.pieces)
    notes: dict[str, SplitNote] = {}
    start = seg.offset
    for j, cid in enumerate(seg.cells):
        piece = split.pieces[j]
        end = start + len(piece)
        hard_vals = {s.pieces[j] for s in hard_set}
        vals = sorted({s.pieces[j] for s in full_set}, key=lambda p: (p != piece, len(p), p))
        cap: float | None = None
        alternatives: tuple[str, ...] = ()
        if n_splits == 1:
            reason = f"run-together digits {seg.digits!r} admit one split: {shown}"
        elif len(hard_vals) == 1:
            reason = f"run-together digits {seg.digits!r} split {shown}: fixed by the table's sums"
            if hard_fails:
                reason += f" ({hard_fails} sum(s) fail under every split)"
        elif len(vals) == 1:
            reason, cap = (f"run-together digits {seg.digits!r} split {shown}: fixed by the prose figures",
                           settings.prose_cap)
        else:
            others = "; ".join(" | ".join(s.pieces) for s in sorted(full_set, key=lambda s: (s.spread, s.pieces))
                               if s != split)
            reason = (f"run-together digits {seg.digits!r}: {len(full_set)} splits fit every sum and figure; "
                      f"printed {shown} (most even magnitudes); also {others}")
            cap = min(settings.ambiguous_cap, round(1 / len(vals), 4))
            alternatives = tuple(vals)
        notes[cid] = SplitNote(cid, piece, start, end, reason, cap, alternatives)
        start = end
    return notes


def apply_note(note: SplitNote | None, confidence: float,
               reasons: tuple[str, ...]) -> tuple[float, tuple[str, ...], tuple[str, ...]]:
    """A cell's confidence, reasons and alternatives once its split note is taken into account."""
    if note is None:
        return confidence, reasons, ()
    if note.cap is not None and confidence > note.cap:
        confidence = note.cap
        reasons = (*reasons, note.reason, f"confidence capped at {note.cap} by the split")
    else:
        reasons = (*reasons, note.reason)
    return confidence, reasons, note.alternatives
