"""The digit runs a text's hits carry, as :class:`Segment` objects to split.

A row label's run is the digits right after it (before the next hit); a 表四 ``values`` hit is
itself the run of all its block's cells, row by row.
"""

from __future__ import annotations

from extractor.layouts import Layout
from extractor.runtogether.settings import DIGIT_RUN
from extractor.runtogether.splits import Segment
from extractor.runtogether.text_index import Hit


def read_runs(text: str, hits: list[Hit], layout: Layout) -> dict[int, Segment]:
    """Per index into ``hits``: the run that hit carries (rows without digits are left out)."""
    runs: dict[int, Segment] = {}
    for i, hit in enumerate(hits):
        block = layout.block(hit.block)
        if hit.kind == "values":
            cells = tuple(block.cell_id(r.id, c.id) for r in block.rows for c in block.columns)
            decimal = tuple(c.decimal for _ in block.rows for c in block.columns)
            negative = tuple(c.allow_negative for _ in block.rows for c in block.columns)
            runs[i] = Segment(block.id, hit.text, cells, decimal, hit.start, negative)
        elif hit.kind == "row":
            stop = hits[i + 1].start if i + 1 < len(hits) else len(text)
            m = DIGIT_RUN.match(text, hit.end, stop)
            if m is None:
                continue
            cells = tuple(block.cell_id(hit.row, c.id) for c in block.columns)
            runs[i] = Segment(f"{block.id}:{hit.row}", m.group(1), cells, tuple(c.decimal for c in block.columns),
                              m.start(1), tuple(c.allow_negative for c in block.columns))
    return runs
