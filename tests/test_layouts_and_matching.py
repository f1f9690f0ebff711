"""Layouts as data: the codebook ids exactly; label normalisation and matching."""

from __future__ import annotations

import csv

import pytest

from extractor.errors import LayoutError
from extractor.layouts import load_layouts, parse_layout
from extractor.matching import label_score
from extractor.normalize import normalize_label
from tests.conftest import CORPUS


def test_layout_cell_ids_equal_the_codebook() -> None:
    path = CORPUS.parent / "spec" / "codebook.csv"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    for layout in load_layouts():
        expected = [r["id"] for r in rows if r["template"] == layout.template]
        assert sorted(layout.cell_ids()) == sorted(expected)


def test_layout_sizes() -> None:
    sizes = {layout.template: len(layout.cell_ids()) for layout in load_layouts()}
    assert sizes == {"2021": 207, "2019": 198}


def test_bad_layout_names_file_and_key() -> None:
    with pytest.raises(LayoutError, match=r"bad.toml: blocks\[0\]: missing key 'rows'"):
        parse_layout(b'template = "x"\n[[blocks]]\ntable = "t2"\nid = "a"\ncolumns = []\n', "bad.toml")
    with pytest.raises(LayoutError, match="not a row"):
        parse_layout(b'template = "x"\n[[blocks]]\ntable="t"\nid="b"\nrows=[{id="r",label="R"}]\n'
                     b'columns=[{id="c",label="C"}]\n[[sums]]\nid="R1"\nblock="b"\naxis="column"\n'
                     b'lhs=["nope"]\nrhs=["r"]\n', "bad.toml")


@pytest.mark.parametrize(("a", "b"), [
    ("(一) 予以公开", "（一）予以公开"),
    ("1、属于国家秘密", "1.属于国家秘密"),
    ("1．属于国家秘密", "1.属于国家秘密"),
    ('3.危及"三安全一稳定"', "3.危及“三安全一稳定”"),
    ("本年新\n制作数量", "本年新制作数量"),
    ("結果 維持", "结果维持"),
])
def test_normalisation_unifies_variants(a: str, b: str) -> None:
    assert normalize_label(a) == normalize_label(b)


def test_misprinted_label_matches_with_lower_score() -> None:
    score = label_score("2.其他法律行政止公开", ("2.其他法律行政法规禁止公开",))
    assert 0.8 < score < 0.95
    assert label_score("规章（设区的市、自治州人民政府应提供相关数据）", ("规章",)) >= 0.97
