"""Reports written before the national templates (2008–2018, templates.md §3).

Such a report is free prose under the 2007 条例's skeleton (概述 / 主动公开 / 依申请公开 /
收费 / 复议诉讼 / 问题), often with a statistics form attached. This stage

* finds the skeleton's sections (``layouts/pre2019/skeleton.toml``) as template evidence;
* reads an attached form into its own layout (``layouts/pre2019/<form>.toml``: the form's ids,
  labels, units and columns). Crawler text flattens the form (``主动公开信息数条4251516``), so the
  row digits are split with :mod:`extractor.runtogether` — the form's 其中 sums and the prose
  figures as constraints, never a digit added or lost;
* maps what it can into a small common core under the record's ``legacy`` (``proactive_items``,
  ``requests_received`` … ``fees_collected_yuan``), each ``{value, raw, confidence, provenance}``
  with its source phrase; the form's other figures sit beside them under their own keys, and a
  core figure the prose also states appears again as ``<key>_text``. A prose-only report gives
  the core figures the prose states.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractor.document import Document, Provenance
from extractor.errors import LayoutError
from extractor.layouts import layouts_dir
from extractor.metadata import Metadata
from extractor.normalize import normalize_label
from extractor.prose import TextFact, read_text_facts
from extractor.record import Issue, Record, Severity, Status
from extractor.runtogether import DIGIT_RUN, RunTogetherSettings, Segment, SplitNote, TextIndex, solve_splits

TEMPLATE = "pre2019"
CORE_KEYS = ("proactive_items", "requests_received", "requests_granted", "requests_partly_granted",
             "requests_refused", "info_not_held", "info_not_exist", "review_cases", "litigation_cases",
             "fees_collected_yuan")
FORM_CONFIDENCE = 0.95  # a form cell whose digits split one way (or the sums fix it)
PROSE_CONFIDENCE = 0.8  # a figure read from a sentence
LAST_YEAR = 2018


@dataclass(frozen=True)
class FormRow:
    id: str
    labels: tuple[str, ...]
    unit: str
    decimal: bool


@dataclass(frozen=True)
class FormColumn:
    id: str
    suffix: str


@dataclass(frozen=True)
class FormLayout:
    form: str
    name: str
    captions: tuple[str, ...]
    units: tuple[str, ...]
    rows: tuple[FormRow, ...]
    columns: tuple[FormColumn, ...]
    sums: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    crosswalk: Mapping[str, tuple[str, float]]
    prose: Mapping[str, str]


def parse_form(raw: bytes, name: str) -> FormLayout:
    try:
        data = tomllib.loads(raw.decode("utf-8"))
        rows = tuple(FormRow(str(r["id"]), (str(r["label"]), *map(str, r.get("aliases", ()))),
                             str(r.get("unit", "")), bool(r.get("decimal", False))) for r in data["rows"])
        columns = tuple(FormColumn(str(c["id"]), str(c.get("suffix", ""))) for c in data["columns"])
        crosswalk = {str(k): ((str(v), 1.0) if isinstance(v, str) else (str(v["row"]), float(v.get("factor", 1))))
                     for k, v in data.get("crosswalk", {}).items()}
        form = FormLayout(str(data["form"]), str(data.get("name", "")), tuple(map(str, data["captions"])),
                          tuple(map(str, data.get("units", ()))), rows, columns,
                          tuple((tuple(s["lhs"]), tuple(s["rhs"])) for s in data.get("sums", ())),
                          crosswalk, {str(k): str(v) for k, v in data.get("prose", {}).items()})
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise LayoutError(f"{name}: not a valid form layout: {exc!r}") from exc
    row_ids = {r.id for r in rows}
    for key, (row, _) in crosswalk.items():
        if key not in CORE_KEYS or row not in row_ids:
            raise LayoutError(f"{name}: crosswalk {key!r} -> {row!r} names an unknown core key or row")
    return form


@lru_cache(maxsize=4)
def load_forms(directory: str | None = None) -> tuple[FormLayout, ...]:
    folder = Path(directory) if directory else layouts_dir() / "pre2019"
    return tuple(parse_form(f.read_bytes(), str(f)) for f in sorted(folder.glob("*.toml"))
                 if f.name != "skeleton.toml")


@lru_cache(maxsize=4)
def load_skeleton(directory: str | None = None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    file = (Path(directory) if directory else layouts_dir() / "pre2019") / "skeleton.toml"
    data = tomllib.loads(file.read_text(encoding="utf-8"))
    return tuple((str(s["id"]), tuple(map(str, s["phrases"]))) for s in data["sections"])


def find_sections(document: Document) -> list[str]:
    text = normalize_label("".join(b.text for b in document.text_blocks))
    return [sid for sid, phrases in load_skeleton() if any(normalize_label(p) in text for p in phrases)]


@dataclass(frozen=True)
class FormReading:
    form: FormLayout
    block: int
    notes: dict[str, SplitNote]  # "<row>.<column>" -> split
    phrases: dict[str, str]  # row id -> the flattened phrase (label + unit + digits)
    provenance: Provenance
    span: tuple[int, int]


def read_form(document: Document, form: FormLayout, facts: Mapping[str, TextFact],
              settings: RunTogetherSettings | None = None) -> FormReading | None:
    """The form's rows in one text block (label [unit] digits), split into the form's columns."""
    settings = settings or RunTogetherSettings()
    for b_index, block in enumerate(document.text_blocks):
        index = TextIndex(block.text)
        caption = index.find(form.captions, 0, len(block.text), 101.0)
        while caption is not None:
            reading = _read_at(index, b_index, block.provenance, caption.start, caption.end, form, facts, settings)
            if reading is not None:
                return reading
            caption = index.find(form.captions, caption.end, len(block.text), 101.0)
    return None


def _read_at(index: TextIndex, b_index: int, provenance: Provenance, caption_start: int, pos: int, form: FormLayout,
             facts: Mapping[str, TextFact], settings: RunTogetherSettings) -> FormReading | None:
    """The form's rows after one occurrence of its caption, or None when too few are there."""
    text = index.text
    hits = []
    for row in form.rows:
        hit = index.find(row.labels, pos, min(len(text), pos + settings.label_window), 101.0)
        if hit is not None:
            hits.append((row, hit))
            pos = hit.end
    segments: list[Segment] = []
    phrases: dict[str, str] = {}
    for i, (row, hit) in enumerate(hits):
        stop = hits[i + 1][1].start if i + 1 < len(hits) else len(text)
        start = hit.end
        for unit in sorted((row.unit, *form.units), key=len, reverse=True):
            if unit and text.startswith(unit, start):
                start += len(unit)
                break
        m = DIGIT_RUN.match(text, start, stop)
        if m is None:
            continue
        cells = tuple(f"{row.id}.{c.id}" for c in form.columns)
        segments.append(Segment(row.id, m.group(1), cells, (row.decimal,) * len(cells), m.start(1)))
        phrases[row.id] = text[hit.start:m.end(1)]
    if len(segments) < 3:
        return None
    sums = [tuple((tuple(f"{r}.{c.id}" for r in lhs), tuple(f"{r}.{c.id}" for r in rhs))
                  for c in form.columns) for lhs, rhs in form.sums]
    constraints = [s for group in sums for s in group]
    hints = [((cell,), float(facts[fid].value)) for fid, cell in form.prose.items() if fid in facts]
    notes = solve_splits(segments, constraints, hints, settings)
    return FormReading(form, b_index, notes, phrases, provenance,
                       (caption_start, segments[-1].offset + len(segments[-1].digits)))


def _entry(value: int | float, raw: str, confidence: float, provenance: dict[str, Any]) -> dict[str, Any]:
    return {"value": value, "raw": raw, "confidence": round(confidence, 4), "provenance": provenance}


def legacy_figures(document: Document, reading: FormReading | None,
                   facts: Mapping[str, TextFact]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    if reading is not None:
        form = reading.form
        for row in form.rows:
            for column in form.columns:
                note = reading.notes.get(f"{row.id}.{column.id}")
                if note is None:
                    continue
                prefix = f"{reading.provenance.locator}/" if reading.provenance.locator else ""
                prov = {**reading.provenance.to_dict(), "locator": f"{prefix}chars[{note.start}:{note.end}]",
                        "path": "legacy-form", "form": form.form, "cell": f"{row.id}.{column.id}",
                        "source": reading.phrases[row.id], "reason": note.reason}
                value: int | float = float(note.raw) if "." in note.raw else int(note.raw)
                confidence = FORM_CONFIDENCE if note.cap is None else min(FORM_CONFIDENCE, note.cap)
                entry = _entry(value, note.raw, confidence, prov)
                if note.alternatives:
                    entry["alternatives"] = list(note.alternatives)
                out[row.id + column.suffix] = entry
        first = form.columns[0].suffix
        for core, (row_id, factor) in form.crosswalk.items():
            if row_id + first in out and core not in out:
                src = out[row_id + first]
                value = src["value"] * factor
                value = int(value) if float(value).is_integer() else value
                out[core] = {**src, "value": value,
                             "provenance": {**src["provenance"], "crosswalk": f"{row_id} x {factor:g}"}}
    for fact_id, fact in facts.items():
        if fact_id not in CORE_KEYS:
            continue
        key = f"{fact_id}_text" if fact_id in out else fact_id
        out[key] = _entry(fact.value, fact.raw, PROSE_CONFIDENCE,
                          {**fact.provenance.to_dict(), "path": "prose", "source": fact.source})
    return dict(sorted(out.items()))


def legacy_record(document: Document, meta: Metadata) -> Record | None:
    """The pre-2019 record, or None when the document does not look like an old report."""
    sections = find_sections(document)
    prelim = read_text_facts(document)
    reading = None
    for form in load_forms():
        reading = read_form(document, form, prelim)
        if reading is not None:
            break
    old = meta.year is not None and meta.year <= LAST_YEAR
    if reading is None and not (old and len(sections) >= 2):
        return None
    skip = {reading.block: [reading.span]} if reading is not None else None
    facts = read_text_facts(document, skip=skip)
    legacy = legacy_figures(document, reading, facts)
    evidence = [f"report year {meta.year} is before the 2019 template"] if old else []
    evidence += [f"section of the 2007 条例 skeleton: {s}" for s in sections]
    issues: list[Issue] = []
    if reading is not None:
        evidence.append(f"attached statistics form {reading.form.form}: {len(reading.phrases)} rows read")
        ambiguous = sorted(k for k, v in legacy.items() if v.get("alternatives"))
        if ambiguous:
            issues.append(Issue("SPLIT_AMBIGUOUS", Severity.WARNING,
                                f"{len(ambiguous)} form figure(s) admit several splits: {', '.join(ambiguous)}"))
    else:
        issues.append(Issue("LEGACY_NO_FORM", Severity.INFO, "no statistics form found: figures from the prose only"))
    confidences = [float(v["confidence"]) for k, v in legacy.items() if k in CORE_KEYS]
    return Record(source=document.source, status=Status.OK if legacy else Status.PARTIAL, title=meta.title,
                  agency=meta.agency, year=meta.year, template=TEMPLATE, template_evidence=tuple(evidence),
                  confidence=round(sum(confidences) / len(confidences), 4) if confidences else 0.0,
                  issues=tuple(issues), legacy=legacy, metadata_evidence=meta.evidence,
                  text_facts={k: f.value for k, f in sorted(facts.items())},
                  text_facts_sources={k: f.source for k, f in sorted(facts.items())})
