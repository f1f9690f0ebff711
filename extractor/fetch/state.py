"""Crawl state in SQLite (WAL): the frontier, every URL seen and how it ended, robots.txt.

A URL's end and the URLs it revealed are written in one transaction, so a process killed
at any moment resumes with nothing lost and nothing done twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS urls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT UNIQUE NOT NULL,
    host TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    reason TEXT, detail TEXT, referrer TEXT, link_text TEXT,
    agency TEXT, level TEXT, region TEXT, year INTEGER, year_source TEXT,
    sha256 TEXT, final_url TEXT, http_status INTEGER, bytes INTEGER, updated_at TEXT
);
CREATE INDEX IF NOT EXISTS urls_pending ON urls (status, host, id);
CREATE TABLE IF NOT EXISTS robots (origin TEXT PRIMARY KEY, status INTEGER, body TEXT NOT NULL,
                                   fetched_at TEXT NOT NULL);
"""


@dataclass(frozen=True)
class UrlRecord:
    url: str
    host: str
    kind: str
    status: str = "pending"  # pending | done | failed | refused
    reason: str | None = None
    detail: str | None = None
    referrer: str | None = None
    link_text: str | None = None
    agency: str | None = None
    level: str | None = None
    region: str | None = None
    year: int | None = None
    year_source: str | None = None
    sha256: str | None = None
    final_url: str | None = None
    http_status: int | None = None
    bytes: int | None = None


_COLUMNS = tuple(UrlRecord.__dataclass_fields__)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


class CrawlState:
    """The SQLite file of one store. One connection, serialised by a lock."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return str(row[0]) if row else None

    def begin_run(self, seeds: Iterable[UrlRecord]) -> tuple[str, bool]:
        """Resume the unfinished run, or start a new one. Returns (run_id, resumed)."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            run_id = self._meta("run_id")
            resumed = run_id is not None and self._meta("finished_at") is None
            if not resumed:
                run_id = uuid.uuid4().hex
                self._db.execute("DELETE FROM urls")
                self._db.execute("DELETE FROM robots")
                self._db.execute("DELETE FROM meta")
                self._db.executemany("INSERT INTO meta VALUES (?, ?)",
                                     [("run_id", run_id), ("started_at", _now())])
            self._insert(seeds)
            self._db.execute("COMMIT")
            assert run_id is not None
            return run_id, resumed

    def finish_run(self, note: str = "") -> None:
        with self._lock:
            self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                                 [("finished_at", _now()), ("note", note)])

    def _insert(self, records: Iterable[UrlRecord]) -> None:
        columns = ", ".join(_COLUMNS)
        marks = ", ".join("?" for _ in _COLUMNS)
        self._db.executemany(
            f"INSERT OR IGNORE INTO urls ({columns}, updated_at) VALUES ({marks}, ?)",
            [tuple(getattr(r, c) for c in _COLUMNS) + (_now(),) for r in records],
        )

    def pending_hosts(self) -> list[str]:
        with self._lock:
            rows = self._db.execute("SELECT DISTINCT host FROM urls WHERE status='pending' ORDER BY host")
            return [str(r[0]) for r in rows]

    def next_pending(self, host: str) -> UrlRecord | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {', '.join(_COLUMNS)} FROM urls WHERE status='pending' AND host=? ORDER BY id LIMIT 1",
                (host,)).fetchone()
        return UrlRecord(*row) if row else None

    def complete(self, record: UrlRecord, discovered: Iterable[UrlRecord] = ()) -> None:
        """Record how ``record`` ended and add what it revealed, atomically."""
        assignments = ", ".join(f"{c}=?" for c in _COLUMNS if c != "url")
        values = tuple(getattr(record, c) for c in _COLUMNS if c != "url")
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(f"UPDATE urls SET {assignments}, updated_at=? WHERE url=?",
                                 values + (_now(), record.url))
                self._insert(discovered)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def has_list_content(self, sha256: str, url: str) -> bool:
        """Was another list page of this run identical (an endless ?page= loop)?"""
        with self._lock:
            row = self._db.execute("SELECT 1 FROM urls WHERE sha256=? AND kind='list' AND url<>? LIMIT 1",
                                   (sha256, url)).fetchone()
        return row is not None

    def count_lists(self, host: str) -> int:
        with self._lock:
            row = self._db.execute("SELECT COUNT(*) FROM urls WHERE host=? AND kind='list'", (host,)).fetchone()
        return int(row[0])

    def count_fetched(self) -> int:
        with self._lock:
            row = self._db.execute("SELECT COUNT(*) FROM urls WHERE status<>'pending'").fetchone()
        return int(row[0])

    def summary(self) -> tuple[dict[str, int], int, dict[str, int], int]:
        """(done per kind, bytes done, URLs per other status, hosts)."""
        with self._lock:
            done = {str(k): int(n) for k, n in self._db.execute(
                "SELECT kind, COUNT(*) FROM urls WHERE status='done' GROUP BY kind")}
            size = int(self._db.execute("SELECT COALESCE(SUM(bytes), 0) FROM urls WHERE status='done'")
                       .fetchone()[0])
            other = {str(k): int(n) for k, n in self._db.execute(
                "SELECT status, COUNT(*) FROM urls WHERE status<>'done' GROUP BY status")}
            hosts = int(self._db.execute(
                "SELECT COUNT(DISTINCT host) FROM urls WHERE reason IS NOT 'out_of_scope'").fetchone()[0])
        return done, size, other, hosts

    def records(self, status: str | None = None) -> list[UrlRecord]:
        query = f"SELECT {', '.join(_COLUMNS)} FROM urls"
        args: tuple[str, ...] = ()
        if status:
            query += " WHERE status=?"
            args = (status,)
        with self._lock:
            return [UrlRecord(*row) for row in self._db.execute(query + " ORDER BY url", args)]

    def load_robots(self, origin: str) -> tuple[int | None, str] | None:
        with self._lock:
            row = self._db.execute("SELECT status, body FROM robots WHERE origin=?", (origin,)).fetchone()
        return (row[0], str(row[1])) if row else None

    def save_robots(self, origin: str, status: int | None, body: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO robots VALUES (?, ?, ?, ?)", (origin, status, body, _now()))

