"""The project's own samples: every value equal to the expected answer written beside it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.pipeline import extract_bytes
from tests.conftest import SAMPLES, wrong_cells

SAMPLE_FILES = sorted(p for p in SAMPLES.glob("s0*.*") if not p.name.endswith(".json") and p.stem != "s000")


def test_samples_exist() -> None:
    assert {p.name for p in SAMPLE_FILES} >= {"s001.html", "s002.txt", "s003.html"}


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample_values(path: Path) -> None:
    expected_path = path.with_name(path.stem + ".expected.json")
    assert expected_path.exists(), f"{expected_path} is missing: a sample without its answer cannot be checked"
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    record = extract_bytes(path.read_bytes(), path.name).to_dict()
    assert record["template"] == expected["template"]
    assert record["agency"] == expected["agency"]
    assert record["year"] == expected["year"]
    assert wrong_cells(record, expected["values"]) == {}
    assert all(c["status"] == "pass" for c in record["checks"])
    assert record["status"] == "ok"
    assert [i for i in record["issues"] if i["code"] == "EXTRA_ROW"] == []


def test_s001_gbk_sample_details() -> None:
    record = extract_bytes((SAMPLES / "s001.html").read_bytes(), "s001.html").to_dict()
    assert record["cells"]["t2.admin_fees.amount"]["raw"] == "12.5万元"
    assert record["cells"]["t2.coercion.decisions"]["state"] == "na"
    assert record["cells"]["t3.other.total"]["state"] == "derived"
    assert record["cells"]["t3.withheld.state_secret.natural_person"]["raw"] == "1"
    # the traditional-character label still matched, fully
    assert "row label 1.00" in record["cells"]["t3.withheld.state_secret.natural_person"]["reasons"]
