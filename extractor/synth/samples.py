"""The project's committed samples, described as data: a report designed for what it exercises
(:class:`Sample`: a Variant, fixed or drawn values, PrintOptions) or one kept from a generated set
(:class:`Pick`). ``scripts/make_samples.py`` and ``scripts/make_pdf_samples.py`` list them;
:func:`write_samples` writes each document, the HTML a PDF was printed from, and
``<name>.expected.json``: the generator's gold, so every expected value is a known true value,
never something an extractor read.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from extractor.synth.generate import SynthDoc, generate_report, gold_json, layout_of, render_report
from extractor.synth.values import DrawSettings, Number, draw_truth, given_truth
from extractor.synth.variants import PrintOptions, Variant


@dataclass(frozen=True)
class Sample:
    """A designed report. ``given`` fixes the values a report draws (outcome rows, carried rows,
    表四 results, 表二; any left out is 0) and the totals follow by the sums; without it the
    values are drawn with ``draw``. Every other choice comes from ``variant`` and ``options``."""

    name: str
    notes: str
    variant: Variant
    given: Mapping[str, Number] | None = None
    draw: DrawSettings = field(default_factory=DrawSettings)
    options: PrintOptions = field(default_factory=PrintOptions)

    def make(self) -> SynthDoc:
        rng = random.Random(f"sample:{self.name}")
        layout = layout_of(self.variant.template)
        one_row = self.variant.other_one_row
        truth = given_truth(layout, self.given, one_row) if self.given is not None else \
            draw_truth(rng, layout, one_row, self.draw)
        doc = render_report(self.name, self.variant, truth, rng, self.options)
        return replace(doc, gold={**doc.gold, "notes": self.notes, "print_options": self.options.to_dict()})


@dataclass(frozen=True)
class Pick:
    """Report ``index`` of the generated set with ``seed``, printed as ``carrier``."""

    name: str
    notes: str
    seed: int
    index: int
    carrier: str

    def make(self) -> SynthDoc:
        doc = generate_report(self.seed, self.index, carrier=self.carrier)
        name = self.name + doc.name[doc.name.rindex("."):]
        notes = f"generate_report({self.seed}, {self.index}, carrier={self.carrier!r}): {self.notes}"
        return replace(doc, name=name, gold={**doc.gold, "document": name, "notes": notes})


def write_samples(samples: Iterable[Sample | Pick], folder: Path, only: Iterable[str] = ()) -> list[Path]:
    """Make and write the samples (those named in ``only``, when given); the paths written."""
    wanted = set(only)
    written: list[Path] = []
    for sample in samples:
        if wanted and sample.name not in wanted:
            continue
        doc = sample.make()
        files = {doc.name: doc.data, f"{sample.name}.expected.json": gold_json(doc)}
        if doc.printed_from:
            files[f"{sample.name}.html"] = doc.printed_from
        for name, data in files.items():
            (folder / name).write_bytes(data)
            written.append(folder / name)
    return written
