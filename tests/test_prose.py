"""Figures stated in prose (R7): numerals, phrase patterns, and the check against the table."""

from __future__ import annotations

import pytest

from extractor.document import Document, Provenance, SourceInfo, TextBlock
from extractor.pipeline import extract_bytes
from extractor.prose import parse_number, read_text_facts
from tests.conftest import corpus_doc, corpus_gold


@pytest.mark.parametrize(("text", "value"), [
    ("二百一十八", 218), ("十二", 12), ("一万零三", 10003), ("两千零五十", 2050), ("二〇一一", 2011),
    ("1,234", 1234), ("0", 0), ("12.5", 12.5), ("三十万", 300000),
])
def test_numerals(text: str, value: int | float) -> None:
    assert parse_number(text) == value


def test_any_document_text_blocks_are_read() -> None:
    doc = Document(SourceInfo("x.pdf", "0", "application/pdf"), (
        TextBlock("全年共收到政府信息公开申请二百一十八件，结转下年度继续办理3件。", Provenance(page=2)),
        TextBlock("2023年全年收取政府信息公开信息处理费 0 元", Provenance(page=4)),
    ))
    facts = read_text_facts(doc)
    assert facts["requests_received"].value == 218
    assert facts["requests_received"].source == "全年共收到政府信息公开申请二百一十八件"
    assert facts["requests_received"].provenance.page == 2
    assert facts["requests_carried_forward"].value == 3
    assert facts["info_processing_fee_yuan"].value == 0


@pytest.mark.parametrize(("doc_id", "name"), [("s000", "s000.txt"), ("r004", "r004.html"), ("r008", "r008.txt")])
def test_text_vs_table_matches_gold(doc_id: str, name: str) -> None:
    gold = corpus_gold(doc_id)
    path = corpus_doc(name)
    record = extract_bytes(path.read_bytes(), path.name).to_dict()
    assert set(record["text_vs_table"]) == set(gold["text_vs_table"])
    for fact, want in gold["text_vs_table"].items():
        got = record["text_vs_table"][fact]
        assert (got["text"], got["table"], got["agrees"]) == (want["text"], want["table"], want["agrees"]), fact
        assert got.get("table_basis") == want.get("table_basis"), fact
        assert got["cells"] == gold["text_facts_cells"][fact]
    for fact, value in gold["text_facts"].items():
        if fact in record["text_facts"]:
            assert record["text_facts"][fact] == value, fact


def test_r004_disagreements_are_reported_not_applied() -> None:
    path = corpus_doc("r004.html")
    record = extract_bytes(path.read_bytes(), path.name).to_dict()
    r7 = [i["message"] for i in record["issues"] if i["code"] == "R7_DISAGREE"]
    assert len(r7) == 2
    assert r7[0].startswith("granted_or_partly_granted: the text says 258") and "the table 275" in r7[0]
    assert r7[1].startswith("unable_to_provide: the text says 265") and "the table 337" in r7[1]
    assert record["cells"]["t3.granted.total"]["state"] == "blank"  # never filled from the prose
    assert record["text_facts_sources"]["requests_received"] == "市政府办公厅代表市政府共受理政府信息公开申请859件"
