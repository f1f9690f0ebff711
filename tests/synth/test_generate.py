"""The generator of synthetic reports: reproducible, every sum holds, planted errors break a sum."""

from __future__ import annotations

import random

from extractor.layouts import load_layouts
from extractor.synth.generate import generate_report, generate_set, set_digest
from extractor.synth.grid import GridCell
from extractor.synth.render_text import expand
from extractor.synth.values import draw_truth, sums_hold
from extractor.synth.variants import NO_LAYOUT_TABLE, Variant, draw_variant, misprint_label, print_value


def test_same_seed_same_bytes_and_gold() -> None:
    a, b = generate_report(5, 3), generate_report(5, 3)
    assert a.data == b.data and a.gold == b.gold
    assert set_digest(generate_set(4, 1)) == set_digest(generate_set(4, 1))
    assert set_digest(generate_set(4, 1)) != set_digest(generate_set(4, 2))


def test_true_values_satisfy_r1_to_r4() -> None:
    for layout in load_layouts():
        for seed in range(40):
            for one_row in (False, True):
                truth = draw_truth(random.Random(seed), layout, other_one_row=one_row)
                assert sums_hold(layout, truth) == []


def test_values_are_sparse_with_a_few_large() -> None:
    layout = next(lay for lay in load_layouts() if lay.template == "2021")
    values = [v for s in range(30) for v in draw_truth(random.Random(s), layout).values()]
    assert sum(v == 0 for v in values) / len(values) > 0.6
    assert max(values) >= 100


def test_planted_number_breaks_a_sum_and_is_in_the_gold() -> None:
    planted = [d for d in generate_set(60, 2024) if d.gold["planted"]]
    assert planted
    for doc in planted:
        p = doc.gold["planted"][0]
        assert p["true"] != p["printed"]
        assert doc.gold["values"][p["cell"]] in (p["printed"], None if p["printed"] == 0 else p["printed"])
        assert doc.gold["source_inconsistencies"], doc.name


def test_unplanted_reports_have_no_inconsistency() -> None:
    for doc in generate_set(40, 7):
        if not doc.gold["planted"]:
            assert doc.gold["source_inconsistencies"] == [], doc.name


def test_other_one_row_lists_items_as_not_printed() -> None:
    doc = next(d for d in generate_set(80, 3) if d.gold["variant"]["other_one_row"])
    assert "t3.other.total" in doc.gold["values"]
    assert "t3.other.other.total" in doc.gold["not_printed"]
    assert "t3.other.other.total" not in doc.gold["values"]


def test_gbk_without_meta_is_not_utf8() -> None:
    doc = next(d for d in generate_set(80, 3) if d.gold["variant"]["encoding"] == "gbk")
    try:
        doc.data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        raise AssertionError("a gbk report decoded as UTF-8")
    assert "信息内容" in doc.data.decode("gb18030") or "資訊內容" in doc.data.decode("gb18030") \
        or "信息內容" in doc.data.decode("gb18030")


def test_spans_expand_like_s000() -> None:
    grid = [[GridCell("a", rowspan=2), GridCell("b", colspan=2)], [GridCell("c"), GridCell("d")]]
    assert expand(grid) == [["a", "b", ""], ["", "c", "d"]]


def test_blank_and_dash_zero_have_null_gold_and_units_convert() -> None:
    rng = random.Random(0)
    blank = Variant(carrier="html_cms", template="2021", zero_style="blank")
    assert print_value(0, blank, "件", False, rng) == ("", None)
    units = Variant(carrier="html_cms", template="2021", unit_in_cells=True)
    texts = {print_value(25.1, units, "万元", True, random.Random(s))[0] for s in range(10)}
    assert texts <= {"251000元", "25.1万元"} and texts


def test_misprint_drops_characters_inside_the_label() -> None:
    label = "2.其他法律行政法规禁止公开"
    printed = misprint_label(label, random.Random(1))
    assert len(label) - len(printed) in (1, 2) and printed.startswith("2.其")


def test_libreoffice_carriers_never_draw_a_layout_table() -> None:
    """LibreOffice drops (Word 97) or cuts off at the page edge (PDF) a layout table holding tables."""
    for carrier in NO_LAYOUT_TABLE:
        assert not any(draw_variant(random.Random(s), carrier=carrier).outer_table for s in range(200))
    assert any(draw_variant(random.Random(s), carrier="pdf_chromium").outer_table for s in range(200))
