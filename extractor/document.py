"""The one document model every loader produces.

A :class:`Document` is a sequence of content items in reading order: :class:`TextBlock` for
prose and :class:`Table` for tables. A table is a list of :class:`Cell` objects with explicit
row/column offsets and spans (docling-style); :meth:`Table.grid` derives the dense grid in which
a spanning cell fills every slot it covers.

Every item carries :class:`Provenance`: a page and a bounding box (PDF points, origin top-left)
for paged formats, a locator such as ``table[2]/tr[5]/td[3]`` for HTML, or a line number for
text. Documents round-trip through JSON (``extract --dump-document``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class Provenance:
    """Where something was found. At least one of the fields is set.

    ``ocr_score``: for a value read by OCR, the recogniser's score of the text that went into
    the cell (the least of its lines' scores, 0..1); None otherwise.
    """

    page: int | None = None
    bbox: BBox | None = None
    locator: str | None = None
    line: int | None = None
    ocr_score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.page is not None:
            out["page"] = self.page
        if self.bbox is not None:
            out["bbox"] = [round(v, 2) for v in self.bbox]
        if self.locator is not None:
            out["locator"] = self.locator
        if self.line is not None:
            out["line"] = self.line
        if self.ocr_score is not None:
            out["ocr_score"] = self.ocr_score
        return out

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Provenance:
        bbox = data.get("bbox")
        return Provenance(
            page=data.get("page"),
            bbox=(float(bbox[0]), float(bbox[1]), float(bbox[2]), float(bbox[3])) if bbox else None,
            locator=data.get("locator"),
            line=data.get("line"),
            ocr_score=None if data.get("ocr_score") is None else float(data["ocr_score"]),
        )


@dataclass(frozen=True)
class Cell:
    """One table cell at (row, col), spanning ``row_span`` × ``col_span`` grid slots."""

    row: int
    col: int
    text: str
    provenance: Provenance
    row_span: int = 1
    col_span: int = 1

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"row": self.row, "col": self.col, "text": self.text}
        if self.row_span != 1:
            out["row_span"] = self.row_span
        if self.col_span != 1:
            out["col_span"] = self.col_span
        out["provenance"] = self.provenance.to_dict()
        return out

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Cell:
        return Cell(
            row=int(data["row"]),
            col=int(data["col"]),
            text=str(data["text"]),
            provenance=Provenance.from_dict(data.get("provenance", {})),
            row_span=int(data.get("row_span", 1)),
            col_span=int(data.get("col_span", 1)),
        )


@dataclass(frozen=True)
class Table:
    """A table as cells with offsets and spans.

    ``strategy`` names how the loader found it (``html``, ``tsv``, ``aligned``, ``lattice``,
    ``stream``, …); ``page`` is the page it starts on, when the carrier has pages.
    """

    cells: tuple[Cell, ...]
    n_rows: int
    n_cols: int
    strategy: str
    provenance: Provenance
    page: int | None = None

    def grid(self) -> list[list[Cell | None]]:
        """The dense grid: each slot holds the cell covering it (spans filled), or None."""
        grid: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, min(cell.row + cell.row_span, self.n_rows)):
                for c in range(cell.col, min(cell.col + cell.col_span, self.n_cols)):
                    grid[r][c] = cell
        return grid

    def row_cells(self) -> list[list[Cell]]:
        """Per grid row, the distinct cells covering it, left to right.

        A horizontally spanning cell appears once; a vertically spanning cell appears in every
        row it covers (so a rowspanning group label is seen by each of its rows).
        """
        rows: list[list[Cell]] = []
        for grid_row in self.grid():
            seen: list[Cell] = []
            for cell in grid_row:
                if cell is not None and (not seen or seen[-1] is not cell):
                    seen.append(cell)
            rows.append(seen)
        return rows

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "table",
            "strategy": self.strategy,
            "n_rows": self.n_rows,
            "n_cols": self.n_cols,
            "page": self.page,
            "provenance": self.provenance.to_dict(),
            "cells": [c.to_dict() for c in self.cells],
        }

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Table:
        return Table(
            cells=tuple(Cell.from_dict(c) for c in data["cells"]),
            n_rows=int(data["n_rows"]),
            n_cols=int(data["n_cols"]),
            strategy=str(data["strategy"]),
            provenance=Provenance.from_dict(data.get("provenance", {})),
            page=data.get("page"),
        )


@dataclass(frozen=True)
class TextBlock:
    """A paragraph or line of prose."""

    text: str
    provenance: Provenance

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "text", "text": self.text, "provenance": self.provenance.to_dict()}

    @staticmethod
    def from_dict(data: dict[str, Any]) -> TextBlock:
        return TextBlock(text=str(data["text"]), provenance=Provenance.from_dict(data.get("provenance", {})))


ContentItem = TextBlock | Table


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    has_text_layer: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "width": self.width, "height": self.height,
                "has_text_layer": self.has_text_layer}

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Page:
        return Page(number=int(data["number"]), width=float(data["width"]), height=float(data["height"]),
                    has_text_layer=bool(data.get("has_text_layer", True)))


@dataclass(frozen=True)
class SourceInfo:
    """Identity of the input: file name, content hash, media type and (when fetched) URL."""

    file: str
    sha256: str
    media_type: str
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "sha256": self.sha256, "url": self.url, "media_type": self.media_type}

    @staticmethod
    def from_dict(data: dict[str, Any]) -> SourceInfo:
        return SourceInfo(file=str(data["file"]), sha256=str(data["sha256"]),
                          media_type=str(data["media_type"]), url=data.get("url"))


@dataclass(frozen=True)
class Document:
    """Content items in reading order, plus pages (for paged carriers) and the source."""

    source: SourceInfo
    content: tuple[ContentItem, ...]
    pages: tuple[Page, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def tables(self) -> list[Table]:
        return [item for item in self.content if isinstance(item, Table)]

    @property
    def text_blocks(self) -> list[TextBlock]:
        return [item for item in self.content if isinstance(item, TextBlock)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.to_dict(),
            "pages": [p.to_dict() for p in self.pages],
            "notes": list(self.notes),
            "content": [item.to_dict() for item in self.content],
        }

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Document:
        content: list[ContentItem] = []
        for item in data["content"]:
            if item.get("kind") == "table":
                content.append(Table.from_dict(item))
            else:
                content.append(TextBlock.from_dict(item))
        return Document(
            source=SourceInfo.from_dict(data["source"]),
            content=tuple(content),
            pages=tuple(Page.from_dict(p) for p in data.get("pages", [])),
            notes=tuple(data.get("notes", [])),
        )
