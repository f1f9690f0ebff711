"""Every gold value of the corpus documents the foundation reads (s000 text, r004 HTML)."""

from __future__ import annotations

import pytest

from extractor.pipeline import extract_bytes
from tests.conftest import corpus_doc, corpus_gold, wrong_cells


@pytest.mark.parametrize("doc_id", ["s000", "r004"])
def test_every_gold_value(doc_id: str) -> None:
    gold = corpus_gold(doc_id)
    path = corpus_doc(gold["document"])
    record = extract_bytes(path.read_bytes(), path.name).to_dict()
    assert wrong_cells(record, gold["values"]) == {}
    assert len(gold["values"]) == {"s000": 200, "r004": 198}[doc_id]
    assert record["template"] == gold["template"]
    assert record["agency"] == gold["agency"]
    assert record["year"] == gold["year"]
    assert record["status"] == "ok"


def test_r004_reports_exactly_the_document_inconsistencies() -> None:
    gold = corpus_gold("r004")
    path = corpus_doc("r004.html")
    record = extract_bytes(path.read_bytes(), path.name).to_dict()
    fails = {(c["id"], c["scope"]): (c["lhs"], c["rhs"]) for c in record["checks"] if c["status"] == "fail"}
    assert len(fails) == len(gold["source_inconsistencies"]) == 12
    assert fails[("R2", "t3.*.total")] == (805, 0)
    assert fails[("R3", "t3.granted")] == (0, 272)
    assert fails[("R3", "t3.unable.not_held")] == (0, 265)
    # R1 holds in every column, R2 in every column but 总计.
    assert all(c["status"] == "pass" for c in record["checks"] if c["id"] == "R1")
    assert record["cells"]["t2.procurement.amount"]["value"] == pytest.approx(25.1)
    assert record["cells"]["t2.procurement.amount"]["raw"] == "251000元"
    assert record["cells"]["t3.granted.total"]["state"] == "blank"


def test_s000_all_sums_hold() -> None:
    path = corpus_doc("s000.txt")
    record = extract_bytes(path.read_bytes(), path.name).to_dict()
    statuses = {c["status"] for c in record["checks"]}
    assert statuses == {"pass"}
    # regression: 表二 header rows with empty colspan fillers were once taken as unknown data rows
    assert [i["code"] for i in record["issues"]] == []
    assert record["cells"]["t3.other.total"]["state"] == "derived"
    assert record["cells"]["t3.other.total"]["value"] == 0


def test_derived_total_takes_the_confidence_of_its_items() -> None:
    path = corpus_doc("s000.txt")
    record = extract_bytes(path.read_bytes(), path.name).to_dict()
    derived = record["cells"]["t3.other.total"]
    assert derived["provenance"]["derived_from"] == [
        "t3.other.overdue_correction.total", "t3.other.unpaid_fee.total", "t3.other.other.total"]
    assert derived["confidence"] == min(record["cells"][c]["confidence"] for c in derived["provenance"]["derived_from"])
    assert derived["confidence"] > 0.9
