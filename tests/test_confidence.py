"""Confidence follows the document's arithmetic: r004 with one number changed."""

from __future__ import annotations

from extractor.pipeline import extract_bytes
from tests.conftest import corpus_doc


def test_changed_number_fails_its_sums_and_loses_confidence() -> None:
    data = corpus_doc("r004.html").read_bytes()
    original = b'<p align="center">821</p>'
    assert data.count(original) == 1
    record = extract_bytes(data.replace(original, b'<p align="center">822</p>'), "r004-changed.html").to_dict()
    baseline = extract_bytes(data, "r004.html").to_dict()
    cell = record["cells"]["t3.new.natural_person"]
    assert cell["value"] == 822
    assert cell["confidence"] < 0.5
    assert "every sum through this cell fails" in cell["reasons"]
    new_fails = {(c["id"], c["scope"]) for c in record["checks"] if c["status"] == "fail"} - {
        (c["id"], c["scope"]) for c in baseline["checks"] if c["status"] == "fail"}
    assert new_fails == {("R1", "t3.*.natural_person"), ("R3", "t3.new")}
    r1 = next(c for c in record["checks"] if c["id"] == "R1" and c["scope"] == "t3.*.natural_person")
    assert (r1["lhs"], r1["rhs"]) == (840, 839)
    # every cell of a sum that still passes stays above 0.9
    passing = {cid for c in record["checks"] if c["status"] == "pass" for cid in c["cells"]}
    assert passing
    assert min(record["cells"][cid]["confidence"] for cid in passing) > 0.9


def test_unchecked_table_two_is_below_checked_cells() -> None:
    record = extract_bytes(corpus_doc("s000.txt").read_bytes(), "s000.txt").to_dict()
    t2 = record["cells"]["t2.regulations.issued"]["confidence"]
    t3 = record["cells"]["t3.new.total"]["confidence"]
    assert 0.9 < t2 < t3
    assert "no sum checks this cell" in record["cells"]["t2.regulations.issued"]["reasons"]
