"""The run's result files as dataset tables (pandas DataFrames with typed columns).

``reports`` one row per distinct document (content sha256), ``cells`` one row per report × cell,
``wide`` one row per report × one column per codebook id, ``checks`` and ``issues`` one row
each, ``codebook`` one row per cell id and template. Every table carries ``report_id`` (the
sha256) so they join; rows are sorted, so the same run gives the same files.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from extractor.batch.state import DoneInput, ResultStore, RunState
from extractor.layouts import Layout

REPORT_COLUMNS = {
    "report_id": "string", "source": "string", "also_named": "string", "path": "string", "url": "string",
    "agency": "string", "year": "Int64", "agency_extracted": "string", "year_extracted": "Int64",
    "title": "string", "template": "string", "media_type": "string", "status": "string", "confidence": "float64",
    "checks_passed": "Int64", "checks_failed": "Int64", "checks_skipped": "Int64", "cells_found": "Int64",
    "issues": "Int64", "failure_code": "string", "failure_reason": "string", "seconds": "float64",
    "peak_rss_mb": "float64", "extractor_version": "string",
}
CELL_COLUMNS = {
    "report_id": "string", "source": "string", "agency": "string", "year": "Int64", "template": "string",
    "cell_id": "string", "value": "float64", "state": "string", "raw": "string", "unit": "string",
    "confidence": "float64", "provenance": "string", "reasons": "string",
}
CHECK_COLUMNS = {
    "report_id": "string", "source": "string", "agency": "string", "year": "Int64", "check_id": "string",
    "scope": "string", "axis": "string", "status": "string", "lhs": "float64", "rhs": "float64", "cells": "string",
    "detail": "string",
}
ISSUE_COLUMNS = {
    "report_id": "string", "source": "string", "agency": "string", "year": "Int64", "code": "string",
    "severity": "string", "message": "string",
}
CODEBOOK_COLUMNS = {"template": "string", "id": "string", "table": "string", "zh": "string", "en": "string",
                    "unit": "string"}
WIDE_KEYS = ("report_id", "source", "agency", "year", "template", "status", "confidence")


@dataclass(frozen=True)
class Dataset:
    reports: pd.DataFrame
    cells: pd.DataFrame
    wide: pd.DataFrame
    checks: pd.DataFrame
    issues: pd.DataFrame
    codebook: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"reports": self.reports, "cells": self.cells, "wide": self.wide, "checks": self.checks,
                "issues": self.issues, "codebook": self.codebook}


def frame(rows: list[dict[str, Any]], columns: dict[str, str]) -> pd.DataFrame:
    """A DataFrame with exactly ``columns``, each cast to its dtype (even when there are no rows)."""
    data = pd.DataFrame(rows, columns=list(columns))
    for name, dtype in columns.items():
        if dtype == "Int64":
            data[name] = pd.to_numeric(data[name], errors="coerce").astype("Int64")
        elif dtype == "float64":
            data[name] = pd.to_numeric(data[name], errors="coerce").astype("float64")
        else:
            data[name] = data[name].astype("string")
    return data


def codebook_rows(layouts: tuple[Layout, ...]) -> list[dict[str, Any]]:
    """Every cell id of every template, with Chinese and English labels, from the layouts."""
    rows = []
    for layout in layouts:
        for block in layout.blocks:
            for row in block.rows:
                for column in block.columns:
                    path = [p for p in (block.caption, row.parent, row.label, column.label) if p]
                    rows.append({"template": layout.template, "id": block.cell_id(row.id, column.id),
                                 "table": block.table, "zh": "/".join(path),
                                 "en": f"{row.en}: {column.en}" if row.en and column.en else row.en or column.en,
                                 "unit": column.unit if column.unit != "件" else row.unit})
    return rows


def wide_ids(layouts: tuple[Layout, ...]) -> list[str]:
    """Codebook ids as wide columns: the newest template's order first, then ids only older ones have."""
    seen: dict[str, None] = {}
    for layout in layouts:
        for cid in layout.cell_ids():
            seen.setdefault(cid, None)
    return list(seen)


def _report_row(sha: str, inputs: list[DoneInput], payload: dict[str, Any]) -> dict[str, Any]:
    record = payload["record"]
    first = inputs[0].item
    checks = record.get("checks", [])
    failure = record["issues"][0] if record["status"] == "failed" and record.get("issues") else None
    agency = next((d.item.agency for d in inputs if d.item.agency), None) or record.get("agency")
    year = next((d.item.year for d in inputs if d.item.year), None) or record.get("year")
    return {
        "report_id": sha, "source": first.name, "also_named": "; ".join(d.item.name for d in inputs[1:]) or None,
        "path": first.path, "url": first.url or record["source"].get("url"), "agency": agency, "year": year,
        "agency_extracted": record.get("agency"), "year_extracted": record.get("year"), "title": record.get("title"),
        "template": record.get("template"), "media_type": record["source"].get("media_type"),
        "status": record["status"], "confidence": record.get("confidence"),
        "checks_passed": sum(c["status"] == "pass" for c in checks),
        "checks_failed": sum(c["status"] == "fail" for c in checks),
        "checks_skipped": sum(c["status"] == "skip" for c in checks),
        "cells_found": sum(c["state"] not in ("missing",) for c in record.get("cells", {}).values()),
        "issues": len(record.get("issues", [])),
        "failure_code": failure["code"] if failure else None, "failure_reason": failure["message"] if failure else None,
        "seconds": payload.get("seconds"), "peak_rss_mb": payload.get("peak_rss_mb"),
        "extractor_version": record.get("extractor_version"),
    }


def build_dataset(run_dir: Path, layouts: tuple[Layout, ...]) -> Dataset:
    """Read every result of the run folder into the dataset tables."""
    state = RunState(run_dir)
    try:
        by_sha: dict[str, list[DoneInput]] = defaultdict(list)
        for done in state.inputs():
            by_sha[done.item.sha256 or ""].append(done)
    finally:
        state.close()
    results = ResultStore(run_dir)
    ids = wide_ids(layouts)
    reports, cells, wide, checks, issues = [], [], [], [], []
    for sha in sorted(by_sha):
        payload = results.read(sha)
        record = payload["record"]
        row = _report_row(sha, sorted(by_sha[sha], key=lambda d: (d.item.name, d.item.key)), payload)
        reports.append(row)
        base = {"report_id": sha, "source": row["source"], "agency": row["agency"], "year": row["year"]}
        wide_row: dict[str, Any] = {k: row[k] for k in WIDE_KEYS}
        for cid, cell in record.get("cells", {}).items():
            cells.append({**base, "template": row["template"], "cell_id": cid, "value": cell["value"],
                          "state": cell["state"], "raw": cell["raw"], "unit": cell["unit"],
                          "confidence": cell["confidence"],
                          "provenance": json.dumps(cell["provenance"], ensure_ascii=False, sort_keys=True),
                          "reasons": "; ".join(cell["reasons"])})
            wide_row[cid] = cell["value"]
        wide.append(wide_row)
        for check in record.get("checks", []):
            checks.append({**base, "check_id": check["id"], "scope": check["scope"], "axis": check["axis"],
                           "status": check["status"], "lhs": check["lhs"], "rhs": check["rhs"],
                           "cells": ",".join(check["cells"]), "detail": check["detail"]})
        for issue in record.get("issues", []):
            issues.append({**base, **issue})
    wide_columns = {**{k: REPORT_COLUMNS[k] for k in WIDE_KEYS}, **{cid: "float64" for cid in ids}}
    return Dataset(frame(reports, REPORT_COLUMNS), frame(cells, CELL_COLUMNS), frame(wide, wide_columns),
                   frame(checks, CHECK_COLUMNS), frame(issues, ISSUE_COLUMNS),
                   frame(codebook_rows(layouts), CODEBOOK_COLUMNS))
