"""Run-together table text: r008 and the project's ambiguous samples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extractor.pipeline import extract_bytes
from extractor.runtogether import RunTogetherSettings, Segment, enumerate_splits, solve_splits
from tests.conftest import SAMPLES, corpus_doc, corpus_gold

R3 = ("t3.new.total",), tuple(f"t3.new.{c}" for c in
                               ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org"))


def _record(path: Path) -> dict[str, Any]:
    return extract_bytes(path.read_bytes(), path.name).to_dict()


def test_splits_keep_every_digit_and_refuse_leading_zeros() -> None:
    seg = Segment("x", "1005", ("a", "b", "c"), (False, False, False))
    splits = {s.pieces for s in enumerate_splits(seg, RunTogetherSettings())}
    assert splits == {("10", "0", "5")}  # 1|0|05 and 1|00|5 have leading zeros
    assert all("".join(p) == "1005" for p in splits)


def test_row_sum_fixes_the_split() -> None:
    cells = (*R3[1], "t3.new.total")
    notes = solve_splits([Segment("new", "21710000218", cells, (False,) * 7)], [R3], [], RunTogetherSettings())
    assert [notes[c].raw for c in cells] == ["217", "1", "0", "0", "0", "0", "218"]
    assert all(n.cap is None and "fixed by the table's sums" in n.reason for n in notes.values())


def test_r008_every_gold_value_or_a_low_confidence_alternative() -> None:
    gold = corpus_gold("r008")
    record = _record(corpus_doc("r008.txt"))
    assert (record["template"], record["year"], record["agency"]) == ("2021", 2024, "平潭综合实验区管委会")
    assert len(gold["values"]) == 200
    wrong, open_cells = {}, {}
    for cid, value in gold["values"].items():
        cell = record["cells"][cid]
        if cell["value"] != value:
            wrong[cid] = (value, cell["value"], cell["confidence"])
        if cell.get("alternatives"):
            open_cells[cid] = cell
    # 行政规范性文件 6233440: the prose fixes 62; 33/440, 3/3440, 334/40, 3344/0 stay open.
    assert sorted(open_cells) == ["t2.normative_docs.in_force", "t2.normative_docs.repealed"]
    for cid, cell in open_cells.items():
        assert cell["confidence"] < 0.5
        assert str(gold["values"][cid]) in cell["alternatives"]
        assert "3440" in " ".join(cell["reasons"])
    assert all(cid in open_cells for cid in wrong)
    assert all(cell["confidence"] < 0.5 for cid, cell in record["cells"].items()
               if cid in gold["values"] and cell["value"] != gold["values"][cid])
    issued = record["cells"]["t2.normative_docs.issued"]
    assert issued["value"] == 62 and "prose" in " ".join(issued["reasons"])
    # the numbering digit of the next label is not part of the previous row ("…40000042.其他…")
    assert record["cells"]["t3.withheld.state_secret.total"]["value"] == 4
    assert record["cells"]["t3.new.natural_person"]["provenance"]["path"] == "runtogether"
    assert record["cells"]["t3.new.natural_person"]["provenance"]["line"] == 10
    assert {c["status"] for c in record["checks"]} == {"pass"}
    assert [i["code"] for i in record["issues"]] == ["SPLIT_AMBIGUOUS"]


def test_r008_table_cells_above_half_are_all_right() -> None:
    gold = corpus_gold("r008")
    record = _record(corpus_doc("r008.txt"))
    high = {cid: c for cid, c in record["cells"].items() if c["confidence"] >= 0.5 and cid in gold["values"]}
    assert len(high) == 198
    assert all(c["value"] == gold["values"][cid] for cid, c in high.items())


SAMPLE_FILES = sorted((SAMPLES / "runtogether").glob("ambiguous_*.txt"))


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=[p.stem for p in SAMPLE_FILES])
def test_sample_reports_the_ambiguity_instead_of_guessing(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    record = _record(path)
    assert (record["template"], record["agency"], record["year"]) == (
        expected["template"], expected["agency"], expected["year"])
    for cid, value in expected["values"].items():
        assert record["cells"][cid]["value"] == value, cid
        assert "alternatives" not in record["cells"][cid]
    assert expected["ambiguous"]
    for cid, want in expected["ambiguous"].items():
        cell = record["cells"][cid]
        assert cell["confidence"] < 0.5
        assert sorted(int(a) for a in cell["alternatives"]) == sorted(want["alternatives"])
    for fact, want in expected["text_vs_table"].items():
        got = record["text_vs_table"][fact]
        assert (got["text"], got["table"], got["agrees"]) == (want["text"], want["table"], want["agrees"])


def test_tables_found_by_the_loader_are_left_alone() -> None:
    record = _record(corpus_doc("s000.txt"))
    assert all(c["provenance"].get("path") == "table" for c in record["cells"].values()
               if c["state"] == "number")


def test_negative_change_in_a_2019_run_is_split_with_its_sign() -> None:
    """Regression: '其他对外管理服务事项0-1343' (本年增/减 = -13) was not read at all."""
    path = SAMPLES / "runtogether" / "synth_2019_negative.txt"
    expected = json.loads(path.with_name("synth_2019_negative.expected.json").read_text(encoding="utf-8"))
    record = _record(path)
    cell = record["cells"]["t2.other_services.items_change"]
    assert cell["state"] == "number" and cell["value"] < 0
    assert "-13" in cell["alternatives"] and cell["confidence"] < 0.5
    # table 二 has no sums: every cell is either right or flagged below 0.5; 三 and 四 are all right
    for cid, value in expected["values"].items():
        got = record["cells"][cid]
        if cid.startswith("t2.") and got["value"] != value:
            assert got["confidence"] < 0.5, cid
        elif not cid.startswith("t2."):
            assert got["value"] == value, cid


def test_enumerate_splits_allows_a_sign_only_where_the_column_does() -> None:
    signed = Segment("x", "0-1343", ("a", "b", "c"), (False, False, False), 0, (False, True, False))
    pieces = {s.pieces for s in enumerate_splits(signed, RunTogetherSettings())}
    assert pieces == {("0", "-1", "343"), ("0", "-13", "43"), ("0", "-134", "3")}
    unsigned = Segment("x", "0-1343", ("a", "b", "c"), (False, False, False))
    assert enumerate_splits(unsigned, RunTogetherSettings()) == []


@pytest.mark.parametrize(("printed", "misprint"), [
    ("7.属于行政执法案卷", "7.属于行政法案卷"),  # the fuzzy match once took the previous row's last digit
    ("4.保护第三方合法权益", "4.保护第合法权益"),  # two characters lost: found in the near window only
    ("一、本年新收政府信息公开申请数量", "一、本年新收信息公开申请数量"),  # the block's first row
])
def test_misprinted_row_labels_in_a_run_keep_every_row(printed: str, misprint: str) -> None:
    gold = corpus_gold("r008")
    text = corpus_doc("r008.txt").read_text(encoding="utf-8")
    assert text.count(printed) == 1
    record = extract_bytes(text.replace(printed, misprint).encode("utf-8"), "r008-misprint.txt").to_dict()
    wrong = {cid: (v, record["cells"][cid]["value"]) for cid, v in gold["values"].items()
             if cid.startswith("t3.") and record["cells"][cid]["value"] != v}
    assert wrong == {}
