"""Find the template's blocks among the document's table rows.

All table rows of the document are read as one stream in reading order, so a table that a
page break (or a loader) cut in two simply continues. Each row is split into its leading label
cells and its trailing value cells. A small state machine, driven by the layout's captions and
header labels, assigns rows to blocks: a ``第二十条第（…）项`` caption opens a 表二 block, the
表三 and 表四 header labels open those tables, and a row whose label matches a 表三 row opens
表三 even where its header was lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor.document import Cell, Document, Table
from extractor.layouts import Block, Layout
from extractor.matching import label_score
from extractor.values import is_value_like

CAPTION_CUTOFF = 0.9
HEADER_CUTOFF = 0.85
ROW_OPEN_CUTOFF = 0.85


@dataclass(frozen=True)
class DocRow:
    """One table row: its label cells and trailing value cells."""

    table: int
    index: int
    labels: tuple[Cell, ...]
    values: tuple[Cell, ...]
    grid_values: tuple[Cell | None, ...]
    page: int | None
    strategy: str = ""  # how the loader found the row's table (html, tsv, lattice, ocr, …)

    @property
    def label_texts(self) -> list[str]:
        return [c.text for c in self.labels if c.text.strip()]

    @property
    def has_printed_values(self) -> bool:
        return any(c.text.strip() for c in self.values)


@dataclass
class LocatedBlock:
    """Rows the state machine gave to one layout block (mutable while locating only)."""

    block: Block
    header_rows: list[DocRow] = field(default_factory=list)
    data_rows: list[DocRow] = field(default_factory=list)

    @property
    def pages(self) -> list[int]:
        return sorted({r.page for r in self.data_rows if r.page is not None})


def split_row(table_index: int, row_index: int, cells: list[Cell], table: Table,
              grid_row: list[Cell | None]) -> DocRow:
    values: list[Cell] = []
    for cell in reversed(cells):
        if is_value_like(cell.text):
            values.append(cell)
        else:
            break
    values.reverse()
    labels = cells[: len(cells) - len(values)]
    grid_values: list[Cell | None] = []
    if table.strategy not in ("tsv", "aligned"):
        seen: set[int] = set()
        for slot in grid_row:
            if slot is None or id(slot) not in seen:
                grid_values.append(slot)
            if slot is not None:
                seen.add(id(slot))
    return DocRow(table=table_index, index=row_index, labels=tuple(labels), values=tuple(values),
                  grid_values=tuple(grid_values), page=table.page, strategy=table.strategy)


def document_rows(document: Document) -> list[DocRow]:
    rows: list[DocRow] = []
    for t_index, table in enumerate(document.tables):
        grid = table.grid()
        for r_index, cells in enumerate(table.row_cells()):
            if cells:
                rows.append(split_row(t_index, r_index, cells, table, grid[r_index]))
    return rows


def _best(texts: list[str], candidates: tuple[str, ...]) -> float:
    return max((label_score(t, candidates) for t in texts), default=0.0)


def _header_hits(row: DocRow, labels: tuple[str, ...]) -> int:
    texts = row.label_texts
    return sum(1 for label in labels if _best(texts, (label,)) >= HEADER_CUTOFF)


def locate_blocks(rows: list[DocRow], layout: Layout) -> dict[str, LocatedBlock]:
    """Assign rows to the layout's blocks. Blocks with no row are absent from the result."""
    located: dict[str, LocatedBlock] = {}
    captions = [(b, (b.caption,)) for b in layout.blocks if b.caption]
    t3_blocks = [b for b in layout.blocks if b.header_labels and not b.positional and not b.caption]
    t4_blocks = [b for b in layout.blocks if b.positional]
    current: LocatedBlock | None = None

    def open_block(block: Block) -> LocatedBlock:
        if block.id not in located:
            located[block.id] = LocatedBlock(block)
        return located[block.id]

    for row in rows:
        texts = row.label_texts
        caption_block = next((b for b, cands in captions if _best(texts, cands) >= CAPTION_CUTOFF), None)
        if caption_block is not None and not row.has_printed_values:
            current = open_block(caption_block)
            continue
        header_block = None
        for block in (*t4_blocks, *t3_blocks):
            hits = _header_hits(row, block.header_labels + tuple(c.label for c in block.columns))
            needed = 2 if block.positional else 1
            if hits >= needed and len([v for v in row.values if v.text.strip()]) == 0:
                # t4's column names also appear in t3 (总计, 其他): t4 needs its own words.
                if block.positional and _header_hits(row, block.header_labels) == 0 and (
                        current is None or not current.block.positional):
                    continue
                if not block.positional and _header_hits(row, block.header_labels) == 0 and (
                        current is None or current.block.id != block.id):
                    continue
                header_block = block
                break
        if header_block is not None:
            current = open_block(header_block)
            current.header_rows.append(row)
            continue
        if (current is not None and current.block.caption and not row.has_printed_values
                and _header_hits(row, current.block.header_labels + tuple(c.label for c in current.block.columns))):
            current.header_rows.append(row)  # 信息内容 | 本年处理决定数量 | (empty colspan fillers)
            continue
        if not texts and all(not v.text.strip() for v in row.values) and (
                current is None or not current.block.positional):
            continue  # an empty row; only 表四's data row may be all blank (no cases at all)
        if not row.values:
            if current is not None:
                if current.block.caption and not current.data_rows:
                    current.header_rows.append(row)
                elif not (current.block.caption or current.block.positional):
                    current.data_rows.append(row)  # a group label on its own row: context for 表三
            continue
        # A data row. Does it open 表三 (a row label of 表三 while we are elsewhere)?
        if current is None or current.block.table != "t3":
            for block in t3_blocks:
                if texts and _best(texts, tuple(lbl for r in block.rows for lbl in r.all_labels)) >= ROW_OPEN_CUTOFF:
                    current = open_block(block)
                    break
        if current is None:
            continue
        current.data_rows.append(row)
    return located
