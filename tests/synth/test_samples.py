"""The committed samples are what scripts/make_samples.py describes: regenerating them gives the same files."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

import extractor.synth.generate as generate
from extractor.synth.samples import Pick, Sample

ROOT = Path(__file__).resolve().parents[2]


def _samples(script: str) -> tuple[Sample | Pick, ...]:
    samples: tuple[Sample | Pick, ...] = runpy.run_path(str(ROOT / "scripts" / script))["SAMPLES"]
    return samples


@pytest.mark.parametrize("sample", _samples("make_samples.py"), ids=lambda s: s.name)
def test_project_samples_regenerate_byte_for_byte(sample: Sample | Pick) -> None:
    doc = sample.make()
    assert (ROOT / "samples" / doc.name).read_bytes() == doc.data
    assert (ROOT / "samples" / f"{sample.name}.expected.json").read_bytes() == generate.gold_json(doc)
