"""What a batch extracts: folders, globs, manifests (CSV) and crawl stores, as :class:`InputItem`."""

from __future__ import annotations

import csv
import glob
import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

SUFFIXES = frozenset({".html", ".htm", ".shtml", ".xhtml", ".txt", ".text", ".pdf", ".docx", ".doc", ".wps",
                      ".jsp", ".asp", ".aspx", ".php"})
MANIFEST_PATH_COLUMNS = ("path", "file")


@dataclass(frozen=True)
class InputItem:
    """One document to extract: a local file or a URL, with the metadata a manifest or store gave."""

    key: str  # "file:<absolute path>" or "url:<url>": identity across runs
    name: str
    path: str | None = None
    url: str | None = None
    agency: str | None = None
    year: int | None = None
    sha256: str | None = None  # known up front for files (hashed by the runner) and store objects

    def with_sha256(self, sha: str) -> InputItem:
        return InputItem(self.key, self.name, self.path, self.url, self.agency, self.year, sha)


@dataclass(frozen=True)
class ResolvedInputs:
    items: tuple[InputItem, ...]
    notes: tuple[str, ...]  # what was skipped and why (said to the user, kept in run.json)


def _file_item(path: Path, agency: str | None = None, year: int | None = None, url: str | None = None) -> InputItem:
    resolved = path.resolve()
    return InputItem(key=f"file:{resolved}", name=path.name, path=str(resolved), url=url, agency=agency, year=year)


def _year(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() else None


def read_manifest(path: Path) -> Iterator[InputItem]:
    """Rows of a CSV with a ``path`` (relative to the manifest) and/or ``url`` column, plus optional
    ``agency`` and ``year``."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        fields = set(reader.fieldnames or ())
        if not fields & {"path", "file", "url"}:
            raise ValueError(f"{path}: a manifest needs a 'path' or 'url' column (has: {', '.join(sorted(fields))})")
        for line, row in enumerate(reader, start=2):
            local = next((row[c] for c in MANIFEST_PATH_COLUMNS if row.get(c)), None)
            url = (row.get("url") or "").strip() or None
            agency = (row.get("agency") or "").strip() or None
            year = _year(row.get("year"))
            if local:
                file = Path(local) if Path(local).is_absolute() else path.parent / local
                yield _file_item(file, agency, year, url)
            elif url:
                name = url.rstrip("/").rsplit("/", 1)[-1] or f"url-{hashlib.sha256(url.encode()).hexdigest()[:12]}"
                yield InputItem(key=f"url:{url}", name=name, url=url, agency=agency, year=year)
            else:
                log.warning("%s:%d: row without path or url, skipped", path, line)


def read_store(store: Path) -> list[InputItem]:
    """Documents of a crawl store (``extract crawl --store``), with the URL, agency and year it recorded."""
    from extractor.fetch.store import iter_store

    return [InputItem(key=f"file:{Path(s.path).resolve()}", name=s.url.rstrip("/").rsplit("/", 1)[-1] or s.sha256,
                      path=str(Path(s.path).resolve()), url=s.url, agency=s.agency, year=s.year, sha256=s.sha256)
            for s in iter_store(store)]


def is_store(folder: Path) -> bool:
    return (folder / "objects").is_dir()


def _folder_files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix.lower() in SUFFIXES and not any(p.startswith(".") for p in path.parts):
            yield path


def resolve_inputs(specs: Iterable[str]) -> ResolvedInputs:
    """Expand every input spec; the same file named twice is kept once (first spec wins)."""
    items: dict[str, InputItem] = {}
    notes: list[str] = []

    def add(item: InputItem) -> None:
        items.setdefault(item.key, item)

    for spec in specs:
        path = Path(spec)
        if spec.startswith(("http://", "https://")):
            add(InputItem(key=f"url:{spec}", name=spec.rstrip("/").rsplit("/", 1)[-1] or spec, url=spec))
        elif path.is_dir() and is_store(path):
            for item in read_store(path):
                add(item)
        elif path.is_dir():
            for file in _folder_files(path):
                add(_file_item(file))
        elif path.is_file() and path.suffix.lower() == ".csv":
            for item in read_manifest(path):
                add(item)
        elif path.is_file():
            add(_file_item(path))
        else:
            matches = sorted(glob.glob(spec, recursive=True))
            if not matches:
                notes.append(f"{spec}: no such file, folder or matching glob; skipped")
            for match in matches:
                if Path(match).is_file():
                    add(_file_item(Path(match)))
    return ResolvedInputs(tuple(items.values()), tuple(notes))
