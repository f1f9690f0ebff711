"""Which template a report follows, from the tables' own signals.

Every layout is tried: its signals (labels only that template prints) found in the document's
table cells, and how many of its cells the alignment found. The report year is a weak prior.
The winner and the evidence go into the record.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractor.align import Alignment, align
from extractor.document import Document
from extractor.layouts import Layout
from extractor.locate import DocRow, document_rows, locate_blocks
from extractor.normalize import normalize_label, strip_explanation

YEAR_PRIOR_WEIGHT = 0.5
COVERAGE_WEIGHT = 4.0


@dataclass(frozen=True)
class Candidate:
    layout: Layout
    alignment: Alignment
    score: float
    evidence: tuple[str, ...]
    pages: dict[str, list[int]]


def _signal_hits(layout: Layout, cell_texts: set[str]) -> list[tuple[float, str]]:
    hits = []
    for signal in layout.signals:
        key = normalize_label(signal.label)
        short = strip_explanation(signal.label)
        if any(key in text or (len(short) >= 4 and short in text) for text in cell_texts):
            hits.append((signal.weight, signal.evidence))
    return hits


def detect_template(document: Document, layouts: tuple[Layout, ...], year: int | None,
                    rows: list[DocRow] | None = None) -> list[Candidate]:
    """All candidate templates, best first. An empty list: no template table at all."""
    rows = rows if rows is not None else document_rows(document)
    cell_texts = {normalize_label(c.text) for t in document.tables for c in t.cells if c.text.strip()}
    candidates: list[Candidate] = []
    for layout in layouts:
        located = locate_blocks(rows, layout)
        alignment = align(located, layout.sums)
        if not alignment.cells:
            continue
        coverage = len(alignment.cells) / max(1, len(layout.cell_ids()))
        hits = _signal_hits(layout, cell_texts)
        score = sum(w for w, _ in hits) + COVERAGE_WEIGHT * coverage
        evidence = [e for _, e in hits]
        evidence.append(f"{len(alignment.cells)} of {len(layout.cell_ids())} cells of the {layout.template} layout found")
        if year is not None and layout.year_prior[0] <= year <= layout.year_prior[1]:
            score += YEAR_PRIOR_WEIGHT
            evidence.append(f"report year {year} is in the template's years (weak prior)")
        pages = {bid: lb.pages for bid, lb in located.items()}
        candidates.append(Candidate(layout, alignment, round(score, 4), tuple(evidence), pages))
    candidates.sort(key=lambda c: (-c.score, c.layout.template))
    return candidates
