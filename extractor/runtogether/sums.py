"""The sums a split must satisfy: the layout's R1–R4 as equalities over cell ids, and prose hints."""

from __future__ import annotations

from collections.abc import Mapping

from extractor.layouts import Axis, Block, Layout

Constraint = tuple[tuple[str, ...], tuple[str, ...]]  # sum(lhs cells) == sum(rhs cells)
Hint = tuple[tuple[str, ...], float]  # sum(cells) == a figure the prose states


def holds(constraint: Constraint, value_of: Mapping[str, int | float]) -> bool:
    lhs, rhs = constraint
    return abs(sum(value_of[c] for c in lhs) - sum(value_of[c] for c in rhs)) < 1e-6


def layout_constraints(layout: Layout, present: set[str]) -> list[Constraint]:
    """The layout's sums as equalities over cell ids; a derived row not present is its items."""
    out: list[Constraint] = []
    for rule in layout.sums:
        block = layout.block(rule.block)

        def expand(row_id: str, col_id: str, blk: Block = block) -> tuple[str, ...]:
            cid = blk.cell_id(row_id, col_id)
            row = blk.row(row_id)
            if cid not in present and row.derived_from:
                return tuple(blk.cell_id(p, col_id) for p in row.derived_from)
            return (cid,)

        if rule.axis is Axis.COLUMN:
            for col in block.columns:
                out.append((sum((expand(r, col.id) for r in rule.lhs), ()),
                            sum((expand(r, col.id) for r in rule.rhs), ())))
        else:
            for row in block.rows:
                out.append((sum((expand(row.id, c) for c in rule.lhs), ()),
                            sum((expand(row.id, c) for c in rule.rhs), ())))
    return out
