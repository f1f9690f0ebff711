"""The run folder's memory: one result file per document content, and a SQLite index of inputs.

A result is written atomically (temp file + ``os.replace``) as ``records/<ab>/<sha256>.json``
before its input is marked done in ``state.sqlite``; a run killed between the two finds the
result file on resume and only records the input. So a resumed run loses no report and
extracts none twice: the content hash is the identity.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor.batch.inputs import InputItem
from extractor.writers import atomic_write

SCHEMA = """
CREATE TABLE IF NOT EXISTS inputs (
  key TEXT PRIMARY KEY, name TEXT NOT NULL, path TEXT, url TEXT, agency TEXT, year INTEGER,
  sha256 TEXT NOT NULL, status TEXT NOT NULL, seconds REAL, peak_rss_mb REAL, done_at REAL
);
CREATE INDEX IF NOT EXISTS inputs_sha ON inputs(sha256);
"""


def write_atomic(path: Path, data: bytes) -> None:
    """Per-document results: atomic against a killed process (no fsync in the hot loop)."""
    atomic_write(path, data, durable=False)


@dataclass(frozen=True)
class DoneInput:
    item: InputItem
    status: str
    seconds: float | None
    peak_rss_mb: float | None


class ResultStore:
    """Result files under ``<run>/records``."""

    def __init__(self, run_dir: Path) -> None:
        self.root = Path(run_dir) / "records"

    def path(self, sha: str) -> Path:
        return self.root / sha[:2] / f"{sha}.json"

    def exists(self, sha: str) -> bool:
        return self.path(sha).is_file()

    def write(self, sha: str, payload: dict[str, Any]) -> None:
        write_atomic(self.path(sha), json.dumps(payload, ensure_ascii=False).encode("utf-8"))

    def read(self, sha: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.path(sha).read_text(encoding="utf-8"))
        return data


class RunState:
    """``<run>/state.sqlite``: which inputs are done, under which content hash."""

    def __init__(self, run_dir: Path) -> None:
        Path(run_dir).mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(Path(run_dir) / "state.sqlite", isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        self._db.close()

    def done_keys(self, retry_failed: bool = False) -> dict[str, str]:
        """key → sha256 of every input already done (failed ones left out with ``retry_failed``)."""
        sql = "SELECT key, sha256 FROM inputs" + (" WHERE status != 'failed'" if retry_failed else "")
        return {k: s for k, s in self._db.execute(sql)}

    def mark_done(self, item: InputItem, sha: str, status: str, seconds: float | None = None,
                  peak_rss_mb: float | None = None, done_at: float | None = None) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO inputs VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (item.key, item.name, item.path, item.url, item.agency, item.year, sha, status, seconds, peak_rss_mb,
             done_at))

    def forget(self, key: str) -> None:
        self._db.execute("DELETE FROM inputs WHERE key = ?", (key,))

    def inputs(self) -> Iterator[DoneInput]:
        for row in self._db.execute("SELECT key, name, path, url, agency, year, sha256, status, seconds, peak_rss_mb "
                                    "FROM inputs ORDER BY sha256, name, key"):
            item = InputItem(row[0], row[1], row[2], row[3], row[4], row[5], row[6])
            yield DoneInput(item, row[7], row[8], row[9])
