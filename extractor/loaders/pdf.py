"""PDF loader: bytes → :class:`extractor.document.Document`.

The cascade, each stage only where the one before asks for it:

1. **Fast pass, every page** (pypdfium2): characters with boxes. A page without characters
   has no text layer; a page whose characters do not read as text (fonts without a usable
   ``/ToUnicode`` map: :mod:`.pdf_readability`) has an *unreadable* one, and is treated like a
   page without. A page whose text holds one of :data:`TABLE_KEYWORDS` (the row and
   column labels of tables 二, 三, 四), or several lines of bare numbers, is a *table page*.
2. **Geometry, table pages only**: the page's visible ruling segments (pdfium path objects).
   With ruling lines → **lattice** (:mod:`.pdf_lattice`: pdfplumber's edges → cells chain plus
   the added top/bottom rule of tables broken by a page); with none, or when the lines form
   no table → **stream** (:mod:`.pdf_stream`: columns from text alignment).
3. **Across pages** (:mod:`.pdf_stitch`): rows cut by a page break are joined, merged labels
   carried onto the continuation page, repeated header rows dropped.
4. **Text blocks**: the characters outside tables, as lines grouped into paragraphs, in
   reading order with the tables.

Coordinates are PDF points with a top-left origin on the page as displayed (``/Rotate``
applied). Broken inputs raise :class:`extractor.errors.LoadError` (``EMPTY``, ``ENCRYPTED``,
``CORRUPT``); a PDF without a text layer is *not* an error: its pages say
``has_text_layer=False``. When the ``ocr`` extra is installed those pages are read by OCR
(:mod:`.pdf_ocr`: the same tables and text blocks, tables with strategy ``ocr``) and
``Document.notes`` holds ``OCR``; without it, ``NO_TEXT_LAYER`` and a note saying how to
install it. Pages with an unreadable text layer take the same path; a note
``TEXT_LAYER_UNREADABLE: …`` names them and why, and whether OCR read them instead (their
garbage characters are never used).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractor.document import ContentItem, Document, Page, Provenance, SourceInfo, TextBlock
from extractor.errors import LoadError
from extractor.loaders.pdf_grid import GridTable
from extractor.loaders.pdf_lattice import find_lattice_tables
from extractor.loaders.pdf_ocr import (
    DEFAULT_OCR,
    INSTALL_HINT,
    NOTE_OCR,
    OcrSettings,
    as_ocr,
    ocr_available,
    ocr_page,
)
from extractor.loaders.pdf_page import Char, page_transform, read_chars, read_segments
from extractor.loaders.pdf_readability import page_readability
from extractor.loaders.pdf_stitch import stitch_pages
from extractor.loaders.pdf_stream import find_stream_tables
from extractor.loaders.pdf_text import Line, join_wrapped, reading_lines, union_bbox
from extractor.normalize import normalize_text

log = logging.getLogger(__name__)

#: Label text that only the statistical tables print (tables 二, 三, 四 of the 2019/2021
#: templates and the usual pre-2019 统计表). A page holding any of them gets table geometry.
TABLE_KEYWORDS: tuple[str, ...] = (
    "第二十条", "信息内容", "本年制发件数", "本年处理决定数量",
    "本年新收", "上年结转", "本年度办理结果", "结转下年度", "申请人情况", "予以公开", "部分公开",
    "不予公开", "无法提供", "不予处理", "其他处理", "自然人", "商业企业",
    "行政复议", "行政诉讼", "结果维持", "结果纠正", "尚未审结",
    "统计指标", "统计数",
)

NOTE_NO_TEXT_LAYER = "NO_TEXT_LAYER"
NOTE_PARTIAL_TEXT_LAYER = "PARTIAL_TEXT_LAYER"
NOTE_TEXT_LAYER_UNREADABLE = "TEXT_LAYER_UNREADABLE"

_ZERO_PAGES = re.compile(rb"/Type\s*/Pages\b[^>]*/Count\s+0\b|/Count\s+0\b[^>]*/Type\s*/Pages\b")
_ONE_PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")
_NUMBER_RUN = re.compile(r"(?:(?<=\s)|^)[-+]?\d[\d,]*(?:\.\d+)?(?=\s|$)")


@dataclass(frozen=True)
class PdfSettings:
    """Every knob of the PDF loader, with its default."""

    table_keywords: tuple[str, ...] = TABLE_KEYWORDS
    #: a page with this many lines holding >= 3 bare numbers is a table page too
    numeric_lines_for_table: int = 3
    #: fewer ruling segments than this on a page → stream strategy
    min_segments_for_lattice: int = 4
    #: a filled rectangle at most this thick (pt) is a drawn line, not a cell background
    max_line_width: float = 2.5
    #: OCR pages without a (readable) text layer when the ``ocr`` extra is installed
    ocr: bool = True
    ocr_settings: OcrSettings = DEFAULT_OCR


DEFAULT_SETTINGS = PdfSettings()


@dataclass(frozen=True)
class _PageScan:
    number: int
    width: float
    height: float
    chars: tuple[Char, ...]
    is_table_page: bool
    error: str | None = None
    #: why the page's text layer does not read as text (its characters are then dropped)
    unreadable: str | None = None
    #: the page draws nothing at all (no page objects): there is nothing to OCR
    blank: bool = False


def load_pdf(data: bytes, source: SourceInfo, settings: PdfSettings = DEFAULT_SETTINGS) -> Document:
    """Read a PDF into a :class:`Document` (see the module docstring for the cascade)."""
    pdf = _open(data, source.file)
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise LoadError("EMPTY", f"{source.file}: the PDF has no pages")
        scans: list[_PageScan] = []
        tables_by_page: list[list[GridTable]] = []
        ocr_numbers: set[int] = set()
        use_ocr = settings.ocr and ocr_available()
        for index in range(n_pages):
            scan, tables = _read_page(pdf, index, settings)
            if use_ocr and not scan.chars and scan.error is None and not scan.blank:
                read = ocr_page(pdf, index, settings.ocr_settings)
                scan = _PageScan(scan.number, scan.width, scan.height, read.chars, bool(read.tables),
                                 unreadable=scan.unreadable)
                tables = list(read.tables)
                ocr_numbers.add(scan.number)
            scans.append(scan)
            tables_by_page.append(tables)
    finally:
        pdf.close()

    tables_by_page = stitch_pages(tables_by_page)
    tables_by_page = [as_ocr(ts) if s.number in ocr_numbers else ts for s, ts in zip(scans, tables_by_page, strict=True)]
    content: list[ContentItem] = []
    for scan, tables in zip(scans, tables_by_page, strict=True):
        content.extend(_page_content(scan, tables))

    pages = tuple(Page(number=s.number, width=round(s.width, 2), height=round(s.height, 2),
                       has_text_layer=bool(s.chars) and s.number not in ocr_numbers) for s in scans)
    notes: list[str] = []
    ocr_read = any(s.chars for s in scans if s.number in ocr_numbers)
    if ocr_read:
        notes.append(NOTE_OCR)
    unreadable = [s for s in scans if s.unreadable]
    if unreadable:
        notes.append(_unreadable_note(unreadable, ocr_numbers, settings.ocr))
        log.warning("%s: %s", source.file, notes[-1])
    if not any(p.has_text_layer for p in pages) and not ocr_read and not unreadable:
        notes.append(NOTE_NO_TEXT_LAYER)
        if settings.ocr and not use_ocr:
            notes.append(f"{NOTE_NO_TEXT_LAYER}: {INSTALL_HINT}")
            log.warning("%s: no text layer; to read it, %s", source.file, INSTALL_HINT)
        content = []
    elif any(p.has_text_layer for p in pages) and not all(p.has_text_layer for p in pages):
        notes.append(NOTE_PARTIAL_TEXT_LAYER)
    notes.extend(s.error for s in scans if s.error)
    return Document(source=source, content=tuple(content), pages=pages, notes=tuple(notes))


def _unreadable_note(scans: Sequence[_PageScan], ocr_numbers: set[int], ocr_wanted: bool) -> str:
    """``TEXT_LAYER_UNREADABLE: pages 2, 3 …``: which pages, why, and what was done instead."""
    numbers = [s.number for s in scans]
    why = "; ".join(f"page {s.number}: {s.unreadable}" for s in scans)
    label = f"page {numbers[0]}" if len(numbers) == 1 else "pages " + ", ".join(map(str, numbers))
    if all(n in ocr_numbers for n in numbers):
        done = "read by OCR instead"
    elif ocr_wanted:
        done = f"not read; to read {'it' if len(numbers) == 1 else 'them'}, {INSTALL_HINT}"
    else:
        done = "not read (OCR is switched off)"
    return (f"{NOTE_TEXT_LAYER_UNREADABLE}: the text layer of {label} does not read as text "
            f"(fonts without a usable ToUnicode map?) [{why}]; {done}")


def _open(data: bytes, name: str) -> pdfium.PdfDocument:
    if not data:
        raise LoadError("EMPTY", f"{name}: the file is empty")
    if b"%PDF" not in data[:1024]:
        raise LoadError("CORRUPT", f"{name}: not a PDF (no %PDF header)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise LoadError("ENCRYPTED", f"{name}: the PDF is encrypted and needs a password to open") from exc
        if _ZERO_PAGES.search(data) and not _ONE_PAGE.search(data):
            raise LoadError("EMPTY", f"{name}: the PDF has no pages") from exc
        # pdfium already rebuilds a broken xref table by scanning the file; if even that
        # fails there is nothing left to repair.
        raise LoadError("CORRUPT", f"{name}: the PDF cannot be parsed, even after xref repair ({exc})") from exc


def _read_page(pdf: pdfium.PdfDocument, index: int, settings: PdfSettings) -> tuple[_PageScan, list[GridTable]]:
    number = index + 1
    try:
        page = pdf[index]
    except pdfium.PdfiumError as exc:
        log.warning("page %d cannot be loaded: %s", number, exc)
        return _PageScan(number, 0.0, 0.0, (), False, f"PAGE_UNREADABLE:{number}"), []
    try:
        transform = page_transform(page)
        textpage = page.get_textpage()
        try:
            chars = tuple(read_chars(textpage, transform))
        finally:
            textpage.close()
        if chars:
            verdict = page_readability(chars)
            if not verdict.readable:
                log.debug("page %d: unreadable text layer: %s", number, verdict.reason)
                return _PageScan(number, transform.width, transform.height, (), False, unreadable=verdict.reason), []
        is_table = bool(chars) and _looks_like_table_page(chars, settings)
        blank = not chars and pdfium_c.FPDFPage_CountObjects(page.raw) == 0
        scan = _PageScan(number, transform.width, transform.height, chars, is_table, blank=blank)
        if not is_table:
            return scan, []
        segments = read_segments(page, transform, settings.max_line_width)
        tables: list[GridTable] = []
        if len(segments) >= settings.min_segments_for_lattice:
            tables = find_lattice_tables(segments, chars, number)
        if not tables:
            tables = find_stream_tables(chars, number)
        log.debug("page %d: %d segments, %d tables", number, len(segments), len(tables))
        return scan, tables
    finally:
        page.close()


def _looks_like_table_page(chars: Sequence[Char], settings: PdfSettings) -> bool:
    text = "".join(c.text for c in chars)
    # Keywords are simplified Chinese: compare after the one normalisation (t2s), so a report from a
    # traditional-character mirror (行政復議, 結轉下年度) is found too.
    compact = normalize_text(re.sub(r"\s+", "", text))
    if any(k in compact for k in settings.table_keywords):
        return True
    numeric_lines = 0
    for line in reading_lines(chars):
        if len(_NUMBER_RUN.findall(line.text())) >= 3:
            numeric_lines += 1
    return numeric_lines >= settings.numeric_lines_for_table


def _inside(ch: Char, tables: Sequence[GridTable]) -> bool:
    return any(t.bbox[0] - 1 <= ch.cx <= t.bbox[2] + 1 and t.bbox[1] - 1 <= ch.cy <= t.bbox[3] + 1 for t in tables)


def _page_content(scan: _PageScan, tables: Sequence[GridTable]) -> list[ContentItem]:
    free = [c for c in scan.chars if not _inside(c, tables)]
    items: list[tuple[float, float, ContentItem]] = []
    for text, bbox in _paragraphs(reading_lines(free), scan.width):
        box = (round(bbox[0], 2), round(bbox[1], 2), round(bbox[2], 2), round(bbox[3], 2))
        items.append((box[1], box[0], TextBlock(text=text, provenance=Provenance(page=scan.number, bbox=box))))
    for table in tables:
        items.append((table.bbox[1], table.bbox[0], table.to_table()))
    items.sort(key=lambda it: (it[0], it[1]))
    return [it[2] for it in items]


def _paragraphs(lines: Sequence[Line], page_width: float) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Group lines into paragraphs: a line continues the previous one when that one runs to
    the right margin, the gap is small, the size equal and the new line is not indented.
    Consecutive centred title lines (larger than the body text) form one block."""
    if not lines:
        return []
    sizes = sorted(ln.size for ln in lines)
    body = sizes[len(sizes) // 2]
    right = max(ln.bbox[2] for ln in lines)
    left = min(ln.bbox[0] for ln in lines)
    centre = page_width / 2
    out: list[tuple[str, list[Line]]] = []
    for ln in lines:
        text = ln.text().strip()
        if not text:
            continue
        if out:
            prev = out[-1][1][-1]
            size = ln.size
            gap = ln.bbox[1] - prev.bbox[3]
            same_size = abs(size - prev.size) <= 0.15 * max(size, prev.size)
            close = -0.2 * size <= gap <= 0.8 * size
            runs_full = prev.bbox[2] >= right - 1.5 * size
            not_indented = ln.bbox[0] <= left + 0.8 * size
            centred = (abs((ln.bbox[0] + ln.bbox[2]) / 2 - centre) < 2 * size
                       and abs((prev.bbox[0] + prev.bbox[2]) / 2 - centre) < 2 * size)
            title = centred and size > 1.15 * body and same_size and -0.2 * size <= gap <= 1.5 * size
            if title:
                out[-1] = (out[-1][0] + " " + text, [*out[-1][1], ln])
                continue
            if same_size and close and runs_full and not_indented:
                out[-1] = (join_wrapped([out[-1][0], text]), [*out[-1][1], ln])
                continue
        out.append((text, [ln]))
    return [(text, union_bbox(ln.bbox for ln in group)) for text, group in out]
