"""Tables that continue on the next page.

Consecutive tables ``A`` (last table of page n) and ``B`` (first table of page n+1) with the
same column rules are one table broken by the page. Three things are repaired here; the
tables themselves stay separate items (the pipeline reads all table rows as one stream):

* a **row cut in two** by the page break: the halves are joined and the row is emitted once,
  in A. Two printers show it two ways: with the borders left open (Chromium: A's last row has
  no drawn bottom rule, B's first row no drawn top rule, on every cell), or closed
  (LibreOffice: B's first row holds only the rest of a wrapped label, its value cells empty).
  A merged label of B that goes on below the cut row takes the joined text;
* a **merged label cut** by the break (only the label cells are open): B's continuation
  cells are empty, so they take the label text of A's cell above them, and every row on
  page n+1 still sees its group label (``三、本年度办理结果``, ``（四）无法提供``);
* a **header row repeated** on page n+1: dropped.
"""

from __future__ import annotations

import re
from dataclasses import replace

from extractor.loaders.pdf_grid import GridCell, GridTable
from extractor.loaders.pdf_text import join_wrapped

COLUMN_TOLERANCE = 4.0
#: a label opening a new numbered item (``1.``, ``（六）``, ``三、``, ``(2)``): it never continues
#: the label above it
NUMBERED_ITEM = re.compile(r"\s*[（(]?\s*(?:\d+|[一二三四五六七八九十]+)\s*(?:[）)]|[、.．])")


def _same_columns(a: GridTable, b: GridTable) -> bool:
    if abs(a.bbox[0] - b.bbox[0]) > COLUMN_TOLERANCE or abs(a.bbox[2] - b.bbox[2]) > COLUMN_TOLERANCE:
        return False
    # every column rule of the narrower table must exist in the other one
    small, large = (a, b) if len(a.col_edges) <= len(b.col_edges) else (b, a)
    return all(any(abs(x - y) <= COLUMN_TOLERANCE for y in large.col_edges) for x in small.col_edges)


def _overlap(a: GridCell, b: GridCell) -> float:
    return min(a.bbox[2], b.bbox[2]) - max(a.bbox[0], b.bbox[0])


def _above(a: GridTable, cell: GridCell) -> GridCell | None:
    """A's cell covering its last row that sits above ``cell`` of the continuation table."""
    best: GridCell | None = None
    best_overlap = 0.0
    for c in a.covering(a.n_rows - 1):
        ov = _overlap(c, cell)
        if ov > best_overlap:
            best, best_overlap = c, ov
    width = cell.bbox[2] - cell.bbox[0]
    return best if best is not None and best_overlap >= 0.5 * min(width, best.bbox[2] - best.bbox[0]) else None


def _header_rows(first: GridTable, b: GridTable) -> int:
    """How many leading rows of B repeat the leading rows of the table's first part."""
    count = 0
    while count < min(first.n_rows, b.n_rows) - 1:
        texts = b.row_texts(count)
        if not any(texts) or texts != first.row_texts(count):
            break
        count += 1
    return count


def _open_cut(a: GridTable, b: GridTable) -> bool:
    """The break cut a row and the printer left its borders open: A's last row has no drawn
    bottom rule, B's first row no drawn top rule, on every cell."""
    last = a.covering(a.n_rows - 1)
    first = b.covering(0)
    return bool(last and first and all(c.open_bottom for c in last) and all(c.open_top for c in first))


def _label_continues(a: GridTable, b: GridTable) -> bool:
    """The break cut a row and the printer closed its borders (LibreOffice): B's first row holds
    only the rest of a wrapped label. Its text cells come first, the value cells after them are
    all empty where A's last row has values, and each text continues a label of A's last row
    that was wrapped at the cell's edge and does not open a new numbered item."""
    row = [c for c in b.row(0) if c.row_span == 1]
    texted = [i for i, c in enumerate(row) if c.text]
    if not texted:
        return False
    labels, values = row[: texted[-1] + 1], row[texted[-1] + 1 :]
    if not any((t := _above(a, c)) is not None and t.text for c in values):
        return False
    for cell in labels:
        if not cell.text:
            continue
        target = _above(a, cell)
        if target is None or not target.text or not target.runs_full or NUMBERED_ITEM.match(cell.text):
            return False
    return True


def _join_cut_row(a: GridTable, b: GridTable) -> tuple[GridTable, GridTable | None] | None:
    """A with B's first row joined onto its last row, and B without that row (None when nothing
    is left). A merged cell of B that goes on below the cut row takes the joined label, so the
    rows under it on page n+1 still see their whole group label."""
    extra: dict[GridCell, list[GridCell]] = {}
    below: dict[GridCell, GridCell] = {}
    for cell in b.row(0):
        target = _above(a, cell)
        if target is None:
            return None
        if cell.text:
            extra.setdefault(target, []).append(cell)
        if cell.row_span > 1:
            below[cell] = target
    joined = {
        c: replace(c, text=join_wrapped([c.text, *(e.text for e in parts)]), open_bottom=False,
                   score=_least(c.score, *(e.score for e in parts)))
        for c, parts in extra.items()
    }
    b_cells = tuple(_take_label(c, joined.get(below[c], below[c])) if c in below else c for c in b.cells)
    return replace(a, cells=tuple(joined.get(c, c) for c in a.cells)), replace(b, cells=b_cells).drop_rows(1)


def _take_label(cell: GridCell, src: GridCell) -> GridCell:
    """``cell`` with the label text (and OCR score) of ``src``, when it has one."""
    return replace(cell, text=src.text, score=src.score) if src.text else cell


def _least(*scores: float | None) -> float | None:
    """The lowest OCR score of the parts of a joined cell (None when no part was scored)."""
    known = [s for s in scores if s is not None]
    return min(known) if known else None


def _carry_labels(a: GridTable, b: GridTable) -> GridTable:
    cells: list[GridCell] = []
    for cell in b.cells:
        if cell.row == 0 and cell.open_top and not cell.text:
            src = _above(a, cell)
            if src is not None:
                cell = _take_label(cell, src)
        cells.append(cell)
    return replace(b, cells=tuple(cells))


def stitch_pages(tables_by_page: list[list[GridTable]]) -> list[list[GridTable]]:
    """Repair tables continued across page breaks; same shape as the input."""
    out = [list(ts) for ts in tables_by_page]
    chain_start: GridTable | None = None
    for n in range(len(out) - 1):
        if not out[n] or not out[n + 1]:
            chain_start = None
            continue
        a, b = out[n][-1], out[n + 1][0]
        if a.strategy != "lattice" or b.strategy != "lattice" or not _same_columns(a, b):
            chain_start = None
            continue
        first = chain_start if (chain_start is not None and len(out[n]) == 1) else a
        drop = _header_rows(first, b)
        if drop:
            trimmed = b.drop_rows(drop)
            if trimmed is None:
                continue
            b = trimmed
        joined = _join_cut_row(a, b) if _open_cut(a, b) or _label_continues(a, b) else None
        if joined is not None:
            a, rest = joined
            out[n][-1] = a
            if rest is None:
                out[n + 1] = out[n + 1][1:]
                chain_start = None
                continue
            b = rest
        else:
            b = _carry_labels(a, b)
        out[n + 1][0] = b
        chain_start = first
    return out
