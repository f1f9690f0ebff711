"""Lattice strategy: tables from ruling lines.

The chain is pdfplumber's (``merge_edges`` → ``edges_to_intersections`` →
``intersections_to_cells`` → ``cells_to_tables``), fed with the visible ruling segments that
:mod:`extractor.loaders.pdf_page` reads from pdfium, plus one fix: where a table's vertical
rules run above its topmost (or below its bottommost) full-width horizontal rule, a rule is
added there. That is what a table continued from, or onto, another page looks like: its
first or last border is not drawn, and without the added rule pdfplumber loses that row or
merges its cells. Cells closed by an added rule are marked ``open_top`` / ``open_bottom``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from pdfplumber import table as plumber_table

from extractor.loaders.pdf_grid import GridCell, GridTable, cluster_positions, nearest_index
from extractor.loaders.pdf_page import BBox, Char, Segment
from extractor.loaders.pdf_text import cell_text, group_lines

log = logging.getLogger(__name__)

Edge = dict[str, Any]  # pdfplumber's edge representation, only inside this module

SNAP_TOLERANCE = 3.0
JOIN_TOLERANCE = 3.0
MIN_EDGE_LENGTH = 3.0
GRID_TOLERANCE = 2.0
#: a cell's last text line "runs full" when it ends within this many character sizes (plus
#: :data:`CELL_PADDING` points) of the cell's right border: the next character did not fit
FULL_LINE_CHARS = 1.5
CELL_PADDING = 6.0


def _edge(x0: float, top: float, x1: float, bottom: float) -> Edge:
    return {
        "x0": x0, "x1": x1, "top": top, "bottom": bottom,
        "width": x1 - x0, "height": bottom - top,
        "orientation": "h" if (x1 - x0) >= (bottom - top) else "v",
    }


def _merge(edges: list[Edge]) -> list[Edge]:
    merged: list[Edge] = plumber_table.merge_edges(
        edges, snap_x_tolerance=SNAP_TOLERANCE, snap_y_tolerance=SNAP_TOLERANCE,
        join_x_tolerance=JOIN_TOLERANCE, join_y_tolerance=JOIN_TOLERANCE,
    )
    return [e for e in merged if max(e["width"], e["height"]) >= MIN_EDGE_LENGTH]


def _merge_by_table(edges: list[Edge]) -> list[Edge]:
    """Snap and join the edges of each group of touching segments on its own: snapping the whole
    page at once moves a vertical rule onto a nearby rule of *another* table (x within
    :data:`SNAP_TOLERANCE`), off the ends of its own horizontal rules, and merges its cells."""
    return [e for group in _components(edges, SNAP_TOLERANCE, collinear=True) for e in _merge(group)]


def _components(edges: list[Edge], tol: float = 1.5, collinear: bool = False) -> list[list[Edge]]:
    """Groups of edges connected through intersections (union-find); with ``collinear``, also
    through the pieces of one rule (same line within ``tol``, ends within :data:`JOIN_TOLERANCE`)."""
    parent = list(range(len(edges)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    verticals = [i for i, e in enumerate(edges) if e["orientation"] == "v"]
    horizontals = [i for i, e in enumerate(edges) if e["orientation"] == "h"]
    for i in verticals:
        v = edges[i]
        for j in horizontals:
            h = edges[j]
            if (v["top"] - tol <= h["top"] <= v["bottom"] + tol) and (h["x0"] - tol <= v["x0"] <= h["x1"] + tol):
                parent[find(i)] = find(j)
    if collinear:
        for members, pos, start, end in ((verticals, "x0", "top", "bottom"), (horizontals, "top", "x0", "x1")):
            ordered = sorted(members, key=lambda k: edges[k][pos])
            for n, i in enumerate(ordered):
                a = edges[i]
                for j in ordered[n + 1:]:
                    b = edges[j]
                    if b[pos] - a[pos] > tol:
                        break
                    if b[start] <= a[end] + JOIN_TOLERANCE and a[start] <= b[end] + JOIN_TOLERANCE:
                        parent[find(i)] = find(j)
    groups: dict[int, list[Edge]] = {}
    for i, e in enumerate(edges):
        groups.setdefault(find(i), []).append(e)
    return list(groups.values())


def _covered(edges: Sequence[Edge], y: float, x0: float, x1: float) -> bool:
    """True if horizontal edges at ``y`` cover [x0, x1]."""
    spans = sorted((e["x0"], e["x1"]) for e in edges if e["orientation"] == "h" and abs(e["top"] - y) <= GRID_TOLERANCE)
    reach = x0
    for a, b in spans:
        if a > reach + JOIN_TOLERANCE:
            return False
        reach = max(reach, b)
    return reach >= x1 - JOIN_TOLERANCE


def _close_open_sides(edges: list[Edge]) -> tuple[list[Edge], list[Edge]]:
    """Add the missing top/bottom rule of each table; returns (all edges, added edges)."""
    added: list[Edge] = []
    for comp in _components(edges):
        vs = [e for e in comp if e["orientation"] == "v"]
        if len(vs) < 2:
            continue
        x0 = min(e["x0"] for e in vs)
        x1 = max(e["x0"] for e in vs)
        top = min(e["top"] for e in vs)
        bottom = max(e["bottom"] for e in vs)
        if not _covered(comp, top, x0, x1):
            added.append(_edge(x0, top, x1, top))
        if not _covered(comp, bottom, x0, x1):
            added.append(_edge(x0, bottom, x1, bottom))
    if not added:
        return edges, added
    return _merge(edges + added), added


def find_lattice_tables(segments: Sequence[Segment], chars: Sequence[Char], page_number: int) -> list[GridTable]:
    """Ruled tables on one page, top to bottom, with their cell texts."""
    edges = _merge_by_table([_edge(s.x0, s.top, s.x1, s.bottom) for s in segments])
    if not edges:
        return []
    drawn = list(edges)
    edges, added = _close_open_sides(edges)
    intersections = plumber_table.edges_to_intersections(edges, 1, 1)
    cell_boxes: list[BBox] = plumber_table.intersections_to_cells(intersections)
    groups: list[list[BBox]] = plumber_table.cells_to_tables(cell_boxes)
    tables: list[GridTable] = []
    for group in groups:
        if len(group) < 2:
            continue  # a framed paragraph, not a table
        tables.append(_grid_table(group, chars, page_number, drawn, bool(added)))
    tables.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    return tables


def _grid_table(boxes: list[BBox], chars: Sequence[Char], page_number: int, drawn: list[Edge],
                any_added: bool) -> GridTable:
    xs = cluster_positions([b[0] for b in boxes] + [b[2] for b in boxes], GRID_TOLERANCE)
    ys = cluster_positions([b[1] for b in boxes] + [b[3] for b in boxes], GRID_TOLERANCE)
    bbox: BBox = (xs[0], ys[0], xs[-1], ys[-1])
    members: dict[int, list[Char]] = {i: [] for i in range(len(boxes))}
    for ch in chars:
        for i, b in enumerate(boxes):
            if b[0] <= ch.cx <= b[2] and b[1] <= ch.cy <= b[3]:
                members[i].append(ch)
                break
    cells: list[GridCell] = []
    seen: set[tuple[int, int]] = set()
    for i, b in enumerate(boxes):
        c0, c1 = nearest_index(xs, b[0]), nearest_index(xs, b[2])
        r0, r1 = nearest_index(ys, b[1]), nearest_index(ys, b[3])
        if c1 <= c0 or r1 <= r0 or (r0, c0) in seen:
            continue
        seen.add((r0, c0))
        mid = (b[0] + b[2]) / 2
        open_top = any_added and r0 == 0 and not _covered(drawn, b[1], mid - 1, mid + 1)
        open_bottom = any_added and r1 == len(ys) - 1 and not _covered(drawn, b[3], mid - 1, mid + 1)
        cells.append(GridCell(row=r0, col=c0, row_span=r1 - r0, col_span=c1 - c0, bbox=b,
                              text=cell_text(members[i]), open_top=open_top, open_bottom=open_bottom,
                              runs_full=r1 == len(ys) - 1 and _runs_full(members[i], b[2])))
    return GridTable(page=page_number, bbox=bbox, strategy="lattice", n_rows=len(ys) - 1, n_cols=len(xs) - 1,
                     cells=tuple(sorted(cells, key=lambda c: (c.row, c.col))), col_edges=tuple(xs))


def _runs_full(chars: Sequence[Char], right: float) -> bool:
    """The cell text's last line ends at the cell's right border (it was wrapped there)."""
    lines = group_lines([c for c in chars if not c.text.isspace()])
    if not lines:
        return False
    last = lines[-1]
    return last.bbox[2] >= right - CELL_PADDING - FULL_LINE_CHARS * last.size
