"""Stream strategy: borderless tables from text alignment.

1. Lines are split into *segments* where the horizontal gap exceeds ``SEGMENT_GAP`` × the
   character size (cells are separated by padding, words inside a Chinese label are not).
2. A *data line* has at least one value segment (a number, ``—``, ``/``) and two or more
   segments, or three or more value segments (table 四's data row has no label).
3. Blocks: runs of data lines, with the close non-data lines above them as header rows
   (including a one-segment caption in the table's type, indented, right above a header row:
   ``第二十条第（五）项``). A header-like line (two or more non-value segments) after data
   lines that reaches over their value columns starts a new block, together with the caption
   just above it, so each block of table 二 gets its own value columns; one that stays left of
   them is a wrapped label beside its group label and stays in the block.
4. Value columns are the clusters of value segments' centres; label columns the clusters of
   label segments' left edges. Every data row gets one cell per value column, empty where
   nothing is printed; label-only lines (wrapped labels, group labels centred on their rows)
   join the nearest data row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractor.loaders.pdf_grid import GridCell, GridTable, cluster_positions, nearest_index
from extractor.loaders.pdf_page import BBox, Char
from extractor.loaders.pdf_text import Line, group_lines, join_wrapped, tidy_cell_text, union_bbox

SEGMENT_GAP = 1.2
CAPTION_SIZE_TOLERANCE = 0.1  # a caption is set in the table's type, a heading larger
DIGIT_GAP = 0.4  # digits of one number are set tight; a wider gap separates two numbers
_DIGITS = frozenset("0123456789.,")
_VALUE = re.compile(r"[-+]?\d[\d,，]*(?:\.\d+)?%?|[—–\-－/／]+|无")


@dataclass(frozen=True)
class _Segment:
    text: str
    bbox: BBox

    @property
    def is_value(self) -> bool:
        return bool(_VALUE.fullmatch(self.text))

    @property
    def cx(self) -> float:
        return (self.bbox[0] + self.bbox[2]) / 2


@dataclass(frozen=True)
class _Row:
    segments: tuple[_Segment, ...]
    bbox: BBox
    size: float

    @property
    def values(self) -> list[_Segment]:
        return [s for s in self.segments if s.is_value]

    @property
    def is_data(self) -> bool:
        n_values = len(self.values)
        return (n_values >= 1 and len(self.segments) >= 2) or n_values >= 2

    @property
    def is_header_like(self) -> bool:
        return not self.is_data and len(self.segments) >= 2


def _segments(line: Line) -> list[_Segment]:
    groups: list[list[Char]] = []
    for ch in line.chars:
        if ch.text.isspace():
            continue
        prev = groups[-1][-1] if groups else None
        numeric = prev is not None and prev.text in _DIGITS and ch.text in _DIGITS
        limit = (DIGIT_GAP if numeric else SEGMENT_GAP) * max(line.size, 1.0)
        if prev is not None and ch.bbox[0] - prev.bbox[2] <= limit:
            groups[-1].append(ch)
        else:
            groups.append([ch])
    return [
        _Segment(tidy_cell_text(Line(tuple(g)).text()), union_bbox(c.bbox for c in g)) for g in groups
    ]


def _blocks(rows: list[_Row]) -> list[list[_Row]]:
    blocks: list[list[_Row]] = []
    i = 0
    n = len(rows)
    while i < n:
        if not rows[i].is_data:
            i += 1
            continue
        # header rows: close non-data rows right above the first data row
        start = i
        value_x0 = min(s.bbox[0] for s in rows[i].values)
        left = min(s.bbox[0] for s in rows[i].segments)
        while start > 0 and not rows[start - 1].is_data and _gap(rows[start - 1], rows[start]) <= 1.2 * rows[start].size:
            above = rows[start - 1]
            if blocks and above in blocks[-1]:
                break
            # a header row has two or more cells, or one cell over the value columns, or is a
            # caption set in the table's type over a header row; a single left-aligned line
            # is a heading or prose, not part of the table
            if len(above.segments) < 2 and above.segments[0].bbox[0] < value_x0 - above.size \
                    and not _is_caption(above, rows[start], left):
                break
            start -= 1
        end = i
        while end + 1 < n:
            nxt = rows[end + 1]
            if _gap(rows[end], nxt) > 2.5 * nxt.size:
                break
            if nxt.is_header_like and _over_values(nxt, rows[i:end + 1]):
                # a new block begins; a caption right above it belongs to it
                if not rows[end].is_data and len(rows[end].segments) == 1 and end > i:
                    end -= 1
                break
            end += 1
        blocks.append(_without_prose_after(rows[start:end + 1]))
        i = end + 1
    return blocks


def _without_prose_after(block: list[_Row]) -> list[_Row]:
    """The block without the lines after its last data row that are prose, not table: a wrapped
    label follows its row tightly; from the first one-cell line set off by a gap on (a heading and
    the paragraph under it), the lines belong to the text after the table."""
    last = max(k for k, r in enumerate(block) if r.is_data)
    for k in range(last + 1, len(block)):
        if len(block[k].segments) == 1 and _gap(block[k - 1], block[k]) > 0.8 * block[k].size:
            return block[:k]
    return block


def _is_caption(row: _Row, below: _Row, left: float) -> bool:
    """One indented line in the table's type right above a header row (``第二十条第（五）项``)."""
    return (len(row.segments) == 1 and below.is_header_like
            and abs(row.size - below.size) <= CAPTION_SIZE_TOLERANCE * below.size
            and row.segments[0].bbox[0] > left + row.size)


def _over_values(row: _Row, body: Sequence[_Row]) -> bool:
    """Whether a header-like row after ``body`` reaches over its value columns: a new header.
    A wrapped label beside its group label (``（六）其 | 2.申请人…缴纳费``) stays left of them."""
    values = [s for r in body if r.is_data for s in r.values]
    if not values:
        return False
    value_x0 = min(s.bbox[0] for s in values)
    return any(s.cx >= value_x0 - row.size for s in row.segments)


def _gap(upper: _Row, lower: _Row) -> float:
    return lower.bbox[1] - upper.bbox[3]


def _block_table(block: list[_Row], page_number: int) -> GridTable | None:
    data = [r for r in block if r.is_data]
    has_header = any(r.is_header_like for r in block[: block.index(data[0])]) if data else False
    if not data or (sum(len(r.values) for r in data) < 2 and not has_header):
        return None
    size = sorted(r.size for r in block)[len(block) // 2]
    first_value_x0 = min(s.bbox[0] for r in data for s in r.values)
    bands = cluster_positions([s.cx for r in data for s in r.values], 1.5 * size)
    label_segments = [s for r in data for s in r.segments if not s.is_value and s.bbox[0] < first_value_x0]
    first_data = block.index(data[0])
    body_labels = [s for r in block[first_data:] if not r.is_data for s in r.segments]
    label_cols = cluster_positions([s.bbox[0] for s in label_segments + body_labels], 1.0 * size)
    n_label = len(label_cols)
    n_cols = n_label + len(bands)
    if n_cols < 2:
        return None
    # column boundaries: label columns at their left edges, value bands halfway between centres
    half = [(bands[k] + bands[k + 1]) / 2 for k in range(len(bands) - 1)]
    band_left = [min(s.bbox[0] for r in data for s in r.values)] + half
    band_right = [*half, max(s.bbox[2] for r in data for s in r.values)]
    col_edges = tuple([*label_cols, *band_left, band_right[-1]])

    # assign rows: header rows as they are; body label-only rows to the nearest data row
    header = block[:first_data]
    owner: dict[int, list[_Row]] = {id(r): [r] for r in data}
    for r in block[first_data:]:
        if r.is_data:
            continue
        cy = (r.bbox[1] + r.bbox[3]) / 2
        target = min(data, key=lambda d: (abs((d.bbox[1] + d.bbox[3]) / 2 - cy), d.bbox[1]))
        owner[id(target)].append(r)

    cells: list[GridCell] = []
    row_index = 0
    for h in header:
        used: set[int] = set()
        for seg in h.segments:
            c0, c1 = _span(seg, n_label, label_cols, bands, band_left, band_right)
            if any(c in used for c in range(c0, c1 + 1)):
                continue
            used.update(range(c0, c1 + 1))
            cells.append(GridCell(row_index, c0, 1, c1 - c0 + 1, seg.bbox, seg.text))
        row_index += 1
    for d in data:
        members = owner[id(d)]
        row_box = union_bbox(r.bbox for r in members)
        label_parts: dict[int, list[_Segment]] = {}
        value_parts: dict[int, _Segment] = {}
        for r in members:
            for seg in r.segments:
                if seg.is_value and seg.bbox[0] >= first_value_x0 - 0.5 * size and r is d:
                    k = nearest_index(bands, seg.cx)
                    if k in value_parts:  # two values in one band: keep both, left to right
                        prev = value_parts[k]
                        value_parts[k] = _Segment(prev.text + " " + seg.text, union_bbox([prev.bbox, seg.bbox]))
                    else:
                        value_parts[k] = seg
                elif n_label:
                    label_parts.setdefault(nearest_index(label_cols, seg.bbox[0]), []).append(seg)
        for col, segs in sorted(label_parts.items()):
            segs.sort(key=lambda s: (s.bbox[1], s.bbox[0]))
            text = join_wrapped([s.text for s in segs])
            cells.append(GridCell(row_index, col, 1, 1, union_bbox(s.bbox for s in segs), tidy_cell_text(text)))
        for k in range(len(bands)):
            value = value_parts.get(k)
            if value is not None:
                cells.append(GridCell(row_index, n_label + k, 1, 1, value.bbox, value.text))
            else:
                cells.append(GridCell(row_index, n_label + k, 1, 1,
                                      (band_left[k], row_box[1], band_right[k], row_box[3]), ""))
        row_index += 1
    if not cells:
        return None
    bbox = union_bbox(c.bbox for c in cells)
    return GridTable(page=page_number, bbox=bbox, strategy="stream", n_rows=row_index, n_cols=n_cols,
                     cells=tuple(sorted(cells, key=lambda c: (c.row, c.col))), col_edges=col_edges)


def _span(seg: _Segment, n_label: int, label_cols: list[float], bands: list[float],
          band_left: list[float], band_right: list[float]) -> tuple[int, int]:
    """Grid columns a header segment covers."""
    covered = [n_label + k for k, centre in enumerate(bands) if seg.bbox[0] - 2 <= centre <= seg.bbox[2] + 2]
    if covered:
        return covered[0], covered[-1]
    if seg.cx >= (band_left[0] if band_left else float("inf")):
        k = nearest_index(bands, seg.cx)
        return n_label + k, n_label + k
    col = nearest_index(label_cols, seg.bbox[0]) if label_cols else 0
    return col, col


def find_stream_tables(chars: Sequence[Char], page_number: int) -> list[GridTable]:
    """Borderless tables on one page, top to bottom."""
    rows: list[_Row] = []
    for line in group_lines([c for c in chars if not c.text.isspace()]):
        segs = _segments(line)
        if segs:
            rows.append(_Row(tuple(segs), line.bbox, line.size))
    tables = [t for block in _blocks(rows) if (t := _block_table(block, page_number)) is not None]
    return sorted(tables, key=lambda t: (t.bbox[1], t.bbox[0]))
