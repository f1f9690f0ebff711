"""The stage itself: pick the layout whose labels the text blocks hold, split their runs, and put
the rebuilt tables into the document right after the blocks they came from."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from extractor.document import ContentItem, Document, Table, TextBlock
from extractor.layouts import Layout
from extractor.prose import FactRule, fact_cells, load_fact_rules, read_text_facts
from extractor.runtogether.labels import find_hits
from extractor.runtogether.notes import SplitNote, solve_splits
from extractor.runtogether.runs import read_runs
from extractor.runtogether.settings import STRATEGY, RunTogetherSettings
from extractor.runtogether.sums import Hint, layout_constraints
from extractor.runtogether.tables import build_table, char_locator
from extractor.runtogether.text_index import Hit

MIN_HITS = 4  # labels a text block must hold to be read as a run-together table


@dataclass(frozen=True)
class RunTogether:
    """The rebuilt document, the split notes by cell locator, and the spans the tables took."""

    document: Document
    notes: Mapping[str, SplitNote]
    spans: Mapping[int, list[tuple[int, int]]]
    template: str


def rebuild_runtogether(document: Document, layouts: tuple[Layout, ...], rules: tuple[FactRule, ...] | None = None,
                        settings: RunTogetherSettings | None = None) -> RunTogether | None:
    """Tables rebuilt from run-together text blocks with the best-fitting layout, or None."""
    settings = settings or RunTogetherSettings()
    rules = rules if rules is not None else load_fact_rules()
    blocks = document.text_blocks
    chosen = _best_layout(blocks, layouts, settings)
    if chosen is None:
        return None
    layout, found = chosen
    spans = {i: [(h[0].start, h[-1].end)] for i, h in found.items()}
    facts = read_text_facts(document, rules, skip=spans)
    hints: list[Hint] = [(cells, float(facts[fid].value)) for fid, cells in fact_cells(rules, layout.template).items()
                         if fid in facts]
    notes: dict[str, SplitNote] = {}
    tables: dict[int, Table] = {}
    for i, hits in found.items():
        runs = read_runs(blocks[i].text, hits, layout)
        present = {c for s in runs.values() for c in s.cells}
        cell_notes = solve_splits(list(runs.values()), layout_constraints(layout, present), hints, settings)
        tables[i] = build_table(blocks[i], hits, runs, cell_notes)
        for note in cell_notes.values():
            notes[char_locator(blocks[i].provenance, note.start, note.end).locator or ""] = note
    rebuilt = Document(source=document.source, content=_with_tables(document, tables), pages=document.pages,
                       notes=(*document.notes, f"{STRATEGY} tables rebuilt with layout {layout.template}"))
    return RunTogether(rebuilt, notes, spans, layout.template)


def _best_layout(blocks: Sequence[TextBlock], layouts: tuple[Layout, ...],
                 settings: RunTogetherSettings) -> tuple[Layout, dict[int, list[Hit]]] | None:
    """The layout whose labels the blocks hold most of (the first on a tie), with the hits of every
    block holding at least ``MIN_HITS``."""
    best: tuple[int, Layout, dict[int, list[Hit]]] | None = None
    for layout in layouts:
        found = {i: h for i, b in enumerate(blocks) if len(h := find_hits(b.text, layout, settings)) >= MIN_HITS}
        score = sum(len(h) for h in found.values())
        if found and (best is None or score > best[0]):
            best = (score, layout, found)
    return None if best is None else (best[1], best[2])


def _with_tables(document: Document, tables: Mapping[int, Table]) -> tuple[ContentItem, ...]:
    """The document's content with each table right after the text block (by index) it was read from."""
    content: list[ContentItem] = []
    t_index = 0
    for item in document.content:
        content.append(item)
        if isinstance(item, TextBlock):
            if t_index in tables:
                content.append(tables[t_index])
            t_index += 1
    return tuple(content)
