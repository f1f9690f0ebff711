"""A content-addressed store: ``objects/ab/<sha256>.<ext>`` plus ``<sha256>.json`` provenance.

The same bytes under two URLs are stored once; the sidecar lists every URL (a
:class:`Source` each). All writes go to ``tmp/`` and are moved in place with ``os.replace``,
so a killed process leaves either the old file or the new one, never half of one (no fsync:
safe against a process dying, not against the machine losing power).

Other code reads a store with :func:`iter_store`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from extractor.writers import atomic_write

logger = logging.getLogger(__name__)

KIND_ORDER = ("report", "attachment", "list")


@dataclass(frozen=True)
class Source:
    """Where and how one URL's bytes were fetched, and what we inferred about them."""

    url: str
    final_url: str
    status: int
    fetched_at: str
    kind: str
    run_id: str
    headers: tuple[tuple[str, str], ...] = ()
    redirects: tuple[str, ...] = ()
    referrer: str | None = None
    link_text: str | None = None
    filename: str | None = None
    agency: str | None = None
    level: str | None = None
    region: str | None = None
    year: int | None = None
    year_source: str | None = None

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Source:
        fields = dict(data)
        fields["headers"] = tuple((str(k), str(v)) for k, v in fields.get("headers", []))  # type: ignore[attr-defined]
        fields["redirects"] = tuple(str(u) for u in fields.get("redirects", []))  # type: ignore[attr-defined]
        return cls(**fields)  # type: ignore[arg-type]

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


@dataclass(frozen=True)
class StoredObject:
    sha256: str
    size: int
    media_type: str
    extension: str
    sources: tuple[Source, ...]

    @property
    def primary(self) -> Source:
        return min(self.sources, key=lambda s: (KIND_ORDER.index(s.kind) if s.kind in KIND_ORDER else 9, s.url))


@dataclass(frozen=True)
class StoredItem:
    """One stored document as the extractor sees it."""

    path: Path
    sha256: str
    url: str
    urls: tuple[str, ...]
    agency: str | None
    year: int | None
    media_type: str
    kind: str
    source: Source


def sha256_hex(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


class ObjectStore:
    """The files of one store folder. Thread-safe within one process."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.objects = self.root / "objects"
        self.tmp = self.root / "tmp"
        self._lock = threading.Lock()

    def open(self) -> None:
        self.objects.mkdir(parents=True, exist_ok=True)
        self.tmp.mkdir(parents=True, exist_ok=True)
        for leftover in self.tmp.iterdir():  # temp files of a killed run
            leftover.unlink(missing_ok=True)

    def _dir(self, sha: str) -> Path:
        return self.objects / sha[:2]

    def _sidecar(self, sha: str) -> Path:
        return self._dir(sha) / f"{sha}.json"

    def path_of(self, sha: str) -> Path | None:
        for candidate in sorted(self._dir(sha).glob(f"{sha}.*")):
            if candidate.suffix != ".json":
                return candidate
        return None

    def _write_atomic(self, path: Path, data: bytes) -> None:
        atomic_write(path, data, tmp_dir=self.tmp, durable=False)  # tmp/ is swept on open()

    def get(self, sha: str) -> StoredObject | None:
        try:
            data = json.loads(self._sidecar(sha).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        return StoredObject(data["sha256"], data["size"], data["media_type"], data["extension"],
                            tuple(Source.from_json(s) for s in data["sources"]))

    def read_bytes(self, sha: str) -> bytes | None:
        path = self.path_of(sha)
        return path.read_bytes() if path else None

    def put(self, body: bytes, media_type: str, extension: str, source: Source) -> StoredObject:
        """Store ``body`` (once) and record ``source`` (replacing an older record of its URL)."""
        sha = sha256_hex(body)
        with self._lock:
            if self.path_of(sha) is None:
                self._write_atomic(self._dir(sha) / f"{sha}.{extension or 'bin'}", body)
            return self._add_source(sha, len(body), media_type, extension, source)

    def add_source(self, sha: str, source: Source) -> StoredObject | None:
        """Record another fetch of stored bytes (a 304, or the same bytes under a new URL)."""
        with self._lock:
            existing = self.get(sha)
            if existing is None:
                return None
            return self._add_source(sha, existing.size, existing.media_type, existing.extension, source)

    def _add_source(self, sha: str, size: int, media_type: str, extension: str, source: Source) -> StoredObject:
        existing = self.get(sha)
        sources = [s for s in (existing.sources if existing else ()) if s.url != source.url]
        sources.append(source)
        stored = StoredObject(sha, size, existing.media_type if existing else media_type,
                              existing.extension if existing else extension,
                              tuple(sorted(sources, key=lambda s: s.url)))
        self._write_atomic(self._sidecar(sha), _dump(stored))
        return stored

    def iter_objects(self) -> Iterator[StoredObject]:
        if not self.objects.is_dir():
            return
        for sidecar in sorted(self.objects.glob("*/*.json")):
            stored = self.get(sidecar.stem)
            if stored is not None:
                yield stored

    def url_index(self) -> dict[str, tuple[str, Source]]:
        """URL → (sha256, its latest Source), over the whole store."""
        index: dict[str, tuple[str, Source]] = {}
        for stored in self.iter_objects():
            for source in stored.sources:
                if source.url not in index or index[source.url][1].fetched_at < source.fetched_at:
                    index[source.url] = (stored.sha256, source)
        return index


def _dump(stored: StoredObject) -> bytes:
    data = asdict(stored)
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def iter_store(store_dir: Path | str, kinds: Iterable[str] = ("report", "attachment")) -> Iterator[StoredItem]:
    """Every stored object fetched as one of ``kinds``, in sha256 order.

    ``url``, ``agency`` and ``year`` come from the object's primary source (a report before an
    attachment before a list page, then the smallest URL); ``urls`` lists every URL it had.
    """
    wanted = set(kinds)
    store = ObjectStore(Path(store_dir))
    for stored in store.iter_objects():
        matching = [s for s in stored.sources if s.kind in wanted]
        path = store.path_of(stored.sha256)
        if not matching or path is None:
            continue
        primary = replace(stored, sources=tuple(matching)).primary
        year = primary.year if primary.year is not None else next(
            (s.year for s in matching if s.year is not None), None)
        yield StoredItem(path, stored.sha256, primary.url, tuple(s.url for s in stored.sources),
                         primary.agency, year, stored.media_type, primary.kind, primary)
