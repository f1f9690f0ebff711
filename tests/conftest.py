"""Shared fixtures: the corpus beside the checkout (../shared/corpus), skipped when absent."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLES = ROOT / "samples"


def corpus_doc(name: str) -> Path:
    path = CORPUS / "docs" / name
    if not path.exists():
        pytest.skip(f"corpus document {path} is absent (the corpus lives in ../shared/corpus beside the checkout)")
    return path


def corpus_gold(doc_id: str) -> dict[str, Any]:
    path = CORPUS / "gold" / f"{doc_id}.json"
    if not path.exists():
        pytest.skip(f"corpus gold {path} is absent (the corpus lives in ../shared/corpus beside the checkout)")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def wrong_cells(record: dict[str, Any], expected: dict[str, float | int | None]) -> dict[str, tuple[object, ...]]:
    """Cells of a record that differ from expected values (gold format: None = printed blank or a
    dash, so the cell must be ``blank``/``na``; a number must come with state ``number``)."""
    wrong: dict[str, tuple[object, ...]] = {}
    for cid, value in expected.items():
        cell = record["cells"].get(cid, {"state": "absent", "value": None, "raw": None})
        if value is None:
            ok = cell["state"] in ("blank", "na")
        else:
            got = cell["value"]
            ok = cell["state"] == "number" and isinstance(got, int | float) and abs(got - value) < 1e-9
        if not ok:
            wrong[cid] = (value, cell["state"], cell["value"], cell["raw"])
    return wrong


def read_by_ocr(cell: dict[str, Any]) -> bool:
    """Whether a record cell says it was read by OCR: ``read by OCR 0.87`` with the recogniser's
    score (``provenance.ocr_score``) for a number, plain ``read by OCR`` for a dash or blank."""
    score = cell["provenance"].get("ocr_score")
    if cell["state"] == "number" and score is None:
        return False
    reason = f"read by OCR {score:.2f}" if cell["state"] == "number" else "read by OCR"
    return reason in cell["reasons"]


@pytest.fixture
def without_ocr_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the ``ocr`` extra were not installed (rapidocr not importable)."""
    from extractor.loaders import pdf_ocr

    real_find_spec = importlib.util.find_spec

    def find_spec(name: str, *args: Any, **kwargs: Any) -> Any:
        return None if name == "rapidocr" else real_find_spec(name, *args, **kwargs)

    monkeypatch.setattr(pdf_ocr.importlib.util, "find_spec", find_spec)
    assert not pdf_ocr.ocr_available()
