"""A rebuilt :class:`~extractor.document.Table` out of one text block's hits and split notes.

Each caption or header is a row (consecutive headers share one); each row label with its run is a
row of label + one cell per split piece, text before the label (a group label such as （三）)
going in front. Every cell's provenance is the block's with ``chars[start:end]`` added.
"""

from __future__ import annotations

from collections.abc import Mapping

from extractor.document import Cell, Provenance, Table, TextBlock
from extractor.runtogether.notes import SplitNote
from extractor.runtogether.settings import STRATEGY
from extractor.runtogether.splits import Segment
from extractor.runtogether.text_index import Hit


def char_locator(base: Provenance, start: int, end: int) -> Provenance:
    """``base`` narrowed to the characters ``[start, end)`` of its text."""
    prefix = f"{base.locator}/" if base.locator else ""
    return Provenance(page=base.page, bbox=base.bbox, line=base.line, locator=f"{prefix}chars[{start}:{end}]")


def build_table(block: TextBlock, hits: list[Hit], runs: Mapping[int, Segment],
                notes: Mapping[str, SplitNote]) -> Table:
    """The table of one block: ``runs`` by index into ``hits`` (:func:`read_runs`), ``notes`` by cell id."""
    text = block.text

    def cell(content: str, start: int, end: int) -> Cell:  # placed (row, column) once all rows are known
        return Cell(0, 0, content, char_locator(block.provenance, start, end))

    rows: list[list[Cell]] = []
    prefix: list[Cell] = []
    last_end = hits[0].start
    for i, hit in enumerate(hits):
        between = text[last_end:hit.start].strip()
        if hit.kind == "row" and between and not between[0].isdigit():
            gap = text.index(between, last_end)
            prefix = [cell(between, gap, gap + len(between))]
        if hit.kind in ("caption", "header"):
            head = cell(hit.text, hit.start, hit.end)
            if hit.kind == "header" and i > 0 and hits[i - 1].kind == "header" and rows:
                rows[-1].append(head)
            else:
                rows.append([head])
            last_end = hit.end
            continue
        label = [cell(hit.text, hit.start, hit.end)] if hit.kind == "row" else []
        run = runs.get(i)
        if run is None or not all(c in notes for c in run.cells):
            prefix = [*prefix, *label]
            last_end = hit.end
            continue
        values = [cell(notes[c].raw, notes[c].start, notes[c].end) for c in run.cells]
        rows.append([*prefix, *label, *values])
        prefix = []
        last_end = run.offset + len(run.digits)
    cells = tuple(Cell(r, c, x.text, x.provenance) for r, row in enumerate(rows) for c, x in enumerate(row))
    return Table(cells, len(rows), max((len(row) for row in rows), default=1), STRATEGY,
                 char_locator(block.provenance, hits[0].start, hits[-1].end), page=block.provenance.page)
