"""HTML → Document.

Encoding: BOM, then the HTTP header charset, then ``<meta>``, then detection (chardet); a declared
gb2312/gbk is read as gb18030 (its superset). Tables: only the innermost ``<table>`` elements are
report tables (layout tables that hold other tables are walked for their text only); rowspan and
colspan become cell spans; ``<br>``, ``<p>`` and ``<span>`` inside a cell are joined. Text blocks:
block-level elements outside tables, in document order; navigation, scripts and styles dropped.
"""

from __future__ import annotations

import re

import chardet
import lxml.html
from lxml import etree

from extractor.document import Cell, ContentItem, Document, Provenance, SourceInfo, Table, TextBlock
from extractor.errors import LoadError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w]+)""", re.IGNORECASE)
_WIDE_CHINESE = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
                 "cp936": "gb18030", "euc-cn": "gb18030", "hz-gb-2312": "gb18030"}
_SKIP_TAGS = frozenset({"script", "style", "noscript", "nav", "header", "footer", "select", "option", "button",
                        "iframe", "form", "head", "template"})
_BLOCK_TAGS = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
                         "td", "th", "dd", "dt", "blockquote", "pre", "center", "font", "title"})
_MAX_SPAN = 1000


def _canonical(encoding: str) -> str:
    name = encoding.strip().lower()
    return _WIDE_CHINESE.get(name, name)


def decode_html(data: bytes, http_charset: str | None = None) -> tuple[str, str]:
    """Decode HTML bytes; return (text, how the encoding was chosen)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "bom:utf-8"
    candidates: list[tuple[str, str]] = []
    if http_charset:
        candidates.append((_canonical(http_charset), "http-header"))
    meta = _META_CHARSET.search(data[:4096])
    if meta:
        candidates.append((_canonical(meta.group(1).decode("ascii", "replace")), "meta"))
    for encoding, how in candidates:
        try:
            return data.decode(encoding), f"{how}:{encoding}"
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    guess = chardet.detect(data[:200_000])
    encoding = _canonical(str(guess.get("encoding") or "gb18030"))
    if encoding in ("gb18030", "big5", "euc-tw", "iso-8859-1", "windows-1252", "ascii", "cp949", "euc-kr"):
        # Chinese government pages: trust the GB family unless the detector is sure of Big5.
        if encoding != "big5" or float(guess.get("confidence") or 0) < 0.9:
            encoding = "gb18030"
    elif float(guess.get("confidence") or 0) < 0.5:
        encoding = "gb18030"  # an unsure guess of a Western code page on a Chinese page (e.g. cp850 at 0.04)
    try:
        return data.decode(encoding, errors="replace"), f"detected:{encoding}"
    except LookupError:
        return data.decode("gb18030", errors="replace"), "fallback:gb18030"


def _cell_text(element: etree._Element) -> str:
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SKIP_TAGS:
            return
        if tag == "br":
            parts.append("\n")
        elif node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if isinstance(child.tag, str) and child.tag in ("p", "div", "li"):
                parts.append("\n")
            if child.tail:
                parts.append(child.tail)

    walk(element)
    text = "".join(parts).replace("\xa0", " ").replace("\u3000", " ")
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip() or 1), _MAX_SPAN))
    except ValueError:
        return 1


def _direct_rows(table: etree._Element) -> list[etree._Element]:
    rows: list[etree._Element] = []
    for child in table:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "tr":
            rows.append(child)
        elif tag in ("tbody", "thead", "tfoot"):
            rows.extend(r for r in child if r.tag == "tr")
    return rows


def _table(element: etree._Element, index: int) -> Table | None:
    occupied: set[tuple[int, int]] = set()
    cells: list[Cell] = []
    n_cols = 0
    rows = _direct_rows(element)
    for r, tr in enumerate(rows):
        c = 0
        td_index = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            td_index += 1
            while (r, c) in occupied:
                c += 1
            row_span = min(_span(td.get("rowspan")), len(rows) - r)
            col_span = _span(td.get("colspan"))
            for dr in range(row_span):
                for dc in range(col_span):
                    occupied.add((r + dr, c + dc))
            locator = f"table[{index}]/tr[{r + 1}]/td[{td_index}]"
            cells.append(Cell(row=r, col=c, text=_cell_text(td), provenance=Provenance(locator=locator),
                              row_span=row_span, col_span=col_span))
            c += col_span
            n_cols = max(n_cols, c)
    if not cells:
        return None
    n_cols = max([n_cols] + [col + 1 for (_, col) in occupied])
    return Table(cells=tuple(cells), n_rows=len(rows), n_cols=n_cols, strategy="html",
                 provenance=Provenance(locator=f"table[{index}]"))


def load_html(data: bytes, source: SourceInfo, http_charset: str | None = None) -> Document:
    text, how = decode_html(data, http_charset)
    if not text.strip():
        raise LoadError("EMPTY_FILE", "the file is empty")
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise LoadError("NOT_HTML", f"cannot parse as HTML: {exc}") from exc
    content: list[ContentItem] = []
    table_index = 0
    block_index = 0

    def emit_text(node: etree._Element) -> None:
        nonlocal block_index
        value = _cell_text(node)
        for line in value.split("\n"):
            if line.strip():
                block_index += 1
                content.append(TextBlock(text=line.strip(), provenance=Provenance(locator=f"block[{block_index}]")))

    def walk(node: etree._Element) -> None:
        nonlocal table_index
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SKIP_TAGS:
            return
        if tag == "table":
            if node.find(".//table") is None:
                table_index += 1
                table = _table(node, table_index)
                if table is not None:
                    content.append(table)
                return
            for child in node.iter("td", "th"):
                # Layout table: walk the cells that are not themselves inside a nested table.
                if child.getparent() is not None and _owner_table(child) is node:
                    walk_children(child)
            return
        if tag in _BLOCK_TAGS and not _has_block_child(node):
            emit_text(node)
            return
        if node.text and node.text.strip() and tag not in ("html", "body"):
            emit_text(node)
            return
        walk_children(node)

    def walk_children(node: etree._Element) -> None:
        if node.text and node.text.strip() and node.tag in ("body", "td", "th", "div"):
            block = etree.Element("p")
            block.text = node.text
            emit_text(block)
        for child in node:
            walk(child)
            if child.tail and child.tail.strip():
                block = etree.Element("p")
                block.text = child.tail
                emit_text(block)

    body = root.find("body")
    walk(body if body is not None else root)
    title = root.find(".//title")
    notes = [f"encoding {how}"]
    lowered = text[-2048:].lower()
    if "<html" in text[:4096].lower() and "</html>" not in lowered and "</body>" not in lowered:
        notes.append("TRUNCATED")
    if title is not None and title.text and title.text.strip():
        notes.append(f"html-title {title.text.strip()}")
    return Document(source=source, content=tuple(content), notes=tuple(notes))


def _owner_table(node: etree._Element) -> etree._Element | None:
    parent = node.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _has_block_child(node: etree._Element) -> bool:
    return any(isinstance(child.tag, str) and (child.tag in _BLOCK_TAGS or child.tag == "table")
               for child in node.iter() if child is not node)
