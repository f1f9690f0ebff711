"""Plain text → Document.

Two table styles are recognised, line by line:

* tab-separated (text pulled from a PDF or a spreadsheet): a run of consecutive lines holding a
  tab is one table; cells are the tab-separated fields, empty ones included (a trailing empty
  field may be a printed blank or a stray tab: the aligner decides, knowing how many values a
  row must have);
* whitespace-aligned (``pdftotext -layout``): a run of lines with two or more gaps of at least
  two spaces; cells are split on those gaps.

Other lines become text blocks. Rows keep whatever number of cells they have: a row lacking its
leading empty label cells is normal here, and the layout parser reads values from the right.
"""

from __future__ import annotations

import re

from extractor.document import Cell, ContentItem, Document, Provenance, SourceInfo, Table, TextBlock
from extractor.errors import LoadError

_ALIGNED_GAP = re.compile(r"\S(?: {2,}|\u3000+)\S")
_ALIGNED_SPLIT = re.compile(r"(?: {2,}|\u3000+)")
CAPTION_MAX = 30


def decode_text(data: bytes) -> str:
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _split(line: str) -> tuple[str, list[str]] | None:
    if "\t" in line:
        return "tsv", line.split("\t")
    stripped = line.strip()
    if len(_ALIGNED_GAP.findall(stripped)) >= 2:
        return "aligned", _ALIGNED_SPLIT.split(stripped)
    return None


def _join_aligned_neighbours(lines: list[str], splits: list[tuple[str, list[str]] | None]) -> None:
    """Lines next to an aligned table that have one gap (``行政许可      35``) or are a short
    indented caption (``第二十条第（一）项``) belong to it; joined until nothing changes."""
    changed = True
    while changed:
        changed = False
        for i, line in enumerate(lines):
            stripped = line.strip()
            if splits[i] is not None or not stripped:
                continue
            one_gap = _ALIGNED_GAP.search(stripped) is not None
            caption = len(stripped) <= CAPTION_MAX
            if not (one_gap or caption):
                continue
            neighbours = [splits[j] for j in (i - 1, i + 1) if 0 <= j < len(lines)]
            if any(n is not None and n[0] == "aligned" for n in neighbours):
                splits[i] = ("aligned", _ALIGNED_SPLIT.split(stripped))
                changed = True


def _make_table(rows: list[tuple[int, list[str]]], strategy: str) -> Table:
    cells: list[Cell] = []
    n_cols = 0
    for r, (line_no, fields) in enumerate(rows):
        fields = [f.strip() for f in fields]
        for c, text in enumerate(fields):
            cells.append(Cell(row=r, col=c, text=text, provenance=Provenance(line=line_no)))
        n_cols = max(n_cols, len(fields))
    return Table(cells=tuple(cells), n_rows=len(rows), n_cols=max(n_cols, 1), strategy=strategy,
                 provenance=Provenance(line=rows[0][0]))


def load_text(data: bytes, source: SourceInfo) -> Document:
    text = decode_text(data)
    if not text.strip():
        raise LoadError("EMPTY_FILE", "the file is empty")
    if "\x00" in text[:4096]:
        raise LoadError("BINARY", "binary data, not text")
    content: list[ContentItem] = []
    pending: list[tuple[int, list[str]]] = []
    pending_style = ""
    lines = text.splitlines()
    # A line of tabs only is a row of blank cells (表四 with no cases at all), not a blank line.
    splits = [_split(line) if line.strip() or "\t" in line else None for line in lines]
    _join_aligned_neighbours(lines, splits)

    def flush() -> None:
        nonlocal pending
        if pending:
            content.append(_make_table(pending, pending_style))
        pending = []

    for line_no, (line, split) in enumerate(zip(lines, splits, strict=True), start=1):
        if split is None and not line.strip():
            flush()
            continue
        if split is None:
            flush()
            content.append(TextBlock(text=line.strip(), provenance=Provenance(line=line_no)))
            continue
        style, fields = split
        if pending and style != pending_style:
            flush()
        pending_style = style
        pending.append((line_no, fields))
    flush()
    return Document(source=source, content=tuple(content))
