"""Lattice strategy: the ruling lines of two tables on one page are snapped each on its own."""

from __future__ import annotations

from extractor.loaders.pdf_lattice import find_lattice_tables
from extractor.loaders.pdf_page import Char, Segment


def _grid(x0: float, xs: tuple[float, ...], x1: float, top: float, ys: tuple[float, ...], bottom: float) -> list[Segment]:
    """Ruling lines of a table: frame, inner verticals at ``xs`` and inner horizontals at ``ys``."""
    segs = [Segment(x, top, x, bottom) for x in (x0, *xs, x1)]
    return segs + [Segment(x0, y, x1, y) for y in (top, *ys, bottom)]


def _char(text: str, x: float, y: float) -> Char:
    return Char(text=text, bbox=(x, y, x + 10, y + 10), size=10.0, index=0)


def test_a_rule_of_another_table_close_by_does_not_pull_a_rule_off_its_rows() -> None:
    # table 1: its label column's inner rules start at x=196 (a merged group cell on the left);
    # table 2 below has a column rule at x=193.1: snapped together, the two moved to 194.55,
    # off the left end of table 1's row rules, and table 1's three label cells became one.
    t1 = [Segment(x, 30, x, 130) for x in (57.0, 134.0, 196.0, 353.0, 450.0)]
    t1 += [Segment(57.0, 30, 450.0, 30), Segment(57.0, 130, 450.0, 130)]
    t1 += [Segment(195.6, y, 450.0, y) for y in (60.0, 90.0)]
    t2 = _grid(57.0, (193.1, 300.0), 450.0, 170, (200.0,), 230)
    chars = [_char("甲", 200, 40), _char("乙", 200, 70), _char("丙", 200, 100)]
    first, second = find_lattice_tables(t1 + t2, chars, 1)
    assert [c.text for c in first.cells if c.col == 2] == ["甲", "乙", "丙"]
    assert second.n_rows == 2 and second.n_cols == 3
