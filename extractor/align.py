"""Align located rows and value cells with the layout's (row id, column id) pairs.

* 表二 blocks: each data row's label is fuzzy-matched to the block's rows; its value cells are
  taken in order under the block's header (a header read from the document when it names the
  columns, the template's order otherwise).
* 表三: the document's rows and the template's rows are aligned by a monotone dynamic
  programme (order is kept, rows may be missing or extra) on label similarity, with the group
  label (（三）不予公开 …) as context, so a misprinted or shortened label still lands where
  it belongs and ``3.其他`` can only be the item under （六）.
* 表四: no row labels; the data row's 15 values are read by position.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractor.document import Cell, Provenance
from extractor.layouts import Axis, Block, Label, SumRule
from extractor.locate import DocRow, LocatedBlock
from extractor.matching import label_score
from extractor.values import ValueState, parse_value

ROW_CUTOFF = 0.6
T2_ROW_CUTOFF = 0.7
GROUP_PENALTY = 0.85
HEADER_ABSENT = 0.85  # column score when the block's header was not found at all
HEADER_UNMATCHED = 0.7  # column score when the header is there but this column's word is not
FRAGMENT_PENALTY = 0.5
SHORT_ROW = 0.6  # column-score factor: a row with fewer values than columns, right-aligned
UNSURE_FIT = 0.6  # column-score factor: surplus empty fields whose placement no sum decides


@dataclass(frozen=True)
class AlignedCell:
    cell_id: str
    raw: str
    provenance: Provenance
    row_score: float
    column_score: float
    printed_row_label: str
    note: str | None = None
    strategy: str = ""  # the table strategy the value came from (``ocr`` is read less surely)


@dataclass(frozen=True)
class ExtraRow:
    block: str
    label: str
    values: tuple[str, ...]
    provenance: Provenance


@dataclass(frozen=True)
class Alignment:
    cells: dict[str, AlignedCell]
    extra_rows: tuple[ExtraRow, ...]
    blocks_found: tuple[str, ...]
    notes: tuple[str, ...]


def _header_tokens(rows: list[DocRow]) -> list[str]:
    return [c.text for r in rows for c in (*r.labels, *r.values) if c.text.strip()]


def _column_scores(block: Block, header_rows: list[DocRow]) -> list[float]:
    tokens = _header_tokens(header_rows)
    if not tokens:
        return [HEADER_ABSENT] * len(block.columns)
    # Values are read by position; a header word we cannot find lowers the column's score, but
    # only to what position alone is worth.
    return [max(HEADER_UNMATCHED, *(label_score(t, col.all_labels) for t in tokens)) for col in block.columns]


def _t2_column_order(block: Block, header_rows: list[DocRow]) -> tuple[list[Label], list[float]]:
    """The block's columns in the order the document's header prints them, with scores."""
    tokens = [t for t in _header_tokens(header_rows) if label_score(t, ("信息内容",)) < 0.9]
    if not tokens:
        return list(block.columns), [0.85] * len(block.columns)
    order: list[tuple[Label, float]] = []
    used: set[str] = set()
    for token in tokens:
        scored = sorted(((label_score(token, col.all_labels), col) for col in block.columns if col.id not in used),
                        key=lambda x: -x[0])
        if scored and scored[0][0] >= 0.6:
            order.append((scored[0][1], scored[0][0]))
            used.add(scored[0][1].id)
    if len(order) != len(block.columns):
        scores = _column_scores(block, header_rows)
        return list(block.columns), scores
    return [c for c, _ in order], [s for _, s in order]


def fit_values(values: list[Cell], count: int, leading_first: bool = False) -> list[Cell]:
    """Drop surplus *empty* cells down to ``count``: at the end (stray tabs, colspan fillers after a
    value) and at the start (the filler of a label spanning two columns), in the order asked."""
    values = list(values)
    for end in ((0, -1) if leading_first else (-1, 0)):
        while len(values) > count and not values[end].text.strip():
            values.pop(end)
    return values


def _row_sums_hold(values: list[Cell], block: Block, sums: tuple[SumRule, ...]) -> bool:
    """Do the block's row sums (R3) hold for these value cells read in column order?"""
    index = {c.id: i for i, c in enumerate(block.columns)}
    numbers: list[float | int] = []
    for cell in values:
        parsed = parse_value(cell.text, decimal=True)
        if parsed.state is ValueState.NUMBER and parsed.value is not None:
            numbers.append(parsed.value)
        elif parsed.state in (ValueState.BLANK, ValueState.NA):
            numbers.append(0)
        else:
            return False
    return all(sum(numbers[index[c]] for c in rule.lhs) == sum(numbers[index[c]] for c in rule.rhs)
               for rule in sums)


RowValues = tuple[list[Cell | None], str | None, float]  # cells, note, factor on the column score


def _row_value_cells(row: DocRow, block: Block, sums: tuple[SumRule, ...]) -> RowValues:
    """The value cells of a 表三 row, right-aligned; None where a row has fewer.

    A tab-separated row may carry more empty fields than columns: a label's colspan filler before
    the values, stray tabs after them. When dropping them from the front or from the back reads
    differently, the row's own sum (R3) decides; when it cannot, the front filler is dropped and
    the row's column scores are lowered.
    """
    count = len(block.columns)
    values = fit_values(list(row.values), count, leading_first=True)
    if len(values) >= count:
        other = fit_values(list(row.values), count)
        if other[-count:] == values[-count:]:
            return list(values[-count:]), None, 1.0
        fits = [v for v in (values, other) if _row_sums_hold(v[-count:], block, sums)]
        if len(fits) == 1:
            return list(fits[0][-count:]), "surplus empty fields dropped where the row sum holds", 1.0
        return list(values[-count:]), "surplus empty fields: which ones are fillers is uncertain", UNSURE_FIT
    grid = [c for c in row.grid_values]
    if len(grid) >= count and all(c is None or c not in row.labels for c in grid[-count:]):
        return list(grid[-count:]), "values read by grid position", 1.0
    padded: list[Cell | None] = [None] * (count - len(values))
    return padded + list(values), f"row has {len(values)} of {count} values", SHORT_ROW


def _align_t2(located: LocatedBlock, cells: dict[str, AlignedCell], extras: list[ExtraRow]) -> None:
    block = located.block
    columns, col_scores = _t2_column_order(block, located.header_rows)
    for row in located.data_rows:
        label = "".join(row.label_texts)
        scored = sorted(((label_score(label, r.all_labels), r) for r in block.rows), key=lambda x: -x[0])
        if not scored or scored[0][0] < T2_ROW_CUTOFF:
            extras.append(ExtraRow(block.id, label, tuple(c.text for c in row.values), _prov(row)))
            continue
        score, target = scored[0]
        if block.cell_id(target.id, columns[0].id) in cells:
            extras.append(ExtraRow(block.id, label, tuple(c.text for c in row.values), _prov(row)))
            continue
        values = fit_values(list(row.values), len(columns))
        note = None
        if len(values) > len(columns):
            note = f"row has {len(values)} values for {len(columns)} columns; the first {len(columns)} taken"
        for i, column in enumerate(columns):
            cell = values[i] if i < len(values) else None
            if cell is None:
                continue
            cells[block.cell_id(target.id, column.id)] = AlignedCell(
                block.cell_id(target.id, column.id), cell.text, cell.provenance, score, col_scores[i], label, note,
                row.strategy)


def _prov(row: DocRow) -> Provenance:
    first = (row.labels or row.values)[0]
    return first.provenance


def _row_candidates(row: DocRow, group: str | None, target: Label, groups: tuple[str, ...]) -> float:
    texts = row.label_texts
    if not texts:
        return 0.0
    leaf = texts[-1]
    score = label_score(leaf, target.all_labels)
    if len(texts) > 1 and target.parent:
        joined = texts[-2] + texts[-1]
        score = max(score, label_score(joined, tuple(target.parent + a for a in target.all_labels)))
    if group and target.parent in groups:
        if label_score(group, (target.parent,)) < 0.6 and score < 0.97:
            score *= GROUP_PENALTY
    return score


def _groups(rows: list[DocRow], block: Block) -> list[str | None]:
    """For each row, the group label (（三）不予公开 …) in force: printed in the row or above it."""
    parents = block.groups
    current: str | None = None
    out: list[str | None] = []
    for row in rows:
        for text in row.label_texts:
            if label_score(text, parents) >= 0.85:
                current = text
        out.append(current)
    return out


def _align_t3(located: LocatedBlock, cells: dict[str, AlignedCell], extras: list[ExtraRow],
              row_sums: tuple[SumRule, ...] = ()) -> None:
    block = located.block
    all_groups = _groups(located.data_rows, block)
    keep = [i for i, r in enumerate(located.data_rows) if r.label_texts and r.values]
    rows = [located.data_rows[i] for i in keep]
    groups = [all_groups[i] for i in keep]
    targets = list(block.rows)
    n, m = len(rows), len(targets)
    group_labels = block.groups
    score = [[_row_candidates(rows[i], groups[i], targets[j], group_labels) for j in range(m)] for i in range(n)]
    for i, row in enumerate(rows):
        if len(row.values) < len(block.columns) and not row.has_printed_values:
            # A fragment (a label cut off by a page break, with an empty cell or two): never a row.
            score[i] = [s * FRAGMENT_PENALTY for s in score[i]]
    # best[i][j]: best total for rows[:i] against targets[:j]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            options = [(best[i - 1][j], 1), (best[i][j - 1], 2)]
            s = score[i - 1][j - 1]
            if s >= ROW_CUTOFF:
                options.append((best[i - 1][j - 1] + s, 3))
            best[i][j], move[i][j] = max(options, key=lambda x: (x[0], x[1]))
    pairs: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 and j > 0:
        if move[i][j] == 3:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif move[i][j] == 1:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    matched_rows = {p[0] for p in pairs}
    col_scores = _column_scores(block, located.header_rows)
    for ri, ti in pairs:
        row, target = rows[ri], targets[ti]
        values, note, factor = _row_value_cells(row, block, row_sums)
        for column, cell, col_score in zip(block.columns, values, col_scores, strict=True):
            if cell is None:
                continue
            cid = block.cell_id(target.id, column.id)
            cells[cid] = AlignedCell(cid, cell.text, cell.provenance, score[ri][ti],
                                     col_score * factor, row.label_texts[-1], note, row.strategy)
    _drop_blank_group_rows(block, cells)
    for ri, row in enumerate(rows):
        if ri not in matched_rows:
            extras.append(ExtraRow(block.id, "/".join(row.label_texts), tuple(c.text for c in row.values), _prov(row)))


def _drop_blank_group_rows(block: Block, cells: dict[str, AlignedCell]) -> None:
    """A row that may stand for its items (（六）其他处理), printed all blank above printed items, is
    their group heading (a label line with stray tabs), not the one-row variant of the template."""
    for row in block.rows:
        if not row.derived_from:
            continue
        own = [block.cell_id(row.id, c.id) for c in block.columns if block.cell_id(row.id, c.id) in cells]
        items = any(block.cell_id(p, c.id) in cells for p in row.derived_from for c in block.columns)
        if own and items and not any(cells[cid].raw.strip() for cid in own):
            for cid in own:
                del cells[cid]


def _align_positional(located: LocatedBlock, cells: dict[str, AlignedCell], notes: list[str]) -> None:
    block = located.block
    count = len(block.rows) * len(block.columns)
    candidates = [r for r in located.data_rows if len(r.values) >= count]
    note = "read by position under the 表四 header"
    factor = 1.0
    if candidates:
        row = candidates[0]
        values = fit_values(list(row.values), count)[-count:]
    else:
        # Tab-separated text may drop a row's leading empty field: one value short, its first cell
        # blank. Assumed, said, and scored lower; the block's sums confirm or refute it.
        short = [r for r in located.data_rows if not r.label_texts and len(r.values) == count - 1]
        if not short:
            if located.data_rows:
                notes.append(f"{block.id}: data row has {len(located.data_rows[0].values)} values, expected {count}")
            return
        row = short[0]
        first = row.values[0]
        values = [Cell(first.row, first.col, "", first.provenance), *row.values]
        note = "the row has one value too few: its leading field taken as a blank that was not printed"
        factor = 0.7
    header_labels = block.header_labels + tuple(c.label for c in block.columns)
    tokens = _header_tokens(located.header_rows)
    found = [max((label_score(t, (h,)) for t in tokens), default=0.0) for h in header_labels]
    col_score = sum(found) / len(found) if tokens else 0.85
    k = 0
    for target in block.rows:
        for column in block.columns:
            cell = values[k]
            k += 1
            cid = block.cell_id(target.id, column.id)
            cells[cid] = AlignedCell(cid, cell.text, cell.provenance, max(col_score, 0.5) * factor,
                                     col_score * factor, target.label, note, row.strategy)


def align(located: dict[str, LocatedBlock], sums: tuple[SumRule, ...] = ()) -> Alignment:
    """``sums``: the layout's sums; a block's row sums help place the values of a ragged row."""
    cells: dict[str, AlignedCell] = {}
    extras: list[ExtraRow] = []
    notes: list[str] = []
    for block_id in sorted(located):
        lb = located[block_id]
        if lb.block.positional:
            _align_positional(lb, cells, notes)
        elif lb.block.caption:
            _align_t2(lb, cells, extras)
        else:
            _align_t3(lb, cells, extras, tuple(r for r in sums if r.block == block_id and r.axis is Axis.ROW))
    found = tuple(sorted({cid.split(".")[0] for cid in cells}))
    return Alignment(cells=cells, extra_rows=tuple(extras), blocks_found=found, notes=tuple(notes))
