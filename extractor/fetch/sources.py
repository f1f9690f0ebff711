"""Read a sources file (CSV or TOML) of agencies and their start URLs.

CSV: a header row with ``agency``, ``level``, ``region`` and ``urls`` (several URLs
separated by whitespace, ``;`` or ``|``); ``name``/``url`` are accepted as aliases.
TOML: ``[[agency]]`` tables with ``name``, ``level``, ``region`` and ``urls`` (a list).
"""

from __future__ import annotations

import csv
import re
import tomllib
from pathlib import Path

from extractor.errors import FetchError
from extractor.fetch.settings import Seed

_SEPARATORS = re.compile(r"[\s;|]+")


def read_sources(path: Path) -> list[Seed]:
    """The seeds of ``path``. Raises :class:`FetchError` naming the file and row or key."""
    if path.suffix.lower() == ".toml":
        return _read_toml(path)
    return _read_csv(path)


def _read_csv(path: Path) -> list[Seed]:
    seeds: list[Seed] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = {f.strip().lower() for f in reader.fieldnames or []}
        if not fields & {"urls", "url"}:
            raise FetchError(f"{path}: needs a 'urls' column, found {sorted(fields)}")
        for line, row in enumerate(reader, start=2):
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
            urls = [u for u in _SEPARATORS.split(row.get("urls") or row.get("url") or "") if u]
            if not urls:
                raise FetchError(f"{path}:{line}: no start URL")
            agency = row.get("agency") or row.get("name") or None
            seeds += [Seed(u, agency, row.get("level") or None, row.get("region") or None) for u in urls]
    return seeds


def _read_toml(path: Path) -> list[Seed]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise FetchError(f"{path}: {exc}") from exc
    agencies = data.get("agency")
    if not isinstance(agencies, list):
        raise FetchError(f"{path}: expected [[agency]] tables")
    seeds: list[Seed] = []
    for i, agency in enumerate(agencies):
        urls = agency.get("urls") if isinstance(agency, dict) else None
        if isinstance(urls, str):
            urls = [urls]
        if not isinstance(urls, list) or not urls or not all(isinstance(u, str) for u in urls):
            raise FetchError(f"{path}: agency[{i}].urls must be a non-empty list of URLs")

        def text(key: str, entry: dict[str, object] = agency) -> str | None:
            value = entry.get(key)
            return str(value) if value is not None else None

        seeds += [Seed(u, text("name"), text("level"), text("region")) for u in urls]
    return seeds
