"""One synthetic report with its known answer, and seeded sets of them.

A report is a function of (seed, index) only: ``random.Random(f"{seed}:{index}")`` drives every
choice, so a set is reproducible byte for byte and its sha256 (:func:`set_digest`) pins it.
The gold file has the corpus format (../shared/corpus/README.md) plus ``planted`` (the numbers
changed on purpose so that a sum fails) and ``variant`` (every printing choice).
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor.layouts import Layout, load_layouts
from extractor.synth.grid import Grid, grid_t2, grid_t3, grid_t4, printed_t3_rows
from extractor.synth.phrases import load_phrases
from extractor.synth.render_docx import docx_to_doc, render_docx
from extractor.synth.render_html import render_html
from extractor.synth.render_pdf import PRINTERS, rotate_pages
from extractor.synth.render_scan import pdf_to_scan
from extractor.synth.render_text import render_text
from extractor.synth.values import Number, draw_truth, sums_hold, with_derived_rows
from extractor.synth.variants import (
    CARRIERS,
    DEFAULT_PRINT,
    PRINTED_CARRIERS,
    WORD_CARRIERS,
    PrintOptions,
    Variant,
    draw_variant,
    print_in_form,
    print_value,
    to_script,
)

EXTENSIONS = {"html_cms": ".html", "html_word": ".html", "text_tsv": ".txt", "text_aligned": ".txt",
              "text_runtogether": ".txt", "pdf_chromium": ".pdf", "pdf_scan": ".pdf", "pdf_libreoffice": ".pdf",
              "docx": ".docx", "doc_libreoffice": ".doc"}


@dataclass(frozen=True)
class SynthDoc:
    name: str
    data: bytes
    gold: dict[str, Any]
    printed_from: bytes = b""  # the HTML page a PDF was printed from


def layout_of(template: str) -> Layout:
    for layout in load_layouts():
        if layout.template == template:
            return layout
    raise KeyError(f"no layout for template {template}")


def _printed_ids(layout: Layout, variant: Variant) -> tuple[list[str], list[str]]:
    """(cell ids the report prints, template ids it does not print)."""
    rows = set(printed_t3_rows(layout, variant))
    printed: list[str] = []
    not_printed: list[str] = []
    for block in layout.blocks:
        for row in block.rows:
            for col in block.columns:
                cid = block.cell_id(row.id, col.id)
                if block.table != "t3" or row.id in rows:
                    printed.append(cid)
                elif not row.derived_from:
                    not_printed.append(cid)
    return printed, not_printed


def _plant(rng: random.Random, printed: list[str], truth: dict[str, Number]) -> tuple[str, int]:
    candidates = [c for c in printed if c.startswith(("t3.", "t4."))]
    cid = rng.choice(candidates)
    true = int(truth[cid])
    delta = rng.choice((1, 1, 2, 3, 10, -1, -2))
    new = true + delta if true + delta >= 0 else true + abs(delta)
    return cid, new


def generate_report(seed: int, index: int, carrier: str | None = None, plant_share: float = 0.2) -> SynthDoc:
    rng = random.Random(f"{seed}:{index}")
    variant = draw_variant(rng, carrier=carrier, plant_share=plant_share)
    truth = draw_truth(rng, layout_of(variant.template), other_one_row=variant.other_one_row)
    return render_report(f"syn{seed}_{index:05d}", variant, truth, rng)


def render_report(stem: str, variant: Variant, truth: dict[str, Number], rng: random.Random,
                  options: PrintOptions = DEFAULT_PRINT) -> SynthDoc:
    """The report printing ``truth`` as ``variant`` and ``options`` say (``rng`` makes the choices
    left to chance), and its gold; named ``stem`` plus the carrier's extension."""
    layout = layout_of(variant.template)
    phrases = load_phrases()
    printed_ids, not_printed = _printed_ids(layout, variant)
    planted: list[dict[str, Any]] = []
    shown: dict[str, Number] = {c: truth[c] for c in printed_ids}
    if variant.planted:
        cid, new = _plant(rng, printed_ids, truth)
        shown[cid] = new
        planted.append({"cell": cid, "true": truth[cid], "printed": new})
    units = {block.cell_id(r.id, c.id): (c.unit, c.decimal) for block in layout.blocks
             for r in block.rows for c in block.columns}
    texts: dict[str, str] = {}
    gold_values: dict[str, Number | None] = {}
    for cid in printed_ids:
        unit, decimal = units[cid]
        if cid in options.cell_forms:
            texts[cid], gold_values[cid] = print_in_form(shown[cid], unit, decimal, options.cell_forms[cid])
            continue
        texts[cid] = print_value(shown[cid], variant, unit, decimal, rng)[0]
        gold_values[cid] = print_value(shown[cid], variant, unit, decimal, random.Random(0))[1]
    misprinted: set[str] = set()
    if variant.misprint:
        t3_rows = [r for r in layout.block("t3").rows if len(r.label) >= 10 and r.id in printed_t3_rows(layout, variant)]
        misprinted.add(rng.choice(t3_rows).id)
    agency = options.agency or rng.choice(phrases.places) + rng.choice(phrases.bodies)
    year = options.year or (rng.choice((2019, 2020)) if variant.template == "2019" else rng.choice((2021, 2022, 2023, 2024)))
    title = options.title or phrases.title.format(agency=agency, year=year)
    new_total = layout.block("t3").cell_id("new", "total")
    t2 = grid_t2(layout, variant, phrases, texts.__getitem__, rng)
    t3 = grid_t3(layout, variant, phrases, texts.__getitem__, rng, misprinted, options)
    t4 = grid_t4(layout, variant, phrases, texts.__getitem__, rng)
    s = phrases.sections
    body: list[str | Grid] = [phrases.intro.format(year=year), s[0], phrases.overview.format(year=year, agency=agency),
                              *[phrases.filler] * options.page.filler,
                              s[1], t2, s[2], phrases.received.format(n=int(truth[new_total])), t3, s[3], t4,
                              s[4], phrases.problems, s[5], phrases.other_matters]
    printed_from = b""
    if variant.carrier in WORD_CARRIERS:
        data = render_docx(title, body, variant, lambda s: to_script(s, variant))
        if variant.carrier == "doc_libreoffice":
            data = docx_to_doc(data)
    else:
        if variant.carrier.startswith("html") or variant.carrier in PRINTED_CARRIERS:
            text = render_html(title, body, variant, options.page)
        else:
            text = render_text(title, body, variant, rng)
        text = to_script(text, variant)
        data = text.encode("gb18030" if variant.encoding.startswith("gbk") else "utf-8")
        if variant.carrier in PRINTED_CARRIERS:
            printed_from, data = data, PRINTERS[PRINTED_CARRIERS[variant.carrier]](data)
            data = rotate_pages(data) if options.page.rotated else data
        if variant.carrier == "pdf_scan":
            data = pdf_to_scan(data, rng)
    name = stem + EXTENSIONS[variant.carrier]
    table_received = gold_values.get(new_total) or 0
    gold: dict[str, Any] = {
        "document": name, "template": variant.template, "agency": agency, "year": year,
        "values": dict(sorted(gold_values.items())),
        "source_inconsistencies": sums_hold(layout, with_derived_rows(layout, {c: v or 0 for c, v in gold_values.items()})),
        "not_printed": sorted(not_printed),
        "text_facts": {"requests_received": truth[new_total]},
        "text_facts_cells": {"requests_received": [new_total]},
        "text_vs_table": {"requests_received": {"text": truth[new_total], "table": table_received,
                                                "agrees": truth[new_total] == table_received}},
        "planted": planted, "variant": variant.to_dict(),
        "misprinted_rows": sorted(misprinted),
        "notes": "synthetic report generated by extractor.synth",
    }
    return SynthDoc(name, data, gold, printed_from)


def generate_set(n: int, seed: int, carriers: Sequence[str] = CARRIERS, plant_share: float = 0.2) -> list[SynthDoc]:
    """``n`` reports, carriers in turn (so every carrier gets its share)."""
    return [generate_report(seed, i, carrier=carriers[i % len(carriers)], plant_share=plant_share) for i in range(n)]


def gold_json(doc: SynthDoc) -> bytes:
    return (json.dumps(doc.gold, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def set_digest(docs: Iterable[SynthDoc]) -> str:
    """sha256 over every document's name, bytes and gold: any generator change moves it."""
    h = hashlib.sha256()
    for doc in docs:
        h.update(doc.name.encode("utf-8") + b"\0" + doc.data + b"\0" + gold_json(doc) + b"\0")
    return h.hexdigest()


def write_set(docs: Iterable[SynthDoc], out: Path) -> int:
    (out / "docs").mkdir(parents=True, exist_ok=True)
    (out / "gold").mkdir(parents=True, exist_ok=True)
    count = 0
    for doc in docs:
        (out / "docs" / doc.name).write_bytes(doc.data)
        (out / "gold" / (doc.name.rsplit(".", 1)[0] + ".json")).write_bytes(gold_json(doc))
        count += 1
    return count
