"""Print the text-layer readability signals of every page of real PDFs and of broken copies.

For each PDF (default: ../shared/corpus/docs/*.pdf and samples/pdf/*.pdf) and for three broken
copies of it (extractor/synth/break_text_layer.py: ``/ToUnicode`` removed, remapped to the
Private Use Area, remapped to scrambled ideographs) one line per page: characters, suspect
share, common-ideograph share and the verdict of extractor/loaders/pdf_readability.py. This is
how the thresholds there were chosen. Needs pikepdf (the ``dev`` extra).

    .venv/bin/python scripts/measure_text_layer.py [PDF ...]
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.loaders.pdf_page import page_transform, read_chars  # noqa: E402
from extractor.loaders.pdf_readability import page_readability  # noqa: E402
from extractor.synth.break_text_layer import (  # noqa: E402
    remap_to_unicode,
    strip_to_unicode,
    to_pua,
    to_wrong_ideograph,
)

VARIANTS: dict[str, Callable[[bytes], bytes]] = {
    "original": lambda data: data,
    "no ToUnicode": strip_to_unicode,
    # the values' font only: WPS and Word print digits in a Latin font of their own
    "no ToUnicode, Latin fonts": lambda data: strip_to_unicode(data, font_names=is_latin_font),
    "ToUnicode → PUA": lambda data: remap_to_unicode(data, to_pua),
    "ToUnicode → wrong ideographs": lambda data: remap_to_unicode(data, to_wrong_ideograph),
}


def is_latin_font(name: str) -> bool:
    return any(family in name for family in ("Times", "Arial", "Liberation", "Calibri", "Helvetica"))


def rows(data: bytes) -> list[tuple[int, str]]:
    pdf = pdfium.PdfDocument(data)
    out = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            verdict = page_readability(read_chars(textpage, page_transform(page)))
            textpage.close()
            page.close()
            s = verdict.stats
            out.append((index + 1, f"{s.chars:5d} chars  suspect {s.suspect_share:5.2f}  ideographs {s.ideographs:4d}  "
                                   f"common {s.common_share:5.2f}  {'readable' if verdict.readable else 'UNREADABLE'}"))
    finally:
        pdf.close()
    return out


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or [*sorted((ROOT.parent / "shared" / "corpus" / "docs").glob("*.pdf")),
                                                *sorted((ROOT / "samples" / "pdf").glob("*.pdf"))]
    for path in paths:
        data = path.read_bytes()
        for name, variant in VARIANTS.items():
            for number, line in rows(variant(data)):
                print(f"{path.name:32s} {name:27s} p{number}  {line}")


if __name__ == "__main__":
    main()
