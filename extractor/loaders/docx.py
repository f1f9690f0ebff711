"""DOCX → Document.

The package is opened with python-docx (it follows the relationships to the main part, so a
document part not named ``word/document.xml`` still loads); the body is then walked as XML, in
reading order: ``w:p`` becomes a :class:`TextBlock` (locator ``p[N]``, N counting every body
paragraph from 1), ``w:tbl`` a :class:`Table`, and ``w:sdt`` / ``w:customXml`` wrappers are
transparent.

Tables: one :class:`Cell` per merged region. A horizontal merge is ``w:gridSpan`` on one ``w:tc``;
a vertical merge is a ``w:vMerge="restart"`` cell continued by ``w:vMerge`` cells below it, which
extend the region's ``row_span`` (their text, normally empty, is appended). ``w:gridBefore``
skips grid columns at the start of a row. Cell text is the cell's non-empty paragraphs joined
with ``"\\n"``. As in the HTML loader, only innermost tables are report tables: a table holding
another table is a layout table, walked for its paragraphs and inner tables.

Guards: a ZIP that is broken or is not a Word package is ``CORRUPT``; a package whose members
would inflate past :attr:`DocxSettings.max_uncompressed_bytes` is ``TOO_LARGE`` (zip bomb).
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
import zlib
from dataclasses import dataclass

from docx.opc.exceptions import PackageNotFoundError
from docx.opc.package import OpcPackage
from lxml import etree

from extractor.document import Cell, ContentItem, Document, Provenance, SourceInfo, Table, TextBlock
from extractor.errors import LoadError

logger = logging.getLogger(__name__)

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_WORD_MAIN_TYPES = frozenset({
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
})
_MAX_SPAN = 1000
_SPACES = re.compile(r"[ \t\r\f\v\xa0\u3000]+")


def _q(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT, _CUSTOM_XML = map(
    _q, ("p", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml"))
_T, _TAB, _BR, _CR, _NB_HYPHEN = map(_q, ("t", "tab", "br", "cr", "noBreakHyphen"))
_VAL = _q("val")
# Run content that is not the paragraph's own text: drawings and text boxes (their text is in
# both mc:Choice and mc:Fallback, so it would come twice), embedded objects, field codes.
_OPAQUE = frozenset({_q("drawing"), _q("pict"), _q("object"), _q("instrText"), _q("delText"),
                     "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"})


@dataclass(frozen=True)
class DocxSettings:
    """Limits for DOCX packages."""

    max_uncompressed_bytes: int = 500 * 1024 * 1024  # total inflated size of all members
    max_members: int = 10_000


def check_package(data: bytes, settings: DocxSettings) -> None:
    """Raise CORRUPT for a broken ZIP and TOO_LARGE for a decompression bomb."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise LoadError("CORRUPT", f"not a readable DOCX (broken ZIP: {exc})") from exc
    if len(infos) > settings.max_members:
        raise LoadError("TOO_LARGE", f"{len(infos):,} ZIP members is over the limit of {settings.max_members:,}")
    total = sum(info.file_size for info in infos)
    if total > settings.max_uncompressed_bytes:
        raise LoadError("TOO_LARGE", f"the DOCX inflates to {total:,} bytes, over the limit of "
                                     f"{settings.max_uncompressed_bytes:,} bytes")


def _body(data: bytes) -> etree._Element:
    try:
        package = OpcPackage.open(io.BytesIO(data))
        part = package.main_document_part
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, OSError, EOFError, zlib.error,
            etree.XMLSyntaxError) as exc:
        raise LoadError("CORRUPT", f"not a readable DOCX ({type(exc).__name__}: {exc})") from exc
    if part.content_type not in _WORD_MAIN_TYPES:
        raise LoadError("UNSUPPORTED_FORMAT", f"a ZIP package that is not a Word document ({part.content_type})")
    element = getattr(part, "element", None)
    body = element.find(_q("body")) if element is not None else None
    if body is None:
        raise LoadError("CORRUPT", "the DOCX has no document body")
    result: etree._Element = body
    return result


def paragraph_text(p: etree._Element) -> str:
    """A paragraph's text: runs, tabs as spaces, line breaks as ``\\n``; drawings and fields skipped."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _OPAQUE:
                continue
            if tag == _T:
                parts.append(child.text or "")
            elif tag == _TAB:
                parts.append(" ")
            elif tag in (_BR, _CR):
                parts.append("\n")
            elif tag == _NB_HYPHEN:
                parts.append("-")
            else:
                walk(child)

    walk(p)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _children(node: etree._Element) -> list[etree._Element]:
    """Block-level children, looking through content controls and custom XML wrappers."""
    out: list[etree._Element] = []
    for child in node:
        if child.tag in (_SDT, _CUSTOM_XML):
            content = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if content is not None:
                out.extend(_children(content))
        elif isinstance(child.tag, str):
            out.append(child)
    return out


def _rows(tbl: etree._Element) -> list[etree._Element]:
    return [c for c in _children(tbl) if c.tag == _TR]


def _cells(tr: etree._Element) -> list[etree._Element]:
    return [c for c in _children(tr) if c.tag == _TC]


def _int_prop(parent: etree._Element | None, tag: str, default: int) -> int:
    if parent is None:
        return default
    node = parent.find(_q(tag))
    if node is None:
        return default
    try:
        return max(0, min(int(node.get(_VAL, default)), _MAX_SPAN))
    except ValueError:
        return default


def _vmerge(tc: etree._Element) -> str | None:
    """``"restart"``, ``"continue"`` or None (not merged vertically)."""
    props = tc.find(_q("tcPr"))
    node = props.find(_q("vMerge")) if props is not None else None
    if node is None:
        return None
    return "restart" if node.get(_VAL) == "restart" else "continue"


def _cell_text(tc: etree._Element) -> str:
    texts = [paragraph_text(p) for p in tc.iter(_P)]
    return "\n".join(t for t in texts if t)


@dataclass
class _Region:
    row: int
    col: int
    col_span: int
    row_span: int
    text: str
    locator: str


def _table(tbl: etree._Element, index: int) -> Table | None:
    regions: list[_Region] = []
    open_at: dict[int, _Region] = {}  # grid column → region whose bottom row is the previous row
    rows = _rows(tbl)
    n_cols = 0
    for r, tr in enumerate(rows):
        col = _int_prop(tr.find(_q("trPr")), "gridBefore", 0)
        still_open: dict[int, _Region] = {}
        for t, tc in enumerate(_cells(tr), start=1):
            span = max(1, _int_prop(tc.find(_q("tcPr")), "gridSpan", 1))
            merge = _vmerge(tc)
            above = open_at.get(col)
            if merge == "continue" and above is not None and above.row + above.row_span == r:
                above.row_span += 1
                extra = _cell_text(tc)
                if extra:
                    above.text = f"{above.text}\n{extra}" if above.text else extra
                region = above
            else:
                region = _Region(r, col, span, 1, _cell_text(tc), f"table[{index}]/tr[{r + 1}]/tc[{t}]")
                regions.append(region)
            if merge is not None:
                still_open[col] = region
            col += span
            n_cols = max(n_cols, col)
        open_at = still_open
    if not regions:
        return None
    cells = tuple(Cell(row=g.row, col=g.col, text=g.text, provenance=Provenance(locator=g.locator),
                       row_span=g.row_span, col_span=g.col_span) for g in regions)
    return Table(cells=cells, n_rows=len(rows), n_cols=n_cols, strategy="docx",
                 provenance=Provenance(locator=f"table[{index}]"))


def load_docx(data: bytes, source: SourceInfo, settings: DocxSettings | None = None) -> Document:
    settings = settings or DocxSettings()
    check_package(data, settings)
    body = _body(data)
    content: list[ContentItem] = []
    counters = {"table": 0, "p": 0}

    def walk(node: etree._Element) -> None:
        for child in _children(node):
            if child.tag == _P:
                counters["p"] += 1
                locator = Provenance(locator=f"p[{counters['p']}]")
                content.extend(TextBlock(text=line, provenance=locator)
                               for line in paragraph_text(child).split("\n") if line)
            elif child.tag == _TBL:
                if child.find(f".//{_TBL}") is None:
                    counters["table"] += 1
                    table = _table(child, counters["table"])
                    if table is not None:
                        content.append(table)
                else:  # a layout table: its cells' paragraphs and inner tables, in reading order
                    for tr in _rows(child):
                        for tc in _cells(tr):
                            walk(tc)

    walk(body)
    if not content:
        logger.info("%s: the DOCX body is empty", source.file)
    return Document(source=source, content=tuple(content), notes=("docx",))
