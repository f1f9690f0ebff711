"""Reports before 2019: the old skeleton, an attached form, the common core."""

from __future__ import annotations

from extractor.document import Document, Provenance, SourceInfo, TextBlock
from extractor.legacy import CORE_KEYS, load_forms
from extractor.pipeline import extract_bytes, extract_document
from tests.conftest import corpus_doc, corpus_gold


def test_r006_core_and_form_figures() -> None:
    gold = corpus_gold("r006")
    path = corpus_doc("r006.txt")
    record = extract_bytes(path.read_bytes(), path.name).to_dict()
    assert (record["template"], record["year"], record["agency"]) == ("pre2019", 2011, "平潭县人民政府")
    legacy = record["legacy"]
    core = [k for k in gold["legacy"] if k in CORE_KEYS]
    assert len(core) == 7
    for key in core:
        assert legacy[key]["value"] == gold["legacy"][key], key
    form_keys = [k for k, src in gold["legacy_sources"].items() if src.endswith(("条00", "条77", "4251516", "4181509"))]
    assert len(form_keys) == 34
    for key in form_keys:
        entry = legacy[key]
        assert entry["value"] == gold["legacy"][key], key
        assert entry["provenance"]["path"] == "legacy-form"
        assert entry["provenance"]["source"] == gold["legacy_sources"][key]
        assert entry["confidence"] >= 0.9
    # 4181509 could be 41|81509 …: only 418|1509 makes website + gazette = total in both columns
    assert "fixed by the table's sums" in legacy["proactive_items_website"]["provenance"]["reason"]
    assert legacy["requests_received_text"]["value"] == 0
    assert legacy["requests_received_text"]["provenance"]["path"] == "prose"
    assert legacy["review_cases_text"]["provenance"]["source"] == "未收到有关政府信息公开行政复议"


def test_prose_only_old_report_gives_core_from_prose() -> None:
    text = ("某县人民政府2012年政府信息公开工作年度报告 一、概述 二、主动公开政府信息情况 全年主动公开政府信息1,203条。"
            "三、依申请公开政府信息情况 全年共受理政府信息公开申请十五件。四、政府信息公开的收费及减免情况 未收取任何信息处理费。"
            "五、存在的主要问题及改进情况")
    doc = Document(SourceInfo("old.txt", "0", "text/plain"), (TextBlock(text, Provenance(line=1)),))
    record = extract_document(doc).to_dict()
    assert record["template"] == "pre2019"
    assert record["legacy"]["proactive_items"]["value"] == 1203
    assert record["legacy"]["requests_received"]["value"] == 15
    assert record["legacy"]["requests_received"]["provenance"]["path"] == "prose"
    assert [i["code"] for i in record["issues"]] == ["LEGACY_NO_FORM"]


def test_national_form_layout_crosswalks_fees_to_yuan() -> None:
    forms = {f.form: f for f in load_forms()}
    assert set(forms) == {"fj_county_2011", "national_2015"}
    assert forms["national_2015"].crosswalk["fees_collected_yuan"] == ("fees_collected_wan", 10000.0)
    assert set(forms["national_2015"].crosswalk) == set(CORE_KEYS)
