"""The words printed around the synthetic tables, read once from ``phrases.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Phrases:
    places: tuple[str, ...]
    bodies: tuple[str, ...]
    title: str
    intro: str
    sections: tuple[str, ...]
    overview: str
    received: str
    problems: str
    other_matters: str
    filler: str
    site_nav: tuple[str, ...]
    site_footer: str
    info_header: str
    t3_footnote: str
    applicant: str
    legal_person: str
    results_parent: str
    t4_review: str
    t4_suit: str


@lru_cache(maxsize=1)
def load_phrases() -> Phrases:
    path = Path(__file__).with_name("phrases.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    missing = [k for k in Phrases.__dataclass_fields__ if k not in data]
    if missing:
        raise ValueError(f"{path}: missing keys {missing}")
    lists = {k: tuple(str(x) for x in data[k]) for k in ("places", "bodies", "sections", "site_nav")}
    texts = {k: str(data[k]) for k in Phrases.__dataclass_fields__ if k not in lists}
    return Phrases(**lists, **texts)  # type: ignore[arg-type]
