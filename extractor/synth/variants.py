"""How a synthetic report is printed: the choices real agencies make (templates.md §4), drawn per
report from a seeded random generator, and the functions that apply them to labels and numbers.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from functools import lru_cache

import opencc

from extractor.layouts import Label

CARRIERS = ("html_cms", "html_word", "text_tsv", "text_aligned")  # the CI gate's set (no system tools)
# Every carrier the extractor reads: adds cells run together in one line of text (crawler dumps,
# r008), PDF printed by Chromium (needs the chromium package), Word DOCX written by python-docx,
# and that DOCX saved as Word 97 .doc by LibreOffice (needs libreoffice-writer-nogui), and the
# Chromium PDF rasterised as a noisy, slightly skewed image-only scan (read back with OCR only),
# and the CMS page printed to PDF by LibreOffice's HTML import (needs libreoffice-writer-nogui).
ALL_CARRIERS = (*CARRIERS, "text_runtogether", "pdf_chromium", "docx", "doc_libreoffice", "pdf_scan", "pdf_libreoffice")
WORD_CARRIERS = ("docx", "doc_libreoffice")
# Carriers printed from the CMS HTML to PDF, and the program that prints them (render_pdf).
PRINTED_CARRIERS = {"pdf_chromium": "chromium", "pdf_scan": "chromium", "pdf_libreoffice": "libreoffice"}
# LibreOffice's Word 97 export drops a layout table holding tables, inner tables included, and its
# HTML import prints a 1000-px layout table past the A4 page edge, cutting off the tables' sides.
NO_LAYOUT_TABLE = ("doc_libreoffice", "pdf_libreoffice")
ENCODINGS = ("utf-8+meta", "utf-8", "gbk+meta", "gbk")
ZERO_STYLES = ("0", "blank", "dash")
DASHES = ("—", "-", "／")  # a zero printed as a dash

# Full-width ↔ half-width and numbering punctuation, applied to labels (templates.md §4.1).
_HALF_PARENS = str.maketrans({"（": "(", "）": ")"})
_NUMBERING = re.compile(r"^(\d)\.")
_CURLY_QUOTES = str.maketrans({"“": '"', "”": '"'})
_NO_QUOTES = str.maketrans({"“": None, "”": None})
_ALIGNED_UNSAFE = re.compile(r"\s{2,}")


@dataclass(frozen=True)
class Variant:
    """Every printing choice of one report (also written into its gold file)."""

    carrier: str
    template: str
    other_one_row: bool = False  # 2021 template printing （六）其他处理 as one row
    encoding: str = "utf-8+meta"
    traditional: str = ""  # "" | "s2t" | "s2tw"
    zero_style: str = "0"
    half_parens: bool = False
    numbering: str = "."  # "." | "、" | "．" | ". " (a space after the point)
    quotes: str = "curly"  # curly | ascii | none
    short_labels: bool = False  # use the layout's aliases (shortened / renamed labels)
    break_labels: bool = False  # line breaks inside long header labels
    misprint: bool = False  # one label printed with characters missing
    unit_in_cells: bool = False  # 万元 / 元 / 件 written inside value cells
    drop_leading: bool = False  # text: rows lacking their leading empty cells (s000)
    outer_table: bool = False  # HTML: the report inside a layout table of the CMS page
    planted: bool = False  # one printed number changed so that a sum fails

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class PageStyle:
    """The page around the tables (HTML and the PDFs printed from it). The default is the bare
    page of the generated sets; described samples change it."""

    paper: str = ""  # a print stylesheet for this paper ("A4", "A4 landscape"); "" none
    borders: bool = True  # False: a stylesheet removes every ruling line (borderless tables)
    vertical_results: bool = False  # 三、本年度办理结果 written top to bottom (CSS writing-mode)
    site_chrome: bool = False  # site navigation and footer around the report (phrases.toml)
    filler: int = 0  # paragraphs of filler prose before 表二 (push the tables over page breaks)
    rotated: bool = False  # PDF: each page a portrait MediaBox shown landscape by /Rotate 90


@dataclass(frozen=True)
class PrintOptions:
    """Choices a described sample fixes that the seeded draw never makes (every default is what
    the generated sets print)."""

    title: str | None = None  # the title as printed; None: phrases.title with agency and year
    agency: str | None = None  # None: drawn
    year: int | None = None  # None: drawn
    cell_forms: Mapping[str, str] = field(default_factory=dict)  # cell id → form (print_in_form)
    label_scripts: Mapping[str, str] = field(default_factory=dict)  # row id → OpenCC config ("s2t")
    page: PageStyle = field(default_factory=PageStyle)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


DEFAULT_PAGE = PageStyle()
DEFAULT_PRINT = PrintOptions()


def draw_variant(rng: random.Random, carrier: str | None = None, template: str | None = None,
                 plant_share: float = 0.2) -> Variant:
    carrier = carrier or rng.choice(CARRIERS)
    template = template or rng.choice(("2021", "2021", "2019"))
    is_html = carrier.startswith("html") or carrier in (*PRINTED_CARRIERS, *WORD_CARRIERS)  # cells, spans kept
    zero = rng.choices(ZERO_STYLES, weights=(0.7, 0.15, 0.15))[0]
    if carrier == "text_aligned" and zero == "blank":
        zero = "dash"  # a blank cell leaves no trace in whitespace-aligned text: nobody can read it back
    if carrier == "text_runtogether":
        zero = "0"  # run together, a blank or a dash vanishes between digits: only printed zeros survive
    return Variant(
        carrier=carrier, template=template,
        other_one_row=template == "2021" and rng.random() < 0.15,
        encoding="utf-8+meta" if carrier in (*PRINTED_CARRIERS, *WORD_CARRIERS) else (
            rng.choice(ENCODINGS) if is_html else rng.choice(("utf-8", "utf-8", "gbk"))),
        traditional=rng.choices(("", "s2t", "s2tw"), weights=(0.85, 0.1, 0.05))[0],
        zero_style=zero,
        half_parens=rng.random() < 0.3,
        numbering=rng.choices((".", "、", "．", ". "), weights=(0.55, 0.2, 0.15, 0.1))[0],
        quotes=rng.choices(("curly", "ascii", "none"), weights=(0.7, 0.2, 0.1))[0],
        short_labels=rng.random() < 0.15,
        break_labels=rng.random() < 0.4,
        misprint=rng.random() < 0.1,
        unit_in_cells=carrier != "text_runtogether" and rng.random() < 0.2,
        drop_leading=carrier == "text_tsv" and rng.random() < 0.5,
        outer_table=is_html and rng.random() < 0.3 and carrier not in NO_LAYOUT_TABLE,
        planted=rng.random() < plant_share,
    )


@lru_cache(maxsize=4)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_script(text: str, variant: Variant) -> str:
    """The text in the report's script (simplified, or traditional as mirror sites convert it)."""
    return in_script(text, variant.traditional)


def in_script(text: str, config: str) -> str:
    """``text`` converted by the OpenCC ``config`` ("s2t", "s2tw"; "" leaves it simplified)."""
    return str(_converter(config).convert(text)) if config else text


def vary_label(label: Label, variant: Variant, rng: random.Random, *, row: bool = True) -> str:
    """One printed form of a layout label."""
    text = label.label
    if variant.short_labels and label.aliases and rng.random() < 0.5:
        text = rng.choice(label.aliases)
    if variant.half_parens:
        text = text.translate(_HALF_PARENS)
    if variant.numbering != ".":
        text = _NUMBERING.sub(lambda m: m.group(1) + variant.numbering, text)
    if variant.quotes == "ascii":
        text = text.translate(_CURLY_QUOTES)
    elif variant.quotes == "none":
        text = text.translate(_NO_QUOTES)
    if variant.break_labels and not row and len(text) >= 4:
        cut = len(text) // 2
        text = text[:cut] + "\n" + text[cut:]
    return text


def misprint_label(text: str, rng: random.Random) -> str:
    """A label with one or two characters missing from its middle (r001: 2.其他法律行政止公开)."""
    start = 3 if text[:1].isdigit() else 1
    if len(text) < start + 7:
        return text
    at = rng.randrange(start + 2, len(text) - 3)
    return text[:at] + text[at + rng.choice((1, 2)):]


def format_number(value: int | float, decimal: bool) -> str:
    if decimal:
        text = format(Decimal(repr(float(value))).normalize(), "f")
        return text[:-2] if text.endswith(".0") else text
    return str(int(value))


def print_value(value: int | float, variant: Variant, unit: str, decimal: bool,
                rng: random.Random) -> tuple[str, int | float | None]:
    """The printed text of one cell and its gold value (None for a cell printed blank or as a dash)."""
    if value == 0 and variant.zero_style != "0":
        return print_in_form(value, unit, decimal, "" if variant.zero_style == "blank" else rng.choice(DASHES))
    if variant.unit_in_cells and value != 0:
        if unit == "万元":
            return print_in_form(value, unit, decimal, "元" if rng.random() < 0.5 else "万元")
        if unit == "件" and rng.random() < 0.1:
            return print_in_form(value, unit, decimal, "件")
    return format_number(value, decimal), value


def print_in_form(value: int | float, unit: str, decimal: bool, form: str) -> tuple[str, int | float | None]:
    """One cell printed in a chosen form, and its gold value: a zero mark (``""`` blank, or one of
    :data:`DASHES`) stands for a 0; any other form is a unit written after a number that is not 0
    (``元`` in a 万元 cell converts the number when it comes out whole). A form that does not fit the
    value prints the plain number."""
    if value == 0 and (form == "" or form in DASHES):
        return form, None
    text = format_number(value, decimal)
    if value == 0 or form == "" or form in DASHES:
        return text, value
    if form == "元" and unit == "万元":
        yuan = Decimal(repr(float(value))) * 10000
        if yuan == yuan.to_integral_value():
            return f"{int(yuan)}元", value
        form = unit
    return text + form, value


def aligned_safe(text: str) -> str:
    """Whitespace-aligned text splits cells on runs of spaces: keep a label's own spaces single."""
    return _ALIGNED_UNSAFE.sub(" ", text)
