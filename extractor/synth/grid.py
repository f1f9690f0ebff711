"""Tables 二, 三 and 四 of a synthetic report as grids of cells with spans, the form both the HTML
and the text renderers start from. Labels come from the layout; header words from phrases.toml.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from extractor.layouts import Label, Layout
from extractor.synth.phrases import Phrases
from extractor.synth.variants import PrintOptions, Variant, in_script, misprint_label, vary_label


@dataclass(frozen=True)
class GridCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    cell_id: str | None = None  # set on value cells
    vertical: bool = False  # text written top to bottom


Grid = list[list[GridCell]]
ValueText = Callable[[str], str]  # cell id → printed text


def _label(label: Label, variant: Variant, rng: random.Random, misprinted: set[str], options: PrintOptions) -> str:
    """A 表三 row label as printed: varied, misprinted for a chosen row, in another script for a chosen row."""
    text = vary_label(label, variant, rng)
    text = text if label.id not in misprinted else misprint_label(text, rng)
    return in_script(text, options.label_scripts.get(label.id, ""))


def grid_t2(layout: Layout, variant: Variant, phrases: Phrases, value: ValueText, rng: random.Random) -> Grid:
    width = 1 + max(len(b.columns) for b in layout.blocks_of("t2"))
    grid: Grid = []
    for block in layout.blocks_of("t2"):
        caption = block.caption or ""
        if variant.half_parens:
            caption = caption.replace("（", "(").replace("）", ")")
        grid.append([GridCell(caption, colspan=width, header=True)])
        span = (width - 1) // len(block.columns)
        extra = (width - 1) - span * len(block.columns)
        head = [GridCell(phrases.info_header, header=True)]
        for i, col in enumerate(block.columns):
            head.append(GridCell(vary_label(col, variant, rng, row=False), colspan=span + (extra if i == len(block.columns) - 1 else 0),
                                 header=True))
        grid.append(head)
        for row in block.rows:
            line = [GridCell(vary_label(row, variant, rng))]
            for i, col in enumerate(block.columns):
                cid = block.cell_id(row.id, col.id)
                line.append(GridCell(value(cid), colspan=span + (extra if i == len(block.columns) - 1 else 0),
                                         cell_id=cid))
            grid.append(line)
    return grid


def grid_t3(layout: Layout, variant: Variant, phrases: Phrases, value: ValueText, rng: random.Random,
            misprinted: set[str], options: PrintOptions) -> Grid:
    block = layout.block("t3")
    columns = list(block.columns)
    applicant_cols = columns[1:-1]
    grid: Grid = [
        [GridCell(phrases.t3_footnote, rowspan=3, colspan=3, header=True),
         GridCell(phrases.applicant, colspan=len(columns), header=True)],
        [GridCell(vary_label(columns[0], variant, rng, row=False), rowspan=2, header=True),
         GridCell(phrases.legal_person, colspan=len(applicant_cols), header=True),
         GridCell(vary_label(columns[-1], variant, rng, row=False), rowspan=2, header=True)],
        [GridCell(vary_label(c, variant, rng, row=False), header=True) for c in applicant_cols],
    ]
    printed_rows = [r for r in block.rows if _printed_row(r, block.rows, variant)]
    results = [r for r in printed_rows if r.parent is not None]
    groups: dict[str, list[Label]] = {}
    for row in results:
        if row.parent in block.groups:
            groups.setdefault(row.parent, []).append(row)
    first_result = results[0].id if results else ""
    for row in printed_rows:
        cells: list[GridCell] = []
        if row.parent is None:
            cells.append(GridCell(_label(row, variant, rng, misprinted, options), colspan=3))
        else:
            if row.id == first_result:
                cells.append(GridCell(phrases.results_parent, rowspan=len(results),
                                          vertical=options.page.vertical_results))
            if row.parent in groups:
                members = groups[row.parent]
                if row is members[0]:
                    group = row.parent.replace("（", "(").replace("）", ")") if variant.half_parens else row.parent
                    cells.append(GridCell(group, rowspan=len(members)))
                cells.append(GridCell(_label(row, variant, rng, misprinted, options)))
            else:
                cells.append(GridCell(_label(row, variant, rng, misprinted, options), colspan=2))
        cells.extend(GridCell(value(block.cell_id(row.id, c.id)), cell_id=block.cell_id(row.id, c.id))
                     for c in columns)
        grid.append(cells)
    return grid


def _printed_row(row: Label, rows: tuple[Label, ...], variant: Variant) -> bool:
    if row.derived_from:  # （六）其他处理 with items: printed as its own row only in the one-row form
        return variant.other_one_row
    parent = next((r for r in rows if r.derived_from and row.id in r.derived_from), None)
    return parent is None or not variant.other_one_row


def printed_t3_rows(layout: Layout, variant: Variant) -> list[str]:
    block = layout.block("t3")
    return [r.id for r in block.rows if _printed_row(r, block.rows, variant)]


def grid_t4(layout: Layout, variant: Variant, phrases: Phrases, value: ValueText, rng: random.Random) -> Grid:
    block = layout.block("t4")
    review, *suits = block.rows
    cols = list(block.columns)
    grid: Grid = [
        [GridCell(phrases.t4_review, colspan=len(cols), header=True),
         GridCell(phrases.t4_suit, colspan=len(cols) * len(suits), header=True)],
        [GridCell(vary_label(c, variant, rng, row=False), rowspan=2, header=True) for c in cols]
        + [GridCell(vary_label(s, variant, rng, row=False), colspan=len(cols), header=True) for s in suits],
        [GridCell(vary_label(c, variant, rng, row=False), header=True) for _ in suits for c in cols],
        [GridCell(value(block.cell_id(r.id, c.id)), cell_id=block.cell_id(r.id, c.id)) for r in block.rows
         for c in cols],
    ]
    return grid


def cell_positions(grid: Grid) -> tuple[list[tuple[int, int]], int]:
    """Top-left (row, col) of every grid cell in row-major order, and the column count."""
    occupied: set[tuple[int, int]] = set()
    out: list[tuple[int, int]] = []
    n_cols = 0
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in occupied:
                c += 1
            out.append((r, c))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    occupied.add((r + dr, c + dc))
            c += cell.colspan
            n_cols = max(n_cols, c)
    return out, max([n_cols] + [c + 1 for _, c in occupied])
