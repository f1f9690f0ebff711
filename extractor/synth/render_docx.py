"""Synthetic reports as Word files: the same body (paragraphs and grids) the HTML renderer gets,
written with python-docx, spans as real merged cells (``gridSpan`` / ``vMerge``), a line break
inside a label as a second paragraph in the cell (as Word users type it), and, for the
``outer_table`` variant, the whole report inside a one-cell layout table (nested tables).

The bytes are reproducible: core properties are fixed and the ZIP is rewritten with fixed member
timestamps. :func:`docx_to_doc` converts to Word 97 ``.doc`` with LibreOffice (not byte-stable).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable

import docx
from docx.document import Document as DocxDocument
from docx.table import Table as DocxTable
from docx.table import _Cell

from extractor.loaders.doc import DocSettings, convert
from extractor.synth.grid import Grid, cell_positions
from extractor.synth.variants import Variant

_EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

Script = Callable[[str], str]


def _fill(cell: _Cell, text: str) -> None:
    lines = text.split("\n")
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def _table(container: DocxDocument | _Cell, grid: Grid, script: Script) -> DocxTable:
    positions, n_cols = cell_positions(grid)
    table = container.add_table(rows=len(grid), cols=n_cols)
    table.style = "Table Grid"
    # table.cell(r, c) rebuilds the whole cell list on every call; regions never overlap, so the
    # cells taken before any merge stay valid for the corners each merge needs.
    slots = table._cells
    flat = [cell for row in grid for cell in row]
    for cell, (r, c) in zip(flat, positions, strict=True):
        target = slots[r * n_cols + c]
        if cell.rowspan > 1 or cell.colspan > 1:
            last = (min(r + cell.rowspan, len(grid)) - 1) * n_cols + c + cell.colspan - 1
            target = target.merge(slots[last])
        if cell.text:
            _fill(target, script(cell.text))
    return table


def render_docx(title: str, body: list[str | Grid], variant: Variant, script: Script) -> bytes:
    """The report as DOCX bytes; ``script`` converts every string (simplified → traditional)."""
    document = docx.Document()
    props = document.core_properties
    props.author = props.last_modified_by = "extractor.synth"
    props.created = props.modified = _EPOCH
    props.revision = 1
    document.add_heading(script(title), level=1)
    container: DocxDocument | _Cell = document
    if variant.outer_table:
        layout = document.add_table(rows=2, cols=1)
        layout.cell(0, 0).paragraphs[0].text = " "
        container = layout.cell(1, 0)
    for item in body:
        if isinstance(item, str):
            container.add_paragraph(script(item))
        else:
            _table(container, item, script)
            if isinstance(container, _Cell):
                container.add_paragraph("")
    raw = io.BytesIO()
    document.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same ZIP with fixed timestamps (python-docx stamps members with the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dest.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def docx_to_doc(data: bytes, timeout_s: float = 120.0) -> bytes:
    """A Word 97 ``.doc`` made from DOCX bytes by LibreOffice (raises LoadError when it is missing)."""
    return convert(data, ".docx", "doc:MS Word 97", DocSettings(timeout_s=timeout_s))
