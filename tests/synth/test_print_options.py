"""The options a described sample uses beyond its Variant: fixed values completed by the sums,
cell forms, one label in another script, page styles, rotated PDF pages."""

from __future__ import annotations

import io
import random

import pypdfium2 as pdfium
import pytest

from extractor.synth.generate import layout_of, render_report
from extractor.synth.phrases import load_phrases
from extractor.synth.render_pdf import rotate_pages
from extractor.synth.values import given_truth, sums_hold
from extractor.synth.variants import PageStyle, PrintOptions, Variant, print_in_form


def test_given_values_complete_by_the_sums() -> None:
    layout = layout_of("2021")
    truth = given_truth(layout, {"t3.granted.natural_person": 41, "t3.other.other.other_org": 1,
                                 "t3.carried_over.natural_person": 5, "t3.carried_forward.natural_person": 7,
                                 "t4.review.upheld": 2, "t2.admin_fees.amount": 12.5})
    assert sums_hold(layout, truth) == []
    assert truth["t3.total.natural_person"] == 41 and truth["t3.new.natural_person"] == 41 + 7 - 5
    assert truth["t3.other.other_org"] == 1 and truth["t3.total.total"] == 42
    assert truth["t4.review.total"] == 2 and truth["t2.admin_fees.amount"] == 12.5
    assert set(truth) == set(layout.cell_ids())
    with pytest.raises(KeyError, match="t3.total.natural_person"):
        given_truth(layout, {"t3.total.natural_person": 3})


def test_cell_forms_print_zero_marks_and_units() -> None:
    assert print_in_form(0, "件", False, "—") == ("—", None)
    assert print_in_form(0, "件", False, "") == ("", None)
    assert print_in_form(3, "件", False, "—") == ("3", 3)  # a zero mark leaves other numbers alone
    assert print_in_form(0, "万元", True, "万元") == ("0", 0)
    assert print_in_form(12.5, "万元", True, "万元") == ("12.5万元", 12.5)
    assert print_in_form(4.5, "万元", True, "元") == ("45000元", 4.5)
    assert print_in_form(0.00001, "万元", True, "元") == ("0.00001万元", 0.00001)  # 0.1 元 is not whole


def test_print_options_reach_the_page() -> None:
    layout = layout_of("2021")
    truth = given_truth(layout, {"t3.granted.natural_person": 2})
    options = PrintOptions(title="2023年示例局报告", agency="示例局", year=2023,
                           cell_forms={"t3.granted.natural_person": "件", "t3.granted.commercial": "—"},
                           label_scripts={"withheld.state_secret": "s2tw"},
                           page=PageStyle(paper="A4 landscape", borders=False, vertical_results=True,
                                          site_chrome=True, filler=2))
    doc = render_report("x", Variant(carrier="html_cms", template="2021"), truth, random.Random(0), options)
    html = doc.data.decode("utf-8")
    assert "<title>2023年示例局报告</title>" in html and doc.gold["agency"] == "示例局" and doc.gold["year"] == 2023
    assert ">2件</td>" in html and doc.gold["values"]["t3.granted.natural_person"] == 2
    assert doc.gold["values"]["t3.granted.commercial"] is None and doc.gold["values"]["t3.granted.research"] == 0
    assert "1.屬於國家秘密" in html and "2.其他法律行政法规禁止公开" in html
    assert "size: A4 landscape" in html and "table, td { border: none; }" in html
    assert html.count('class="v"') == 1 and "政务公开</a>" in html and 'class="footer"' in html
    assert html.count(load_phrases().filler) == 2
    plain = render_report("x", Variant(carrier="html_cms", template="2021"), truth, random.Random(0))
    assert "<style>" not in plain.data.decode("utf-8") and 'class="v"' not in plain.data.decode("utf-8")


def test_rotated_pages_are_portrait_boxes_shown_landscape() -> None:
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(842, 595)
    raw = _save(pdf)
    rotated = pdfium.PdfDocument(rotate_pages(raw))
    page = rotated[0]
    assert page.get_mediabox() == (0, 0, 595, 842) and page.get_rotation() == 90
    assert page.get_size() == (842, 595)  # shown landscape


def _save(pdf: pdfium.PdfDocument) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()
