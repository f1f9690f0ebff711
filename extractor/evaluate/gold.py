"""Gold files (../shared/corpus/README.md), read and validated once, at the edge."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Number = int | float


class GoldError(ValueError):
    """A gold file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Gold:
    id: str
    document: str
    template: str
    values: dict[str, Number | None]
    not_printed: frozenset[str] = frozenset()
    text_vs_table: dict[str, bool] = field(default_factory=dict)  # fact → agrees
    # cells changed on purpose (synthetic reports) → the true figure, before the change
    planted: dict[str, Number] = field(default_factory=dict)
    carrier: str | None = None  # synthetic reports name their carrier

    @property
    def scored_ids(self) -> list[str]:
        return sorted(c for c in self.values if c not in self.not_printed)

    def true_figure(self, cell_id: str) -> Number | None:
        """The figure the cell should hold: as printed, except for a planted number."""
        return self.planted.get(cell_id, self.values[cell_id])


def parse_gold(data: dict[str, Any], where: str, gold_id: str) -> Gold:
    def req(key: str) -> Any:
        if key not in data:
            raise GoldError(f"{where}: missing key {key!r}")
        return data[key]

    values = req("values")
    if not isinstance(values, dict):
        raise GoldError(f"{where}: 'values' must be an object")
    for cid, value in values.items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise GoldError(f"{where}: values[{cid!r}] must be a number or null, not {value!r}")
    agreements = {k: bool(v.get("agrees")) for k, v in (data.get("text_vs_table") or {}).items()
                  if isinstance(v, dict) and "agrees" in v}
    planted: dict[str, Number] = {}
    for p in data.get("planted") or []:
        if not (isinstance(p, dict) and "cell" in p and isinstance(p.get("true"), int | float)):
            raise GoldError(f"{where}: each 'planted' entry needs 'cell' and a numeric 'true'")
        planted[str(p["cell"])] = p["true"]
    variant = data.get("variant")
    carrier = str(variant["carrier"]) if isinstance(variant, dict) and "carrier" in variant else None
    return Gold(id=gold_id, document=str(req("document")), template=str(req("template")), values=dict(values),
                not_printed=frozenset(data.get("not_printed") or ()), text_vs_table=agreements,
                planted=planted, carrier=carrier)


def read_gold_dir(folder: Path) -> list[Gold]:
    golds = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise GoldError(f"{path}: cannot read: {exc}") from exc
        if not isinstance(data, dict):
            raise GoldError(f"{path}: not a JSON object")
        golds.append(parse_gold(data, str(path), path.stem))
    return golds
