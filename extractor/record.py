"""The record for one report (../shared/spec/record.md) and its JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from extractor import __version__
from extractor.checks import CheckResult
from extractor.document import SourceInfo

SCHEMA_VERSION = "1"


class Status(StrEnum):
    OK = "ok"
    PARTIAL = "partial"
    FAILED = "failed"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Issue:
    code: str
    severity: Severity
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity.value, "message": self.message}


@dataclass(frozen=True)
class CellRecord:
    value: float | int | None
    state: str
    raw: str | None
    confidence: float
    reasons: tuple[str, ...]
    provenance: dict[str, Any]
    unit: str | None = None
    alternatives: tuple[str, ...] = ()  # other readings the document admits (run-together digits)

    def to_dict(self) -> dict[str, Any]:
        out = {"value": self.value, "state": self.state, "raw": self.raw, "unit": self.unit,
               "confidence": self.confidence, "reasons": list(self.reasons), "provenance": self.provenance}
        if self.alternatives:
            out["alternatives"] = list(self.alternatives)
        return out


@dataclass(frozen=True)
class TableSummary:
    id: str
    found: bool
    cells_found: int
    cells_expected: int
    confidence: float
    pages: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "found": self.found, "cells_found": self.cells_found,
                "cells_expected": self.cells_expected, "confidence": self.confidence, "pages": list(self.pages)}


@dataclass(frozen=True)
class Record:
    source: SourceInfo
    status: Status
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    template: str | None = None
    template_evidence: tuple[str, ...] = ()
    confidence: float = 0.0
    cells: dict[str, CellRecord] = field(default_factory=dict)
    checks: tuple[CheckResult, ...] = ()
    issues: tuple[Issue, ...] = ()
    tables: tuple[TableSummary, ...] = ()
    extra_rows: tuple[dict[str, Any], ...] = ()
    legacy: dict[str, Any] = field(default_factory=dict)
    metadata_evidence: tuple[str, ...] = ()
    text_facts: dict[str, Any] = field(default_factory=dict)  # figures the prose states (gold keys)
    text_facts_sources: dict[str, Any] = field(default_factory=dict)
    text_facts_cells: dict[str, Any] = field(default_factory=dict)
    text_vs_table: dict[str, Any] = field(default_factory=dict)  # R7: each figure against its cells

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "source": self.source.to_dict(),
            "title": self.title,
            "agency": self.agency,
            "year": self.year,
            "template": self.template,
            "template_evidence": list(self.template_evidence),
            "status": self.status.value,
            "confidence": self.confidence,
            "cells": {cid: self.cells[cid].to_dict() for cid in sorted(self.cells)},
            "checks": [
                {"id": c.id, "scope": c.scope, "axis": c.axis, "status": c.status.value, "lhs": c.lhs,
                 "rhs": c.rhs, "cells": list(c.cells), "detail": c.detail}
                for c in self.checks
            ],
            "issues": [i.to_dict() for i in self.issues],
            "tables": [t.to_dict() for t in self.tables],
            "extra_rows": list(self.extra_rows),
            "legacy": self.legacy,
            "text_facts": self.text_facts,
            "text_facts_sources": self.text_facts_sources,
            "text_facts_cells": self.text_facts_cells,
            "text_vs_table": self.text_vs_table,
            "metadata_evidence": list(self.metadata_evidence),
            "extractor_version": __version__,
        }


def failed_record(source: SourceInfo, code: str, message: str) -> Record:
    """A record for an input that could not be read or holds no report table."""
    return Record(source=source, status=Status.FAILED, issues=(Issue(code, Severity.ERROR, message),))
