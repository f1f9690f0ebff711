"""Figures stated in the report's prose, and the R7 check of them against the table.

The phrase patterns and the cells each figure describes are data (``layouts/prose/facts.toml``);
this module compiles them, reads every text block of a :class:`~extractor.document.Document`
(any carrier: text, HTML, PDF), parses Arabic and Chinese numerals (``二百一十八件``), and
compares each figure with the sum of its cells. A disagreement is reported (``R7_DISAGREE``),
never used to change a printed value. Where the table prints a total blank although its parts
are numbers (r004's 总计 column), the row sum stands in for it and ``table_basis`` says so.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractor.document import Document, Provenance
from extractor.errors import LayoutError
from extractor.layouts import Axis, Layout, layouts_dir
from extractor.normalize import normalize_text
from extractor.values import CellValue, ValueState

_DIGITS = "零〇一二两三四五六七八九"
_NUM = r"(?P<num>\d[\d,]*(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿]+)"
_CLAUSE_END = "。；;！!？?\n"
_CLAUSE_SOFT = "，,：:（("
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}


def parse_number(text: str) -> int | float | None:
    """An Arabic (``1,234``, ``12.5``) or Chinese (``二百一十八``, ``一万零三``) numeral."""
    text = normalize_text(text).strip().replace(",", "")
    if not text:
        return None
    if re.fullmatch(r"\d+", text):
        return int(text)
    if re.fullmatch(r"\d+\.\d+", text):
        return float(text)
    if all(ch in "〇零一二两三四五六七八九" for ch in text) and len(text) > 1:
        return int("".join(str(_digit(ch)) for ch in text))  # 二〇一一 read digit by digit
    total = section = 0
    number = -1
    for ch in text:
        if ch in _DIGITS:
            number = _digit(ch)
        elif ch in _SMALL_UNITS:
            section += (number if number >= 0 else 1) * _SMALL_UNITS[ch]
            number = -1
        elif ch in _BIG_UNITS:
            total += (section + max(number, 0)) * _BIG_UNITS[ch]
            section, number = 0, -1
        else:
            return None
    return total + section + max(number, 0)


def _digit(ch: str) -> int:
    return 0 if ch in "零〇" else "一二三四五六七八九".index(ch) + 1 if ch != "两" else 2


@dataclass(frozen=True)
class FactRule:
    id: str
    patterns: tuple[re.Pattern[str], ...]
    zero_patterns: tuple[re.Pattern[str], ...]
    cells: Mapping[str, tuple[str, ...]]  # template -> cell ids summed


@dataclass(frozen=True)
class TextFact:
    """One figure the prose states, with the clause it comes from."""

    id: str
    value: int | float
    raw: str
    source: str
    provenance: Provenance
    span: tuple[int, int]

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "raw": self.raw, "source": self.source,
                "provenance": {**self.provenance.to_dict(), "path": "prose"}}


@dataclass(frozen=True)
class FactComparison:
    id: str
    text: int | float
    table: int | float | None
    agrees: bool | None
    cells: tuple[str, ...]
    table_basis: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "table": self.table, "agrees": self.agrees,
                               "cells": list(self.cells)}
        if self.table_basis:
            out["table_basis"] = self.table_basis
        return out


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern.replace("{NUM}", _NUM))
    except re.error as exc:
        raise LayoutError(f"{where}: bad pattern {pattern!r}: {exc}") from exc


def parse_fact_rules(raw: bytes, name: str) -> tuple[FactRule, ...]:
    """Parse and validate the facts file's bytes; ``name`` is used in error messages."""
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LayoutError(f"{name}: not valid UTF-8 TOML: {exc}") from exc
    rules = []
    for i, entry in enumerate(data.get("facts", [])):
        where = f"{name}: facts[{i}]"
        if "id" not in entry:
            raise LayoutError(f"{where}: missing key 'id'")
        patterns = tuple(_compile(p, where) for p in entry.get("patterns", ()))
        if any("num" not in p.groupindex for p in patterns):
            raise LayoutError(f"{where}: every pattern needs {{NUM}}")
        rules.append(FactRule(
            id=str(entry["id"]), patterns=patterns,
            zero_patterns=tuple(_compile(p, where) for p in entry.get("zero_patterns", ())),
            cells={str(k): tuple(str(c) for c in v) for k, v in entry.get("cells", {}).items()}))
    return tuple(rules)


@lru_cache(maxsize=4)
def load_fact_rules(path: str | None = None) -> tuple[FactRule, ...]:
    file = Path(path) if path else layouts_dir() / "prose" / "facts.toml"
    return parse_fact_rules(file.read_bytes(), str(file))


def _clause(text: str, start: int, end: int) -> str:
    """The clause around a match: back to the previous punctuation, up to the match's end."""
    left = start
    while left > 0 and text[left - 1] not in _CLAUSE_END + _CLAUSE_SOFT:
        left -= 1
    return text[left:end].strip()


def _locate(provenance: Provenance, start: int, end: int) -> Provenance:
    base = f"{provenance.locator}/" if provenance.locator else ""
    return Provenance(page=provenance.page, bbox=provenance.bbox, line=provenance.line,
                      locator=f"{base}chars[{start}:{end}]")


def read_text_facts(document: Document, rules: tuple[FactRule, ...] | None = None,
                    skip: Mapping[int, list[tuple[int, int]]] | None = None) -> dict[str, TextFact]:
    """Every rule's first figure in reading order. ``skip``: per text-block index, character
    spans not to read (a run-together table inside the block)."""
    rules = rules if rules is not None else load_fact_rules()
    found: dict[str, TextFact] = {}
    for index, block in enumerate(document.text_blocks):
        text = normalize_text(block.text)
        spans = (skip or {}).get(index, [])
        for rule in rules:
            if rule.id in found:
                continue
            hits: list[tuple[int, int, int | float, str]] = []
            for pattern in rule.patterns:
                for m in pattern.finditer(text):
                    value = parse_number(m["num"])
                    if value is not None:
                        hits.append((m.start(), m.end(), value, m["num"]))
            for pattern in rule.zero_patterns:
                hits.extend((m.start(), m.end(), 0, m.group(0)) for m in pattern.finditer(text))
            hits = [h for h in hits if not any(a <= h[0] < b for a, b in spans)]
            if hits:
                start, end, value, raw = min(hits, key=lambda h: h[0])
                found[rule.id] = TextFact(rule.id, value, raw, _clause(text, start, end),
                                          _locate(block.provenance, start, end), (start, end))
    return found


def fact_cells(rules: tuple[FactRule, ...], template: str) -> dict[str, tuple[str, ...]]:
    return {r.id: r.cells[template] for r in rules if template in r.cells}


def _row_sum(layout: Layout, cid: str, values: Mapping[str, CellValue]) -> int | float | None:
    """The sum of a total cell's parts along its row (a ROW sum rule whose lhs is its column)."""
    for rule in layout.sums:
        block = layout.block(rule.block)
        if rule.axis is not Axis.ROW or not cid.startswith(block.table + "."):
            continue
        for row in block.rows:
            if any(block.cell_id(row.id, c) == cid for c in rule.lhs):
                parts = [values.get(block.cell_id(row.id, c)) for c in rule.rhs]
                if all(p is not None and p.state in (ValueState.NUMBER, ValueState.BLANK, ValueState.NA)
                       for p in parts):
                    return sum((p.value or 0) for p in parts if p is not None)
    return None


def _blank_totals_block(layout: Layout, cid: str, values: Mapping[str, CellValue]) -> bool:
    """True when the cell's block prints some total blank although its row's parts add to more
    than 0 (r004's 总计 column): there, row sums stand in for every blank total of the block."""
    table = cid.split(".", 1)[0]
    for rule in layout.sums:
        block = layout.block(rule.block)
        if rule.axis is not Axis.ROW or block.table != table:
            continue
        for row in block.rows:
            for col in rule.lhs:
                total = values.get(block.cell_id(row.id, col))
                if total is not None and total.state is ValueState.BLANK and _row_sum(
                        layout, block.cell_id(row.id, col), values):
                    return True
    return False


def _fmt(number: int | float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def compare_facts(facts: Mapping[str, TextFact], rules: tuple[FactRule, ...], layout: Layout,
                  values: Mapping[str, CellValue]) -> dict[str, FactComparison]:
    """R7: each figure with cells in this template against the sum of those cells."""
    out: dict[str, FactComparison] = {}
    for fact_id, cells in fact_cells(rules, layout.template).items():
        if fact_id not in facts:
            continue
        fact = facts[fact_id]
        total: int | float = 0
        basis: list[str] = []
        readable = all(values.get(c) is not None and values[c].state not in (ValueState.MISSING, ValueState.TEXT)
                       for c in cells)
        blank = [c for c in cells if readable and values[c].state in (ValueState.BLANK, ValueState.NA)]
        row_sums = {c: _row_sum(layout, c, values) for c in blank}
        for cid in cells if readable else ():
            if cid in row_sums:
                row_sum = row_sums[cid]
                if row_sum is not None and _blank_totals_block(layout, cid, values):
                    basis.append(f"{cid} blank -> row sum {_fmt(row_sum)}")
                    total += row_sum
                continue
            total += values[cid].value or 0
        if not readable:
            out[fact_id] = FactComparison(fact_id, fact.value, None, None, cells)
            continue
        if isinstance(total, float) and total.is_integer():
            total = int(total)
        agrees = abs(total - fact.value) < 1e-6
        out[fact_id] = FactComparison(fact_id, fact.value, total, agrees, cells, "; ".join(basis) or None)
    return out


@dataclass(frozen=True)
class ProseReport:
    """What the record carries about the prose: the gold files' four keys, and the R7 messages."""

    text_facts: dict[str, int | float]
    text_facts_sources: dict[str, str]
    text_facts_cells: dict[str, list[str]]
    text_vs_table: dict[str, dict[str, Any]]
    disagreements: tuple[str, ...]


def report_prose(document: Document, layout: Layout | None, values: Mapping[str, CellValue],
                 skip: Mapping[int, list[tuple[int, int]]] | None = None,
                 rules: tuple[FactRule, ...] | None = None) -> ProseReport:
    rules = rules if rules is not None else load_fact_rules()
    facts = read_text_facts(document, rules, skip)
    cells = fact_cells(rules, layout.template) if layout is not None else {}
    compared = compare_facts(facts, rules, layout, values) if layout is not None else {}
    disagreements = tuple(
        f"{c.id}: the text says {_fmt(c.text)} ({facts[c.id].source!r}), the table {_fmt(c.table)} "
        f"({' + '.join(c.cells)}{'; ' + c.table_basis if c.table_basis else ''})"
        for c in compared.values() if c.agrees is False and c.table is not None)
    return ProseReport(
        text_facts={k: f.value for k, f in sorted(facts.items())},
        text_facts_sources={k: f.source for k, f in sorted(facts.items())},
        text_facts_cells={k: list(cells[k]) for k in sorted(facts) if k in cells},
        text_vs_table={k: c.to_dict() for k, c in sorted(compared.items())},
        disagreements=disagreements)
