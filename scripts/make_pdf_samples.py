"""Write the project's PDF samples in samples/pdf/: reports of extractor.synth printed by headless
Chromium or LibreOffice, each ``<name>.pdf`` with the ``<name>.html`` it was printed from and
``<name>.expected.json`` (the generator's gold).

Needs (Debian): ``chromium``, ``fonts-noto-cjk``, ``libreoffice-writer-nogui``. The generated files
are committed; tests never run this script. Chromium and LibreOffice stamp the time into a PDF,
so a rerun reproduces the HTML and the answers byte for byte and the PDFs up to their dates.

    .venv/bin/python scripts/make_pdf_samples.py [NAME ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

from extractor.synth.samples import Pick, Sample, write_samples
from extractor.synth.values import DrawSettings
from extractor.synth.variants import PageStyle, PrintOptions, Variant

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Variant(carrier="pdf_chromium", template="2021")
# A busy agency: every report has requests, and most 表二 cells are filled.
BUSY = DrawSettings(quiet_share=0.0, log_mean=5.0, log_sd=0.3, t2_active=0.9, fee_active=1.0)


def styled(name: str, notes: str, page: PageStyle, variant: Variant = CHROMIUM) -> Sample:
    return Sample(name, notes, variant, draw=BUSY, options=PrintOptions(page=page))


SAMPLES = (
    styled("chromium_bordered", "ruled tables, 三、本年度办理结果 written vertically (CSS writing-mode), A4",
           PageStyle(paper="A4", vertical_results=True)),
    styled("chromium_borderless", "no ruling lines at all (CSS border: none): the stream strategy",
           PageStyle(paper="A4", borders=False)),
    styled("chromium_split", "long prose pushes 表三 over a page break (rows kept whole)",
           PageStyle(paper="A4", filler=9)),
    styled("chromium_landscape", "@page A4 landscape", PageStyle(paper="A4 landscape")),
    styled("chromium_rotated", "landscape content on a portrait page with /Rotate 90",
           PageStyle(paper="A4 landscape", rotated=True)),
    styled("libreoffice_bordered", "ruled tables, LibreOffice Writer's HTML import → PDF",
           PageStyle(paper="A4"), Variant(carrier="pdf_libreoffice", template="2021")),
    Pick("synth_traditional", "traditional characters (s2tw), dashes for zero", 11, 83, "pdf_chromium"),
    Pick("synth_blank_split_other", "a blank （六） group label cut by a page break", 5, 9, "pdf_chromium"),
)

if __name__ == "__main__":
    for path in write_samples(SAMPLES, ROOT / "samples" / "pdf", only=sys.argv[1:]):
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)")
