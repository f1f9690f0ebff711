"""The evaluation gate: pinned accuracy floors on the corpus and on a fixed generated set.

Lowering a floor needs EVAL_ALLOW_LOWER_FLOORS=1 (floors.toml is compared with the reference
copy floors.committed.toml); a change of the generated set needs a new sha256 in floors.toml.
"""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from extractor.evaluate.gold import read_gold_dir
from extractor.evaluate.metrics import DocResult, Summary, summarize
from extractor.evaluate.run import evaluate_folder, evaluate_synth
from extractor.synth.generate import generate_set, set_digest
from tests.conftest import CORPUS

HERE = Path(__file__).parent
FLOORS: dict[str, Any] = tomllib.loads((HERE / "floors.toml").read_text(encoding="utf-8"))
COMMITTED: dict[str, Any] = tomllib.loads((HERE / "floors.committed.toml").read_text(encoding="utf-8"))
CEILINGS = {"silent_error_rate_max"}
IDENTITY = {"n", "seed", "sha256"}


@lru_cache(maxsize=1)
def _synth() -> tuple[str, Summary]:
    docs = generate_set(FLOORS["synth"]["n"], FLOORS["synth"]["seed"])
    return set_digest(docs), summarize(evaluate_synth(docs))


@lru_cache(maxsize=1)
def _corpus() -> dict[str, DocResult]:
    if not (CORPUS / "gold").is_dir():
        pytest.skip(f"corpus {CORPUS} is absent (the corpus lives in ../shared/corpus beside the checkout)")
    return {r.id: r for r in evaluate_folder(read_gold_dir(CORPUS / "gold"), CORPUS / "docs")}


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[prefix + key] = value
    return out


def test_no_floor_lowered_without_the_flag() -> None:
    if os.environ.get("EVAL_ALLOW_LOWER_FLOORS") == "1":
        pytest.skip("EVAL_ALLOW_LOWER_FLOORS=1: lowering floors is allowed for this run")
    now, before = _flatten(FLOORS), _flatten(COMMITTED)
    lowered = []
    for key, old in before.items():
        if key.split(".")[-1] in IDENTITY:
            continue
        new = now.get(key)
        if new is None:
            lowered.append(f"{key} removed (was {old})")
        elif (new > old) if key.split(".")[-1] in CEILINGS else (new < old):
            lowered.append(f"{key}: {old} → {new}")
    assert not lowered, "floors lowered (set EVAL_ALLOW_LOWER_FLOORS=1 if you mean it): " + "; ".join(lowered)


def test_generated_set_is_the_pinned_one() -> None:
    digest, _ = _synth()
    assert digest == FLOORS["synth"]["sha256"], (
        "the generated evaluation set changed (extractor/synth): check the change was meant, then pin the new "
        f"sha256 {digest} in tests/eval_gate/floors.toml and re-measure the floors")


def test_generated_set_floors() -> None:
    _, s = _synth()
    floors = FLOORS["synth"]
    assert s.cell_accuracy >= floors["cell_accuracy"], f"cell accuracy {s.cell_accuracy:.4f}"
    assert s.silent_error_rate <= floors["silent_error_rate_max"], f"silent-error rate {s.silent_error_rate:.5f}"
    assert s.planted_flagged >= floors["planted_flagged"], f"planted flagged {s.planted_flagged}/{s.planted}"
    by_carrier = {g.name: g.cell_accuracy for g in s.by_carrier}
    for carrier, floor in floors["carrier"].items():
        assert by_carrier.get(carrier, 0.0) >= floor, f"{carrier}: {by_carrier.get(carrier)} < {floor}"


@pytest.mark.parametrize("doc_id", sorted(FLOORS["corpus"]))
def test_corpus_floor(doc_id: str) -> None:
    results = _corpus()
    if doc_id not in results:
        pytest.skip(f"{doc_id} has no gold file in {CORPUS}")
    result = results[doc_id]
    if not result.supported:
        pytest.skip(f"{doc_id}: carrier not supported by this build ({result.message})")
    accuracy = result.correct / result.scored if result.scored else 0.0
    assert accuracy >= FLOORS["corpus"][doc_id], f"{doc_id}: {result.correct}/{result.scored}"
