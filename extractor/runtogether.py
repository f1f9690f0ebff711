"""Tables whose cells run together with no separator (crawler dumps, copy-paste).

``一、本年新收政府信息公开申请数量21710000218`` is 217, 1, 0, 0, 0, 0, 218: only the template's
own sums tell where one number ends. When the loader found no table, this stage

1. finds the layout's labels in each text block, in order (exact on the normalised text, then
   fuzzy), the numbering digit of the next label (``2.其他…``) being part of that label;
2. takes the digit run after each row label as that row's digits (表四: the first run long
   enough after its header);
3. splits every run into the row's numbers — never inventing or dropping a digit, no leading
   zeros except a lone ``0`` — keeping the splits that satisfy the row's own sums (R3, R4), then
   choosing across rows with the column sums (R1, R2) and, after them, the prose figures;
4. returns the rows as :class:`~extractor.document.Table` objects (strategy ``runtogether``,
   provenance = line + character offsets) so locate/align/checks/confidence run unchanged, and,
   per value cell (keyed by its locator), a :class:`SplitNote` with the reason, a confidence
   cap and the alternatives where the digits admit several splits no sum or figure decides.

表二 has no sums: its splits rest on the column count, leading zeros, the prose and, to pick
which alternative is printed, even magnitudes; such cells are capped below 0.5.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from extractor.document import Cell, ContentItem, Document, Provenance, Table, TextBlock
from extractor.layouts import Axis, Block, Layout
from extractor.normalize import normalize_label
from extractor.prose import FactRule, fact_cells, load_fact_rules, read_text_facts

log = logging.getLogger(__name__)

STRATEGY = "runtogether"
DIGIT_RUN = re.compile(r"[ \t\u3000]*(-?[0-9][0-9.\-]*)")  # a '-' may start a piece (2019 本年增/减)
_OPENING = "（(“‘\"《【「"
_CLOSING = "）)”’\"》】」"


@dataclass(frozen=True)
class RunTogetherSettings:
    """Every default of the run-together stage in one place."""

    label_window: int = 400  # raw characters searched after the previous label
    fuzzy_cutoff: float = 88.0  # rapidfuzz partial_ratio for a label not found exactly
    near_window: int = 80  # raw characters right after the previous row: a row's digits are shorter
    near_cutoff: float = 78.0  # a misprinted label (4、保护第合法权益) in that near window
    max_cell_digits: int = 9  # longest integer part of one cell
    max_splits: int = 100_000  # splits enumerated per digit run
    max_nodes: int = 300_000  # joint-search nodes across runs
    ambiguous_cap: float = 0.3  # cap of a cell several splits leave open: measured, the printed choice is
    # right about 30 % of the time (2–4 splits, 669 generated cells), so 0.3, or 1/splits when lower
    prose_cap: float = 0.85  # cap of a cell only a prose figure decides


# ---------------------------------------------------------------------------- splitting


@dataclass(frozen=True)
class Segment:
    """One digit run to be split into ``len(cells)`` numbers."""

    key: str
    digits: str
    cells: tuple[str, ...]
    decimal: tuple[bool, ...]
    offset: int = 0  # where the run starts in its text
    negative: tuple[bool, ...] = ()  # per cell: may the number be negative (empty: none may)


@dataclass(frozen=True)
class Split:
    pieces: tuple[str, ...]
    values: tuple[int | float, ...]

    @property
    def spread(self) -> int:
        lengths = [len(p) for p in self.pieces]
        return max(lengths) - min(lengths)


@dataclass(frozen=True)
class SplitNote:
    """The outcome for one cell: its piece, why, a confidence cap and the alternatives."""

    cell_id: str
    raw: str
    start: int
    end: int
    reason: str
    cap: float | None = None
    alternatives: tuple[str, ...] = ()


Constraint = tuple[tuple[str, ...], tuple[str, ...]]
Hint = tuple[tuple[str, ...], float]


def _piece_ok(piece: str, decimal: bool, max_digits: int, negative: bool = False) -> bool:
    if negative and piece.startswith("-") and piece[1:2] not in ("", "0"):
        piece = piece[1:]
    whole, dot, frac = piece.partition(".")
    if not whole or not whole.isdigit() or (whole[0] == "0" and len(whole) > 1) or len(whole) > max_digits:
        return False
    if dot:
        return decimal and frac.isdigit()
    return True


def _number(piece: str) -> int | float:
    return float(piece) if "." in piece else int(piece)


def enumerate_splits(segment: Segment, settings: RunTogetherSettings) -> list[Split]:
    """Every way to cut the run into the segment's cells (order kept, nothing added or lost)."""
    out: list[Split] = []
    n = len(segment.cells)

    def walk(pos: int, k: int, pieces: list[str]) -> None:
        if len(out) >= settings.max_splits:
            return
        if k == n:
            if pos == len(segment.digits):
                out.append(Split(tuple(pieces), tuple(_number(p) for p in pieces)))
            return
        rest = n - k - 1
        for end in range(pos + 1, len(segment.digits) - rest + 1):
            piece = segment.digits[pos:end]
            negative = bool(segment.negative) and segment.negative[k]
            if not _piece_ok(piece, segment.decimal[k], settings.max_cell_digits, negative):
                if piece[0] == "0" or (piece[0] == "-" and not negative) or end - pos > settings.max_cell_digits + 12:
                    break
                continue
            walk(end, k + 1, [*pieces, piece])

    walk(0, 0, [])
    return out


def _holds(constraint: Constraint, value_of: Mapping[str, int | float]) -> bool:
    lhs, rhs = constraint
    return abs(sum(value_of[c] for c in lhs) - sum(value_of[c] for c in rhs)) < 1e-6


@dataclass
class _Search:
    """Branch and bound over the runs' candidate splits (mutable while searching only)."""

    candidates: list[list[Split]]
    segments: Sequence[Segment]
    checks: list[tuple[int, int, tuple[str, ...], tuple[str, ...], float | None]]  # (weight idx, last seg, …)
    max_nodes: int
    best_cost: tuple[int, int] = (1 << 30, 1 << 30)
    best: list[tuple[int, ...]] = field(default_factory=list)
    nodes: int = 0

    def run(self) -> None:
        self._walk(0, [], {}, (0, 0))

    def _walk(self, k: int, chosen: list[int], values: dict[str, int | float], cost: tuple[int, int]) -> None:
        self.nodes += 1
        if self.nodes > self.max_nodes or cost > self.best_cost:
            return
        if k == len(self.segments):
            if cost < self.best_cost:
                self.best_cost, self.best = cost, []
            if len(self.best) < 2000:
                self.best.append(tuple(chosen))
            return
        for index, split in enumerate(self.candidates[k]):
            new_values = dict(values)
            new_values.update(zip(self.segments[k].cells, split.values, strict=True))
            hard, soft = cost
            for kind, last, lhs, rhs, target in self.checks:
                if last != k:
                    continue
                if target is None:
                    ok = _holds((lhs, rhs), new_values)
                else:
                    ok = abs(sum(new_values[c] for c in lhs) - target) < 1e-6
                if not ok:
                    hard, soft = (hard + 1, soft) if kind == 0 else (hard, soft + 1)
            self._walk(k + 1, [*chosen, index], new_values, (hard, soft))


def _local(segment: Segment, splits: list[Split], constraints: Sequence[Constraint]) -> list[Split]:
    """The splits that satisfy every sum lying inside the run (R3 for a 表三 row, R4 for 表四);
    all of them when none does (the document's own sum fails: the joint search weighs it)."""
    own = set(segment.cells)
    local = [c for c in constraints if own.issuperset((*c[0], *c[1]))]
    fitting = [s for s in splits
               if all(_holds(c, dict(zip(segment.cells, s.values, strict=True))) for c in local)]
    return fitting or splits


def _optimal(segments: Sequence[Segment], candidates: list[list[Split]], constraints: Sequence[Constraint],
             hints: Sequence[Hint], settings: RunTogetherSettings) -> tuple[list[tuple[int, ...]], tuple[int, int]]:
    where = {cid: i for i, s in enumerate(segments) for cid in s.cells}
    checks: list[tuple[int, int, tuple[str, ...], tuple[str, ...], float | None]] = []
    for lhs, rhs in constraints:
        if all(c in where for c in (*lhs, *rhs)):
            checks.append((0, max(where[c] for c in (*lhs, *rhs)), lhs, rhs, None))
    for cells, target in hints:
        if all(c in where for c in cells):
            checks.append((1, max(where[c] for c in cells), cells, (), target))
    search = _Search(candidates, segments, checks, settings.max_nodes)
    search.run()
    if search.nodes > settings.max_nodes:
        log.info("run-together search stopped after %d nodes", settings.max_nodes)
    return search.best, search.best_cost


def solve_splits(segments: Sequence[Segment], constraints: Sequence[Constraint], hints: Sequence[Hint],
                 settings: RunTogetherSettings) -> dict[str, SplitNote]:
    """Split every run; one :class:`SplitNote` per cell."""
    raw = [enumerate_splits(s, settings) for s in segments]
    keep = [i for i, r in enumerate(raw) if r]
    segs = [segments[i] for i in keep]
    cands = [_local(segments[i], raw[i], constraints) for i in keep]
    hard_opt, hard_cost = _optimal(segs, cands, constraints, (), settings)
    opt, cost = _optimal(segs, cands, constraints, hints, settings)
    if not opt:
        return {}
    chosen = min(opt, key=lambda a: (sum(cands[k][i].spread for k, i in enumerate(a)),
                                     [cands[k][i].pieces for k, i in enumerate(a)]))
    notes: dict[str, SplitNote] = {}
    for k, seg in enumerate(segs):
        split = cands[k][chosen[k]]
        pos = 0
        spans = []
        for piece in split.pieces:
            spans.append((seg.offset + pos, seg.offset + pos + len(piece)))
            pos += len(piece)
        hard_set = {cands[k][a[k]] for a in hard_opt}
        full_set = {cands[k][a[k]] for a in opt}
        for j, cid in enumerate(seg.cells):
            piece = split.pieces[j]
            shown = " | ".join(split.pieces)
            hard_vals = {s.pieces[j] for s in hard_set}
            vals = sorted({s.pieces[j] for s in full_set}, key=lambda p: (p != piece, len(p), p))
            if len(raw[keep[k]]) == 1:
                reason, cap = f"run-together digits {seg.digits!r} admit one split: {shown}", None
            elif len(hard_vals) == 1:
                reason, cap = f"run-together digits {seg.digits!r} split {shown}: fixed by the table's sums", None
                if hard_cost[0]:
                    reason += f" ({hard_cost[0]} sum(s) fail under every split)"
            elif len(vals) == 1:
                reason, cap = (f"run-together digits {seg.digits!r} split {shown}: fixed by the prose figures",
                               settings.prose_cap)
            else:
                others = "; ".join(" | ".join(s.pieces) for s in sorted(full_set, key=lambda s: (s.spread, s.pieces))
                                   if s != split)
                reason = (f"run-together digits {seg.digits!r}: {len(full_set)} splits fit every sum and figure; "
                          f"printed {shown} (most even magnitudes); also {others}")
                cap = min(settings.ambiguous_cap, round(1 / len(vals), 4))
                notes[cid] = SplitNote(cid, piece, *spans[j], reason, cap, tuple(vals))
                continue
            notes[cid] = SplitNote(cid, piece, *spans[j], reason, cap)
    return notes


# ---------------------------------------------------------------------------- finding labels


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    text: str
    kind: str  # caption | header | row | values
    block: str
    row: str = ""


class TextIndex:
    """The normalised text with a map back to raw offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        chars: list[str] = []
        self.pos: list[int] = []
        for i, ch in enumerate(text):
            for c in normalize_label(ch):
                chars.append(c)
                self.pos.append(i)
        self.norm = "".join(chars)

    def find(self, labels: Sequence[str], start: int, end: int, cutoff: float) -> Hit | None:
        a = bisect.bisect_left(self.pos, start)
        b = bisect.bisect_left(self.pos, end)
        hay = self.norm[a:b]
        best: tuple[int, int] | None = None
        for label in labels:
            needle = normalize_label(label)
            k = hay.find(needle) if needle else -1
            if k >= 0 and (best is None or k < best[0]):
                best = (k, k + len(needle))
        if best is None:
            for label in labels:
                needle = normalize_label(label)
                if len(needle) < 4 or len(hay) < len(needle):
                    continue
                al = fuzz.partial_ratio_alignment(needle, hay, score_cutoff=cutoff)
                if al is None:
                    continue
                s, e = al.dest_start, al.dest_end
                lead = len(needle) - len(needle.lstrip("0123456789"))
                while e > s and hay[e - 1].isdigit():
                    e -= 1
                while s < e and hay[s].isdigit() and lead == 0:
                    s += 1
                if lead:
                    # A numbered label (7.属于…) takes exactly its own numbering digits: the fuzzy
                    # alignment may have reached back into the previous row's digits.
                    p = s
                    while p < e and hay[p].isdigit():
                        p += 1
                    if p - lead >= 0 and hay[p - lead:p].isdigit():
                        s = p - lead
                if e > s:
                    best = (s, e)
                    break
        if best is None:
            return None
        raw_start, raw_end = self.pos[a + best[0]], self.pos[a + best[1] - 1] + 1
        while raw_start > start and self.text[raw_start - 1] in _OPENING:
            raw_start -= 1
        while raw_end < len(self.text) and self.text[raw_end] in _CLOSING:
            raw_end += 1
        return Hit(raw_start, raw_end, self.text[raw_start:raw_end], "", "")

    def find_free(self, label: str, start: int, end: int, taken: list[tuple[int, int]]) -> Hit | None:
        """The first exact occurrence not overlapping ``taken`` (``其他`` inside ``法人或其他组织``)."""
        pos = start
        while pos < end:
            hit = self.find((label,), pos, end, 101.0)
            if hit is None:
                return None
            if not any(hit.start < b and a < hit.end for a, b in taken):
                return hit
            pos = hit.start + 1
        return None


def _with(hit: Hit, kind: str, block: str, row: str = "") -> Hit:
    return Hit(hit.start, hit.end, hit.text, kind, block, row)


def find_hits(text: str, layout: Layout, settings: RunTogetherSettings) -> list[Hit]:
    """The layout's captions, headers and row labels found in one text, in reading order."""
    index = TextIndex(text)
    hits: list[Hit] = []
    pos = 0
    win = settings.label_window
    for block in layout.blocks:
        if block.caption:
            cap = index.find((block.caption,), pos, len(text) if not hits else pos + win, settings.fuzzy_cutoff)
            if cap is None:
                continue
            hits.append(_with(cap, "caption", block.id))
            rows = _find_rows(index, block, cap.end, settings)
            if rows:
                hits.extend(_find_headers(index, block, cap.end, rows[0].start, settings))
                hits.extend(rows)
                pos = rows[-1].end
            else:
                pos = cap.end
        elif not block.positional:
            rows = _find_rows(index, block, pos, settings, anchor_anywhere=True)
            if not rows:
                continue
            hits.extend(_find_headers(index, block, max(pos, rows[0].start - win), rows[0].start, settings,
                                      with_block_headers=True))
            hits.extend(rows)
            pos = rows[-1].end
        else:
            heads = _find_headers(index, block, pos, min(len(text), pos + win), settings, with_block_headers=True)
            if not heads:
                continue
            first = min(h.start for h in heads)
            need = len(block.rows) * len(block.columns)
            for m in DIGIT_RUN.finditer(text, first):
                if len(m.group(1).replace(".", "")) >= need:
                    heads = [h for h in heads if h.end <= m.start(1)]
                    hits.extend(heads)
                    hits.append(Hit(m.start(1), m.end(1), m.group(1), "values", block.id))
                    pos = m.end(1)
                    break
    hits.sort(key=lambda h: h.start)
    return hits


def _find_rows(index: TextIndex, block: Block, start: int, settings: RunTogetherSettings,
               anchor_anywhere: bool = False) -> list[Hit]:
    rows: list[Hit] = []
    pos = start
    for row in block.rows:
        end = len(index.text) if anchor_anywhere and not rows else pos + settings.label_window
        hit = index.find(row.all_labels, pos, min(end, len(index.text)), settings.fuzzy_cutoff)
        if hit is None and rows:
            hit = index.find(row.all_labels, pos, min(pos + settings.near_window, len(index.text)),
                             settings.near_cutoff)
        if hit is not None:
            rows.append(_with(hit, "row", block.id, row.id))
            pos = hit.end
    if rows and rows[0].row != block.rows[0].id:
        # The block's first row misprinted (一、本年新收信息公开申请数量): look for it, leniently,
        # just before the first row found.
        first = rows[0]
        hit = index.find(block.rows[0].all_labels, max(start, first.start - settings.near_window), first.start,
                         settings.near_cutoff)
        if hit is not None:
            rows.insert(0, _with(hit, "row", block.id, block.rows[0].id))
    return rows


def _find_headers(index: TextIndex, block: Block, start: int, end: int, settings: RunTogetherSettings,
                  with_block_headers: bool = False) -> list[Hit]:
    labels = [*(block.header_labels if with_block_headers else ()), *(lbl for c in block.columns for lbl in c.all_labels)]
    found: dict[int, Hit] = {}
    taken: list[tuple[int, int]] = []
    for label in sorted(dict.fromkeys(labels), key=lambda x: -len(normalize_label(x))):
        hit = index.find_free(label, start, end, taken)
        if hit is not None:
            found[hit.start] = _with(hit, "header", block.id)
            taken.append((hit.start, hit.end))
    return [found[k] for k in sorted(found)]


# ---------------------------------------------------------------------------- building tables


@dataclass(frozen=True)
class RunTogether:
    """The rebuilt document, the split notes by cell locator, and the spans the tables took."""

    document: Document
    notes: Mapping[str, SplitNote]
    spans: Mapping[int, list[tuple[int, int]]]
    template: str


def layout_constraints(layout: Layout, present: set[str]) -> list[Constraint]:
    """The layout's sums as equalities over cell ids; a derived row not present is its items."""
    out: list[Constraint] = []
    for rule in layout.sums:
        block = layout.block(rule.block)

        def expand(row_id: str, col_id: str, blk: Block = block) -> tuple[str, ...]:
            cid = blk.cell_id(row_id, col_id)
            row = blk.row(row_id)
            if cid not in present and row.derived_from:
                return tuple(blk.cell_id(p, col_id) for p in row.derived_from)
            return (cid,)

        if rule.axis is Axis.COLUMN:
            for col in block.columns:
                out.append((sum((expand(r, col.id) for r in rule.lhs), ()),
                            sum((expand(r, col.id) for r in rule.rhs), ())))
        else:
            for row in block.rows:
                out.append((sum((expand(row.id, c) for c in rule.lhs), ()),
                            sum((expand(row.id, c) for c in rule.rhs), ())))
    return out


def _segments(text: str, hits: list[Hit], layout: Layout) -> list[Segment]:
    segments: list[Segment] = []
    for i, hit in enumerate(hits):
        block = layout.block(hit.block)
        if hit.kind == "values":
            cells = tuple(block.cell_id(r.id, c.id) for r in block.rows for c in block.columns)
            decimal = tuple(c.decimal for _ in block.rows for c in block.columns)
            negative = tuple(c.allow_negative for _ in block.rows for c in block.columns)
            segments.append(Segment(block.id, hit.text, cells, decimal, hit.start, negative))
        elif hit.kind == "row":
            stop = hits[i + 1].start if i + 1 < len(hits) else len(text)
            m = DIGIT_RUN.match(text, hit.end, stop)
            if m is None:
                continue
            cells = tuple(block.cell_id(hit.row, c.id) for c in block.columns)
            segments.append(Segment(f"{block.id}:{hit.row}", m.group(1), cells,
                                    tuple(c.decimal for c in block.columns), m.start(1),
                                    tuple(c.allow_negative for c in block.columns)))
    return segments


def _locator(base: Provenance, start: int, end: int) -> Provenance:
    prefix = f"{base.locator}/" if base.locator else ""
    return Provenance(page=base.page, bbox=base.bbox, line=base.line, locator=f"{prefix}chars[{start}:{end}]")


def _table(block: TextBlock, hits: list[Hit], segments: list[Segment], notes: Mapping[str, SplitNote]) -> Table:
    by_start = {s.offset: s for s in segments}
    rows: list[list[Cell]] = []
    r = 0
    prefix: list[Cell] = []
    last_end = hits[0].start
    for i, hit in enumerate(hits):
        between = block.text[last_end:hit.start].strip()
        if hit.kind == "row" and between and not between[0].isdigit():
            gap = block.text.index(between, last_end)
            prefix = [Cell(r, 0, between, _locator(block.provenance, gap, gap + len(between)))]
        if hit.kind in ("caption", "header"):
            cell = Cell(r, 0, hit.text, _locator(block.provenance, hit.start, hit.end))
            if hit.kind == "header" and i > 0 and hits[i - 1].kind == "header" and rows:
                rows[-1].append(cell)
            else:
                rows.append([cell])
            last_end = hit.end
            continue
        label = [Cell(r, 0, hit.text, _locator(block.provenance, hit.start, hit.end))] if hit.kind == "row" else []
        stop = hits[i + 1].start if i + 1 < len(hits) else len(block.text)
        m = DIGIT_RUN.match(block.text, hit.end, stop) if hit.kind == "row" else None
        seg = by_start.get(m.start(1)) if m else by_start.get(hit.start)
        if seg is None or not all(c in notes for c in seg.cells):
            prefix = [*prefix, *label]
            last_end = hit.end
            continue
        values = [Cell(r, 0, notes[c].raw, _locator(block.provenance, notes[c].start, notes[c].end))
                  for c in seg.cells]
        rows.append([*prefix, *label, *values])
        prefix = []
        last_end = seg.offset + len(seg.digits)
    cells: list[Cell] = []
    n_cols = 1
    for r, row in enumerate(x for x in rows if x):
        for c, cell in enumerate(row):
            cells.append(Cell(r, c, cell.text, cell.provenance))
        n_cols = max(n_cols, len(row))
    n_rows = len([x for x in rows if x])
    return Table(tuple(cells), n_rows, n_cols, STRATEGY, _locator(block.provenance, hits[0].start, hits[-1].end),
                 page=block.provenance.page)


def rebuild_runtogether(document: Document, layouts: tuple[Layout, ...], rules: tuple[FactRule, ...] | None = None,
                        settings: RunTogetherSettings | None = None) -> RunTogether | None:
    """Tables rebuilt from run-together text blocks with the best-fitting layout, or None."""
    settings = settings or RunTogetherSettings()
    rules = rules if rules is not None else load_fact_rules()
    blocks = document.text_blocks
    best: tuple[int, Layout, dict[int, list[Hit]]] | None = None
    for layout in layouts:
        found = {i: h for i, b in enumerate(blocks) if len(h := find_hits(b.text, layout, settings)) >= 4}
        score = sum(len(h) for h in found.values())
        if found and (best is None or score > best[0]):
            best = (score, layout, found)
    if best is None:
        return None
    _, layout, found = best
    spans = {i: [(h[0].start, h[-1].end)] for i, h in found.items()}
    facts = read_text_facts(document, rules, skip=spans)
    hints: list[Hint] = [(cells, float(facts[fid].value)) for fid, cells in fact_cells(rules, layout.template).items()
                         if fid in facts]
    notes: dict[str, SplitNote] = {}
    tables: dict[int, Table] = {}
    for i, hits in found.items():
        segments = _segments(blocks[i].text, hits, layout)
        present = {c for s in segments for c in s.cells}
        cell_notes = solve_splits(segments, layout_constraints(layout, present), hints, settings)
        table = _table(blocks[i], hits, segments, cell_notes)
        tables[i] = table
        for note in cell_notes.values():
            loc = _locator(blocks[i].provenance, note.start, note.end).locator or ""
            notes[loc] = note
    content: list[ContentItem] = []
    t_index = 0
    for item in document.content:
        content.append(item)
        if isinstance(item, TextBlock):
            if t_index in tables:
                content.append(tables[t_index])
            t_index += 1
    rebuilt = Document(source=document.source, content=tuple(content), pages=document.pages,
                       notes=(*document.notes, f"{STRATEGY} tables rebuilt with layout {layout.template}"))
    return RunTogether(rebuilt, notes, spans, layout.template)


def apply_note(note: SplitNote | None, confidence: float,
               reasons: tuple[str, ...]) -> tuple[float, tuple[str, ...], tuple[str, ...]]:
    """A cell's confidence, reasons and alternatives once its split note is taken into account."""
    if note is None:
        return confidence, reasons, ()
    if note.cap is not None and confidence > note.cap:
        confidence = note.cap
        reasons = (*reasons, note.reason, f"confidence capped at {note.cap} by the split")
    else:
        reasons = (*reasons, note.reason)
    return confidence, reasons, note.alternatives
