"""The committed samples are what scripts/make_samples.py and scripts/make_pdf_samples.py describe:
regenerating them gives the same files (the PDFs up to the printers' time stamps)."""

from __future__ import annotations

import json
import runpy
from pathlib import Path
from typing import Any

import pytest

import extractor.synth.generate as generate
from extractor.synth.samples import Pick, Sample

ROOT = Path(__file__).resolve().parents[2]


def _samples(script: str) -> tuple[Sample | Pick, ...]:
    samples: tuple[Sample | Pick, ...] = runpy.run_path(str(ROOT / "scripts" / script))["SAMPLES"]
    return samples


def _not_printed(html: bytes, *_args: Any) -> bytes:
    return b"%PDF-not printed"


@pytest.mark.parametrize("sample", _samples("make_samples.py"), ids=lambda s: s.name)
def test_project_samples_regenerate_byte_for_byte(sample: Sample | Pick) -> None:
    doc = sample.make()
    assert (ROOT / "samples" / doc.name).read_bytes() == doc.data
    assert (ROOT / "samples" / f"{sample.name}.expected.json").read_bytes() == generate.gold_json(doc)


@pytest.mark.parametrize("sample", _samples("make_pdf_samples.py"), ids=lambda s: s.name)
def test_pdf_samples_html_and_answers_regenerate(sample: Sample | Pick, monkeypatch: pytest.MonkeyPatch) -> None:
    """Printing is left out (Chromium and LibreOffice stamp the time): the page each PDF was printed
    from and its expected answers are reproduced byte for byte."""
    monkeypatch.setattr(generate, "PRINTERS", {"chromium": _not_printed, "libreoffice": _not_printed})
    monkeypatch.setattr(generate, "rotate_pages", lambda data: data)
    doc = sample.make()
    folder = ROOT / "samples" / "pdf"
    assert (folder / f"{sample.name}.html").read_bytes() == doc.printed_from
    assert (folder / f"{sample.name}.expected.json").read_bytes() == generate.gold_json(doc)
    assert (folder / doc.name).exists()


def test_sample_expected_files_name_what_they_exercise() -> None:
    for path in sorted((ROOT / "samples" / "pdf").glob("*.expected.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        assert gold["document"] == path.name.replace(".expected.json", ".pdf") and gold["notes"]
        assert gold["source_inconsistencies"] == [] and gold["planted"] == []
