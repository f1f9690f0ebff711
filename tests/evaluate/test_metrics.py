"""Scoring, summaries, calibration fitting and the ``extract eval`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import main
from extractor.confidence import CalibrationMap, parse_calibration
from extractor.evaluate.calibration import fit_isotonic
from extractor.evaluate.gold import GoldError, parse_gold
from extractor.evaluate.metrics import _same, calibration_bins, failed_result, summarize
from extractor.evaluate.run import evaluate_bytes, evaluate_synth
from extractor.synth.generate import generate_report
from tests.conftest import corpus_doc, corpus_gold


def test_cell_rule() -> None:
    assert _same(None, "blank", None) and _same(None, "na", None)
    assert not _same(None, "number", 0)
    assert _same(25.1, "number", 25.1) and not _same(0, "blank", None)
    assert not _same(3, "missing", None)


def test_s000_scores_every_cell_right() -> None:
    gold = parse_gold(corpus_gold("s000"), "s000.json", "s000")
    result = evaluate_bytes(corpus_doc("s000.txt").read_bytes(), gold)
    assert (result.correct, result.scored, result.template_ok) == (200, 200, True)
    assert result.table_exact() == {"t2": True, "t3": True, "t4": True}


def test_failed_document_counts_every_cell_wrong() -> None:
    gold = parse_gold({"document": "x.txt", "template": "2021", "values": {"t4.review.total": 11,
                                                                          "t3.new.total": None}}, "x", "x")
    result = evaluate_bytes(b"no report here", gold)
    assert result.status == "failed" and result.scored == 2 and result.correct == 0
    s = summarize([result, failed_result(gold, "pdf", "unsupported", "no loader")])
    assert s.cells_scored == 2 and s.unsupported == ("x",) and s.cell_accuracy == 0.0


def test_planted_number_is_read_as_printed_but_is_not_the_true_figure() -> None:
    doc = next(d for d in (generate_report(5, i, "html_cms", plant_share=1.0) for i in range(20))
               if d.gold["planted"])
    planted = doc.gold["planted"][0]
    [result] = evaluate_synth([doc])
    cell = next(c for c in result.cells if c.cell_id == planted["cell"])
    assert cell.value == planted["printed"] != planted["true"]
    assert cell.correct and not cell.true_figure and cell.confidence < 0.5
    assert result.planted == {planted["cell"]: True}
    others = [c for c in result.cells if c.cell_id != planted["cell"]]
    assert all(c.correct == c.true_figure for c in others)
    s = summarize([result])
    low = [b for b in s.bins if b.low <= cell.confidence < b.high]
    low_printed = [b for b in s.bins_as_printed if b.low <= cell.confidence < b.high]
    assert low[0].accuracy < low_printed[0].accuracy  # the planted cell counts right only as printed


def test_gold_planted_needs_its_true_figure() -> None:
    base = {"document": "x.txt", "template": "2021", "values": {"t4.review.total": 11}}
    gold = parse_gold({**base, "planted": [{"cell": "t4.review.total", "true": 10, "printed": 11}]}, "x", "x")
    assert gold.true_figure("t4.review.total") == 10 and gold.values["t4.review.total"] == 11
    with pytest.raises(GoldError, match="numeric 'true'"):
        parse_gold({**base, "planted": [{"cell": "t4.review.total"}]}, "x", "x")


def test_calibration_bins_and_fit() -> None:
    bins = calibration_bins([(0.95, True), (0.96, False), (1.0, True), (0.05, False)])
    assert [(b.low, b.count, b.accuracy) for b in bins] == [(0.0, 1, 0.0), (0.95, 2, 0.5), (0.99, 1, 1.0)]
    pairs = [(0.5, i % 2 == 0) for i in range(100)] + [(0.9, True)] * 90 + [(0.9, False)] * 10
    blocks = fit_isotonic(pairs, min_block=10)
    assert [round(b.accuracy, 2) for b in blocks] == [0.5, 0.9]


def test_calibration_map_only_lowers() -> None:
    cal = CalibrationMap(((0.5, 0.6), (1.0, 0.98)))
    assert cal.apply(0.5) == 0.5 and round(cal.apply(1.0), 4) == 0.98
    two_sided = parse_calibration('{"points": [[0.5, 0.6], [1.0, 0.98]], "lower_only": false}', "t")
    assert round(two_sided.apply(0.75), 4) == 0.79


def test_eval_command_json(tmp_path: Path) -> None:
    plot = tmp_path / "rel.png"
    result = CliRunner().invoke(main, ["eval", "--synth", "8", "--seed", "3", "--json", "--plot", str(plot)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"cell_accuracy", "silent_error_rate", "cells_scored"} <= set(data)
    assert data["cells_scored"] > 1000 and len(data["per_document"]) == 8
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_eval_command_corpus_table() -> None:
    gold = corpus_doc("s000.txt").parent.parent / "gold"
    result = CliRunner().invoke(main, ["eval", "--gold", str(gold)])
    assert result.exit_code == 0, result.output
    assert "s000.txt" in result.output and "200/200" in result.output
