"""Synthetic reports as plain text, the two ways text reaches us: tab-separated cells (text
pulled from a PDF, like samples/s000.txt: spanned cells leave empty fields, some rows lack their
leading empty cells) and whitespace-aligned columns (``pdftotext -layout``)."""

from __future__ import annotations

import random
import unicodedata

from extractor.synth.grid import Grid, cell_positions
from extractor.synth.variants import Variant, aligned_safe


def expand(grid: Grid) -> list[list[str]]:
    """The grid with spans filled: text in the first slot, empty strings in the covered ones."""
    positions, width = cell_positions(grid)
    out = [[""] * width for _ in grid]
    for (r, c), cell in zip(positions, (cell for row in grid for cell in row), strict=True):
        out[r][c] = cell.text
    return out


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table_tsv(grid: Grid, variant: Variant, rng: random.Random) -> list[str]:
    lines = []
    for fields in expand(grid):
        fields = [f.replace("\n", " ") for f in fields]
        if variant.drop_leading and fields and fields[0] == "" and rng.random() < 0.3:
            while fields and fields[0] == "":
                fields.pop(0)
        lines.append("\t".join(fields))
    return lines


def table_aligned(grid: Grid) -> list[str]:
    rows = [[aligned_safe(f.replace("\n", " ")) for f in fields] for fields in expand(grid)]
    widths = [max(_width(r[c]) for r in rows) for c in range(len(rows[0]))] if rows else []
    lines = []
    for row in rows:
        line = "".join(f + " " * (widths[c] - _width(f) + 3) for c, f in enumerate(row))
        lines.append(line.rstrip())
    return lines


def render_runtogether(title: str, body: list[str | Grid]) -> str:
    """Everything after the title on one line, cells joined with nothing between them (r008)."""
    parts: list[str] = []
    for item in body:
        if isinstance(item, str):
            parts.append(item)
        else:
            parts.extend(f.replace("\n", "") for fields in expand(item) for f in fields if f)
    return title + "\n" + "".join(parts) + "\n"


def render_text(title: str, body: list[str | Grid], variant: Variant, rng: random.Random) -> str:
    if variant.carrier == "text_runtogether":
        return render_runtogether(title, body)
    out = [title, ""]
    for item in body:
        if isinstance(item, str):
            out.extend([item, ""])
        else:
            out.extend(table_tsv(item, variant, rng) if variant.carrier == "text_tsv" else table_aligned(item))
            out.append("")
    return "\n".join(out) + "\n"
