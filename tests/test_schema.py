"""Every record the extractor writes validates against extractor/record.schema.json."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from extractor.pipeline import extract_bytes
from tests.conftest import CORPUS, SAMPLES

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "extractor" / "record.schema.json").read_text())
INPUTS = sorted([*SAMPLES.glob("s0*.txt"), *SAMPLES.glob("s0*.html"), *SAMPLES.glob("pdf/*.pdf"),
                 *SAMPLES.glob("runtogether/*.txt"), *(CORPUS / "docs").glob("*")])


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_record_validates(path: Path) -> None:
    record = extract_bytes(path.read_bytes(), path.name).to_dict()
    jsonschema.validate(record, SCHEMA)
    assert record["status"] in ("ok", "partial")
