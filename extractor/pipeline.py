"""The pure core: bytes (or a Document) in, a checked, confidence-scored Record out.

Stages, in order: load → metadata → detect (which runs locate and align for each template) →
values → derived totals → checks → confidence → record. Nothing here touches disk, network or
the clock, so the same input always gives the same record.
"""

from __future__ import annotations

import logging
from collections import Counter

from extractor.align import AlignedCell
from extractor.checks import CheckResult, CheckStatus, run_checks
from extractor.confidence import CellEvidence, aggregate, ocr_reading, score_cells
from extractor.detect import Candidate, detect_template
from extractor.document import Document
from extractor.errors import LoadError
from extractor.layouts import Layout, load_layouts
from extractor.loaders import LoadSettings, load_bytes, source_of
from extractor.metadata import read_metadata
from extractor.prose import report_prose
from extractor.record import CellRecord, Issue, Record, Severity, Status, TableSummary, failed_record
from extractor.runtogether import SplitNote, apply_note, rebuild_runtogether
from extractor.values import CellValue, ValueState, parse_value

log = logging.getLogger(__name__)

AMBIGUOUS_MARGIN = 1.0
LOW_LABEL = 0.9


def _values(layout: Layout, candidate: Candidate) -> tuple[dict[str, CellValue], set[str]]:
    """Parsed values of every layout cell (missing where not found), and the ids not expected."""
    values: dict[str, CellValue] = {}
    not_expected: set[str] = set()
    aligned = candidate.alignment.cells
    for block in layout.blocks:
        for row in block.rows:
            for column in block.columns:
                cid = block.cell_id(row.id, column.id)
                if cid in aligned:
                    values[cid] = parse_value(aligned[cid].raw, unit=column.unit,
                                              allow_negative=column.allow_negative, decimal=column.decimal)
                else:
                    values[cid] = CellValue(raw="", state=ValueState.MISSING)
        for row in block.rows:
            if not row.derived_from:
                continue
            printed = any(block.cell_id(row.id, c.id) in aligned for c in block.columns)
            if printed:
                not_expected.update(block.cell_id(p, c.id) for p in row.derived_from for c in block.columns)
                continue
            not_expected.update(block.cell_id(row.id, c.id) for c in block.columns)
            for column in block.columns:
                parts = [values[block.cell_id(p, column.id)] for p in row.derived_from]
                if all(p.state in (ValueState.NUMBER, ValueState.BLANK, ValueState.NA) for p in parts):
                    total = sum((p.value or 0) for p in parts)
                    values[block.cell_id(row.id, column.id)] = CellValue(
                        raw="", state=ValueState.DERIVED, value=total, unit=column.unit,
                        note="sum of " + " + ".join(row.derived_from))
    return values, not_expected


def _ocr_reading(cell: AlignedCell, value: CellValue) -> tuple[float, str]:
    """How sure an OCR'd value is, from the recogniser's score; a dash scores anywhere and is
    still right (confidence.OCR_CLARITY), so its score is not used."""
    return ocr_reading(None if value.state is ValueState.NA else cell.provenance.ocr_score)


def _check_issues(checks: list[CheckResult]) -> list[Issue]:
    issues = []
    fails = [c for c in checks if c.status is CheckStatus.FAIL]
    for rule_id, count in sorted(Counter(c.id for c in fails).items()):
        examples = "; ".join(f"{c.scope}: {c.detail}" for c in fails if c.id == rule_id)
        issues.append(Issue(f"{rule_id}_FAIL", Severity.WARNING,
                            f"{count} {rule_id} sum(s) do not hold as printed: {examples}"))
    return issues


def extract_document(document: Document, layouts: tuple[Layout, ...] | None = None) -> Record:
    """Extract the record from a loaded Document (pure and deterministic)."""
    layouts = layouts or load_layouts()
    meta = read_metadata(document)
    base_issues: list[Issue] = []
    ocr_used = "OCR" in document.notes
    unread = next((n.split(": ", 1)[1] for n in document.notes if n.startswith("TEXT_LAYER_UNREADABLE: ")), None)
    if unread is not None:  # pages whose text layer is garbage: read by OCR, or not read at all
        base_issues.append(Issue("TEXT_LAYER_UNREADABLE", Severity.WARNING if ocr_used else Severity.ERROR, unread))
    if "NO_TEXT_LAYER" in document.notes:
        hint = next((n.split(": ", 1)[1] for n in document.notes if n.startswith("NO_TEXT_LAYER: ")),
                    "it needs OCR")
        return Record(source=document.source, status=Status.FAILED, title=meta.title, agency=meta.agency,
                      year=meta.year, issues=(Issue("NO_TEXT_LAYER", Severity.ERROR,
                                                    f"the PDF has no text layer (a scan): {hint}"),))
    if unread is not None and not document.content:
        return Record(source=document.source, status=Status.FAILED, title=meta.title, agency=meta.agency,
                      year=meta.year, issues=tuple(base_issues))
    if ocr_used:
        base_issues.append(Issue("OCR_USED", Severity.INFO, "pages without a readable text layer were read by OCR; "
                                                            "their values score lower"))
    candidates = detect_template(document, layouts, meta.year)
    split_notes: dict[str, SplitNote] = {}
    prose_skip: dict[int, list[tuple[int, int]]] = {}
    if not candidates and not document.tables:  # cells run together in the text (r008)
        rebuilt = rebuild_runtogether(document, layouts)
        if rebuilt is not None:
            document, split_notes, prose_skip = rebuilt.document, dict(rebuilt.notes), dict(rebuilt.spans)
            candidates = detect_template(document, layouts, meta.year)
    if not candidates:
        from extractor.legacy import legacy_record
        legacy = legacy_record(document, meta)
        if legacy is not None:
            return legacy
        truncated = "TRUNCATED" in document.notes
        cause = Issue("TRUNCATED" if truncated else "NO_TEMPLATE_TABLES", Severity.ERROR,
                      "the file is truncated and no report table was read" if truncated else
                      "no table of the 2019 or 2021 template was found")
        # the first issue is the failure's reason (CLI, batch): an unread text layer explains the rest
        errors = [i for i in base_issues if i.severity is Severity.ERROR]
        return Record(source=document.source, status=Status.FAILED, title=meta.title, agency=meta.agency,
                      year=meta.year, metadata_evidence=meta.evidence,
                      issues=(*errors, cause, *(i for i in base_issues if i not in errors)))
    best = candidates[0]
    layout = best.layout
    if "TRUNCATED" in document.notes:
        base_issues.append(Issue("TRUNCATED", Severity.ERROR,
                                 "the file ends before the document does (truncated download?); "
                                 "what was read is kept"))
    if len(candidates) > 1 and candidates[0].score - candidates[1].score < AMBIGUOUS_MARGIN:
        base_issues.append(Issue("TEMPLATE_AMBIGUOUS", Severity.WARNING,
                                 f"templates {candidates[0].layout.template} and {candidates[1].layout.template} "
                                 f"score {candidates[0].score} and {candidates[1].score}"))
    values, not_expected = _values(layout, best)
    checks = run_checks(layout, values)
    aligned = best.alignment.cells
    evidence: dict[str, CellEvidence] = {}
    for cid, a in aligned.items():
        ocr_clarity, ocr_note = _ocr_reading(a, values[cid]) if a.strategy == "ocr" else (1.0, None)
        evidence[cid] = CellEvidence(cid, a.row_score, a.column_score, values[cid].clarity * ocr_clarity,
                                     tuple(n for n in (a.note, values[cid].note, ocr_note) if n))
    scored = score_cells(evidence, checks)
    cells: dict[str, CellRecord] = {}
    for cid, value in values.items():
        if cid in aligned:
            s = scored[cid]
            note = split_notes.get(aligned[cid].provenance.locator or "")
            confidence, reasons, alternatives = apply_note(note, s.confidence, s.reasons)
            path = "runtogether" if note is not None else "table"
            cells[cid] = CellRecord(value.value, value.state.value, aligned[cid].raw, confidence, reasons,
                                    {**aligned[cid].provenance.to_dict(), "path": path}, value.unit, alternatives)
        elif value.state is ValueState.DERIVED:
            parts = [p for p in (value.note or "").removeprefix("sum of ").split(" + ") if p]
            table, _, rest = cid.partition(".")
            column = rest.rsplit(".", 1)[1]
            part_ids = [f"{table}.{p}.{column}" for p in parts]
            conf = min((scored[p].confidence for p in part_ids if p in scored), default=0.0)
            cells[cid] = CellRecord(value.value, value.state.value, None, conf, (value.note or "",),
                                    {"derived_from": part_ids}, value.unit)
        else:
            cells[cid] = CellRecord(None, ValueState.MISSING.value, None, 0.0,
                                    ("not printed" if cid in not_expected else "not found",), {}, None)
    expected = [cid for cid in values if cid not in not_expected]
    found = [cid for cid in expected if cid in aligned]
    issues = list(base_issues)
    tables: list[TableSummary] = []
    for table in ("t2", "t3", "t4"):
        t_expected = [cid for cid in expected if cid.startswith(table + ".")]
        t_found = [cid for cid in t_expected if cid in aligned]
        pages = sorted({p for bid, ps in best.pages.items() if bid.startswith(table) for p in ps})
        tables.append(TableSummary(table, bool(t_found), len(t_found), len(t_expected),
                                   aggregate([cells[c].confidence for c in t_found], len(t_expected)), tuple(pages)))
        if not t_found:
            issues.append(Issue(f"{table.upper()}_NOT_FOUND", Severity.WARNING, f"table {table} was not found"))
        elif len(pages) > 1:
            issues.append(Issue(f"{table.upper()}_SPLIT_ACROSS_PAGES", Severity.INFO,
                                f"table {table} continues over pages {', '.join(map(str, pages))}"))
    missing = [cid for cid in expected if cid not in aligned]
    if missing:
        issues.append(Issue("CELLS_MISSING", Severity.WARNING,
                            f"{len(missing)} of {len(expected)} cells not found: {', '.join(missing[:5])}"
                            f"{'…' if len(missing) > 5 else ''}"))
    for cid in sorted(aligned):
        if aligned[cid].row_score < LOW_LABEL:
            issues.append(Issue("LABEL_LOW_MATCH", Severity.INFO,
                                f"{cid}: printed row label {aligned[cid].printed_row_label!r} matched with score "
                                f"{aligned[cid].row_score:.2f}"))
    for extra in best.alignment.extra_rows:
        issues.append(Issue("EXTRA_ROW", Severity.INFO, f"{extra.block}: row {extra.label!r} is not in the template"))
    issues.extend(_check_issues(checks))
    prose = report_prose(document, layout, values, prose_skip)
    issues.extend(Issue("R7_DISAGREE", Severity.WARNING, message) for message in prose.disagreements)
    ambiguous = sorted(cid for cid in cells if cells[cid].alternatives)
    if ambiguous:
        issues.append(Issue("SPLIT_AMBIGUOUS", Severity.WARNING,
                            f"{len(ambiguous)} run-together cell(s) admit several splits: {', '.join(ambiguous)}"))
    # pages left unread (garbage text layer, no OCR): what was read is kept, the record is partial
    status = Status.OK if not missing and (unread is None or ocr_used) else Status.PARTIAL
    return Record(
        source=document.source, status=status, title=meta.title, agency=meta.agency, year=meta.year,
        template=layout.template, template_evidence=best.evidence,
        confidence=aggregate([cells[c].confidence for c in found], len(expected)),
        cells=cells, checks=tuple(checks), issues=tuple(issues), tables=tuple(tables),
        extra_rows=tuple({"block": e.block, "label": e.label, "values": list(e.values),
                          "provenance": e.provenance.to_dict()} for e in best.alignment.extra_rows),
        metadata_evidence=meta.evidence, text_facts=dict(prose.text_facts),
        text_facts_sources=dict(prose.text_facts_sources), text_facts_cells=dict(prose.text_facts_cells),
        text_vs_table=dict(prose.text_vs_table),
    )


def extract_bytes(data: bytes, name: str, url: str | None = None, settings: LoadSettings | None = None,
                  layouts: tuple[Layout, ...] | None = None, converted: bytes | None = None) -> Record:
    """Load and extract one input. Broken inputs give a ``failed`` record, never an exception.
    ``converted``: see :func:`extractor.loaders.load_bytes`."""
    try:
        document = load_bytes(data, name, url=url, settings=settings, converted=converted)
    except LoadError as exc:
        return failed_record(source_of(data, name, url=url), exc.code, exc.message)
    return extract_document(document, layouts)
