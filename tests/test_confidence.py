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


def test_a_passing_sum_confirms_a_blank_cells_zero_not_its_blankness() -> None:
    # A row whose label matched poorly (0.63: the empty fragment of a row cut by a page break,
    # found in a LibreOffice PDF) reads blank; the row sum passes trivially. The sum lifts a
    # number's doubt to a tenth, a blank's only to half: blank is not vouched for by arithmetic.
    from extractor.checks import CheckResult, CheckStatus
    from extractor.confidence import PASS_SHRINK, UNCHECKED_SHRINK, CellEvidence, score_cells

    check = CheckResult("R3", "t3.x", "row", CheckStatus.PASS, 0, 0, ("blank", "number"), "0 = 0")
    scored = score_cells({"blank": CellEvidence("blank", 0.63, 1.0, 1.0, counted_as_zero=True),
                          "number": CellEvidence("number", 0.63, 1.0, 1.0)}, [check])
    assert scored["blank"].confidence == round(1 - 0.37 * UNCHECKED_SHRINK, 4) < 0.9
    assert scored["number"].confidence == round(1 - 0.37 * PASS_SHRINK, 4) > 0.9
    assert "counted as 0 by the sums: they confirm the 0, not the blank" in scored["blank"].reasons
    perfect = score_cells({"b": CellEvidence("b", 1.0, 1.0, 1.0, counted_as_zero=True)},
                          [CheckResult("R3", "t3.y", "row", CheckStatus.PASS, 0, 0, ("b",), "")])
    assert perfect["b"].confidence == 1.0  # a cleanly read blank stays sure (r004's blanks)
