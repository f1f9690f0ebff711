"""Template layouts, read from the data files in ``layouts/`` (one TOML file per template).

A layout is a list of *blocks* (rows × columns, cell id ``<table>.<row>.<column>``), the sums
that tie them together, and the signals that identify the template. Validation happens here,
once, with errors that name the file and key.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractor.errors import LayoutError


class Axis(StrEnum):
    COLUMN = "column"  # one check per column; lhs/rhs are row ids
    ROW = "row"  # one check per row; lhs/rhs are column ids


@dataclass(frozen=True)
class Label:
    id: str
    label: str
    aliases: tuple[str, ...] = ()
    en: str = ""
    parent: str | None = None
    unit: str = "件"
    decimal: bool = False
    allow_negative: bool = False
    derived_from: tuple[str, ...] = ()

    @property
    def all_labels(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class Block:
    table: str
    id: str
    rows: tuple[Label, ...]
    columns: tuple[Label, ...]
    caption: str | None = None
    header_labels: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()  # group labels of item rows (（三）不予公开 …), used as matching context
    positional: bool = False

    def cell_id(self, row: str, column: str) -> str:
        return f"{self.table}.{row}.{column}"

    def cell_ids(self) -> list[str]:
        return [self.cell_id(r.id, c.id) for r in self.rows for c in self.columns]

    def row(self, row_id: str) -> Label:
        for row in self.rows:
            if row.id == row_id:
                return row
        raise KeyError(row_id)


@dataclass(frozen=True)
class SumRule:
    id: str
    block: str
    axis: Axis
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Signal:
    label: str
    weight: float
    evidence: str


@dataclass(frozen=True)
class Layout:
    template: str
    name: str
    year_prior: tuple[int, int]
    signals: tuple[Signal, ...]
    blocks: tuple[Block, ...]
    sums: tuple[SumRule, ...]
    sha256: str

    def block(self, block_id: str) -> Block:
        for block in self.blocks:
            if block.id == block_id:
                return block
        raise KeyError(block_id)

    def blocks_of(self, table: str) -> list[Block]:
        return [b for b in self.blocks if b.table == table]

    def cell_ids(self) -> list[str]:
        return [cid for block in self.blocks for cid in block.cell_ids()]


def _req(data: dict[str, Any], key: str, where: str) -> Any:
    if key not in data:
        raise LayoutError(f"{where}: missing key {key!r}")
    return data[key]


def _label(data: dict[str, Any], where: str) -> Label:
    return Label(
        id=str(_req(data, "id", where)),
        label=str(_req(data, "label", where)),
        aliases=tuple(str(a) for a in data.get("aliases", ())),
        en=str(data.get("en", "")),
        parent=data.get("parent"),
        unit=str(data.get("unit", "件")),
        decimal=bool(data.get("decimal", False)),
        allow_negative=bool(data.get("allow_negative", False)),
        derived_from=tuple(str(d) for d in data.get("derived_from", ())),
    )


def parse_layout(raw: bytes, name: str) -> Layout:
    """Parse and validate one layout file's bytes; ``name`` is used in error messages."""
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LayoutError(f"{name}: not valid UTF-8 TOML: {exc}") from exc
    blocks: list[Block] = []
    for i, b in enumerate(_req(data, "blocks", name)):
        where = f"{name}: blocks[{i}]"
        block = Block(
            table=str(_req(b, "table", where)),
            id=str(_req(b, "id", where)),
            rows=tuple(_label(r, f"{where}.rows[{j}]") for j, r in enumerate(_req(b, "rows", where))),
            columns=tuple(_label(c, f"{where}.columns[{j}]") for j, c in enumerate(_req(b, "columns", where))),
            caption=b.get("caption"),
            header_labels=tuple(b.get("header_labels", ())),
            groups=tuple(b.get("groups", ())),
            positional=bool(b.get("positional", False)),
        )
        row_ids = {r.id for r in block.rows}
        for r in block.rows:
            for d in r.derived_from:
                if d not in row_ids:
                    raise LayoutError(f"{where}: row {r.id!r} derived_from unknown row {d!r}")
        blocks.append(block)
    block_ids = {b.id: b for b in blocks}
    sums: list[SumRule] = []
    for i, s in enumerate(data.get("sums", [])):
        where = f"{name}: sums[{i}]"
        block_id = str(_req(s, "block", where))
        if block_id not in block_ids:
            raise LayoutError(f"{where}: unknown block {block_id!r}")
        try:
            axis = Axis(str(_req(s, "axis", where)))
        except ValueError as exc:
            raise LayoutError(f"{where}: axis must be 'row' or 'column'") from exc
        rule = SumRule(id=str(_req(s, "id", where)), block=block_id, axis=axis,
                       lhs=tuple(_req(s, "lhs", where)), rhs=tuple(_req(s, "rhs", where)),
                       text=str(s.get("text", "")))
        names = {r.id for r in block_ids[block_id].rows} if axis is Axis.COLUMN else {
            c.id for c in block_ids[block_id].columns}
        for ref in (*rule.lhs, *rule.rhs):
            if ref not in names:
                raise LayoutError(f"{where}: {ref!r} is not a {'row' if axis is Axis.COLUMN else 'column'} "
                                  f"of block {block_id!r}")
        sums.append(rule)
    prior = data.get("year_prior", [0, 9999])
    return Layout(
        template=str(_req(data, "template", name)),
        name=str(data.get("name", "")),
        year_prior=(int(prior[0]), int(prior[1])),
        signals=tuple(Signal(label=str(_req(s, "label", f"{name}: signals")), weight=float(s.get("weight", 1.0)),
                             evidence=str(s.get("evidence", s.get("label")))) for s in data.get("signals", [])),
        blocks=tuple(blocks),
        sums=tuple(sums),
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def layouts_dir() -> Path:
    """``layouts/`` of a source checkout, or the copy packed into an installed wheel."""
    packed = Path(__file__).parent / "_layouts"
    if packed.is_dir():
        return packed
    return Path(__file__).resolve().parent.parent / "layouts"


@lru_cache(maxsize=4)
def load_layouts(directory: str | None = None) -> tuple[Layout, ...]:
    """All template layouts, newest template first."""
    folder = Path(directory) if directory else layouts_dir()
    # Template layouts are named after the template (2019.toml, 2021.toml); other files in the
    # folder hold other data (prose patterns, pre-2019 forms, calibration).
    files = sorted((f for f in folder.glob("*.toml") if f.stem.isdigit()), reverse=True)
    if not files:
        raise LayoutError(f"{folder}: no layout files (*.toml)")
    return tuple(parse_layout(f.read_bytes(), str(f)) for f in files)
