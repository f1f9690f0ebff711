"""Serialising records: JSON, JSON Lines and long CSV; every file written atomically."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from extractor.record import Record

CSV_COLUMNS = ("file", "sha256", "agency", "year", "template", "status", "cell_id", "value", "state", "raw",
               "unit", "confidence", "provenance", "reasons")


def atomic_write(path: Path, data: bytes, *, tmp_dir: Path | None = None, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    The temporary file goes beside the target, or into ``tmp_dir`` (same file system) where a
    caller sweeps leftovers of killed runs. ``durable`` fsyncs before the rename (survives a power
    loss, not only a killed process); many small files written in a hot loop may skip it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:32]}.", suffix=".tmp", dir=tmp_dir or path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def to_json(record: Record, pretty: bool = True) -> str:
    return json.dumps(record.to_dict(), ensure_ascii=False, indent=2 if pretty else None, sort_keys=False)


def csv_rows(record: Record) -> Iterable[dict[str, Any]]:
    data = record.to_dict()
    base = {"file": data["source"]["file"], "sha256": data["source"]["sha256"], "agency": data["agency"],
            "year": data["year"], "template": data["template"], "status": data["status"]}
    if not data["cells"]:
        yield {**base, "cell_id": "", "value": "", "state": "", "raw": "", "unit": "", "confidence": "",
               "provenance": "", "reasons": "; ".join(i["message"] for i in data["issues"])}
    for cid, cell in data["cells"].items():
        yield {**base, "cell_id": cid, "value": "" if cell["value"] is None else cell["value"],
               "state": cell["state"], "raw": cell["raw"] if cell["raw"] is not None else "",
               "unit": cell["unit"] or "", "confidence": cell["confidence"],
               "provenance": json.dumps(cell["provenance"], ensure_ascii=False, sort_keys=True),
               "reasons": "; ".join(cell["reasons"])}


def to_csv(records: Iterable[Record], bom: bool = False) -> str:
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerows(csv_rows(record))
    return buffer.getvalue()
