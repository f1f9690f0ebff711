"""The loader's working form of a table, before it becomes a :class:`extractor.document.Table`.

A :class:`GridTable` keeps what the cross-page step needs and the document model does not:
whether a cell's top or bottom border was actually drawn (``open_top`` / ``open_bottom``: the
border was missing and the loader had to close the cell, which is what a page break inside a
row or inside a merged cell looks like), and whether its text's last line runs to the cell's right
edge (``runs_full``: a label wrapped there may continue in the next row part, on the next page).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from extractor.document import Cell, Provenance, Table
from extractor.loaders.pdf_page import BBox


@dataclass(frozen=True)
class GridCell:
    row: int
    col: int
    row_span: int
    col_span: int
    bbox: BBox
    text: str
    open_top: bool = False
    open_bottom: bool = False
    #: OCR only: the recogniser's score of the reading (None: not read by OCR, or no recognised text)
    score: float | None = None
    #: the last line of the text reaches the cell's right edge (less padding and one character);
    #: only the cross-page step asks, so the lattice strategy sets it on a table's last row only
    runs_full: bool = False


@dataclass(frozen=True)
class GridTable:
    page: int
    bbox: BBox
    strategy: str
    n_rows: int
    n_cols: int
    cells: tuple[GridCell, ...]
    col_edges: tuple[float, ...]  # n_cols + 1 x positions

    def row(self, r: int) -> list[GridCell]:
        """Cells that *start* in row ``r``, left to right."""
        return sorted((c for c in self.cells if c.row == r), key=lambda c: c.col)

    def covering(self, r: int) -> list[GridCell]:
        """Cells covering row ``r``, left to right."""
        return sorted((c for c in self.cells if c.row <= r < c.row + c.row_span), key=lambda c: c.col)

    def row_texts(self, r: int) -> tuple[str, ...]:
        return tuple(c.text for c in self.row(r))

    def drop_rows(self, count: int) -> GridTable | None:
        """The table without its first ``count`` rows (None when nothing is left)."""
        if count <= 0:
            return self
        if count >= self.n_rows:
            return None
        cells: list[GridCell] = []
        for c in self.cells:
            end = c.row + c.row_span
            if end <= count:
                continue
            start = max(c.row, count)
            cells.append(replace(c, row=start - count, row_span=end - start))
        top = min(c.bbox[1] for c in cells)
        return replace(self, cells=tuple(cells), n_rows=self.n_rows - count,
                       bbox=(self.bbox[0], top, self.bbox[2], self.bbox[3]))

    def to_table(self) -> Table:
        cells = tuple(
            Cell(row=c.row, col=c.col, text=c.text,
                 provenance=Provenance(page=self.page, bbox=_round(c.bbox),
                                       ocr_score=None if c.score is None else round(c.score, 4)),
                 row_span=c.row_span, col_span=c.col_span)
            for c in sorted(self.cells, key=lambda c: (c.row, c.col))
        )
        return Table(cells=cells, n_rows=self.n_rows, n_cols=self.n_cols, strategy=self.strategy,
                     provenance=Provenance(page=self.page, bbox=_round(self.bbox)), page=self.page)


def _round(box: BBox) -> BBox:
    """Two decimals: what the JSON dump keeps, so a Document survives a round trip unchanged."""
    return (round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2))


def cluster_positions(values: list[float], tolerance: float) -> list[float]:
    """Sorted representative positions: values closer than ``tolerance`` are one position."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tolerance:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def nearest_index(positions: list[float], value: float) -> int:
    return min(range(len(positions)), key=lambda i: abs(positions[i] - value))
