"""Find list pages, report pages and attachments in HTML. Patterns live in ``patterns.py``."""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import unquote, urlsplit

import lxml.etree
import lxml.html

from extractor.fetch import patterns as p
from extractor.fetch.urls import directory, normalise_url, path_extension

logger = logging.getLogger(__name__)


class Kind(StrEnum):
    LIST = "list"  # a start page, a column of reports, or one of its pages
    REPORT = "report"  # an annual report: an HTML page or a document
    ATTACHMENT = "attachment"  # a document linked from a report page


@dataclass(frozen=True)
class Anchor:
    url: str
    text: str


@dataclass(frozen=True)
class Page:
    url: str
    title: str
    anchors: tuple[Anchor, ...]
    embeds: tuple[str, ...]  # iframe/embed/object sources
    scripts: str


@dataclass(frozen=True)
class Year:
    value: int | None
    source: str | None  # "link_text", "title", "filename", "url_date", ...


@dataclass(frozen=True)
class Link:
    url: str
    kind: Kind
    text: str
    year: Year


def normalise_text(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def parse_page(text: str, url: str) -> Page:
    """The links, title and scripts of an HTML page (lxml; broken markup tolerated)."""
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError):
        return Page(url, "", (), (), "")
    base = url
    for href in root.xpath("//base/@href"):
        base = normalise_url(str(href), url) or url
        break
    anchors: list[Anchor] = []
    for a in root.iter("a"):
        href = a.get("href")
        target = normalise_url(href, base) if href else None
        if target is None:
            continue
        label = normalise_text(" ".join(filter(None, (a.text_content(), a.get("title")))))
        anchors.append(Anchor(target, label))
    embeds = []
    for element, attribute in (("iframe", "src"), ("embed", "src"), ("object", "data")):
        for node in root.iter(element):
            src = node.get(attribute)
            target = normalise_url(src, base) if src else None
            if target:
                embeds.append(target)
    scripts = "\n".join(s.text_content() for s in root.iter("script"))
    titles = [normalise_text(t.text_content()) for t in root.iter("title")]
    headings = [normalise_text(h.text_content()) for h in root.iter("h1")]
    title = next((t for t in headings + titles if t), "")
    return Page(url, title, tuple(anchors), tuple(embeds), scripts)


def is_report_title(text: str) -> bool:
    return any(r.search(text) for r in p.REPORT_TITLES) and not any(r.search(text) for r in p.REPORT_EXCLUDES)


def is_report_column(text: str) -> bool:
    return any(r.fullmatch(text) for r in p.REPORT_COLUMN_TEXTS)


def is_document_url(url: str, text: str = "") -> bool:
    parts = urlsplit(url)
    target = parts.path + ("?" + parts.query if parts.query else "")
    text_ext = text.rsplit(".", 1)[1].lower().strip() if "." in text else ""
    return (path_extension(url) in p.DOCUMENT_EXTENSIONS or text_ext in p.DOCUMENT_EXTENSIONS
            or any(r.search(target) for r in p.DOWNLOAD_HREFS))


def is_pagination(anchor: Anchor, page_url: str) -> bool:
    if anchor.url == page_url or directory(anchor.url) != directory(page_url):
        return False
    parts = urlsplit(anchor.url)
    target = parts.path + ("?" + parts.query if parts.query else "")
    return (any(r.fullmatch(anchor.text.lower()) for r in p.PAGINATION_TEXTS)
            or any(r.search(target) for r in p.PAGINATION_HREFS))


def script_pages(page: Page, limit: int) -> list[str]:
    """Pages named by ``createPageHTML(count, current, "index", "html")`` in the scripts."""
    urls: list[str] = []
    for match in p.CREATE_PAGE_HTML.finditer(page.scripts):
        count_token, _, name, ext = match.groups()
        count = _script_int(count_token, page.scripts)
        if count is None:
            continue
        for i in range(min(count, limit)):
            url = normalise_url(name + (f"_{i}" if i else "") + "." + ext, page.url)
            if url and url != page.url:
                urls.append(url)
    return urls


def _script_int(token: str, scripts: str) -> int | None:
    if token.isdigit():
        return int(token)
    found = re.search(p.SCRIPT_VARIABLE.format(name=re.escape(token)), scripts)
    return int(found.group(1)) if found else None


def find_list_links(page: Page, max_pages: int) -> list[Link]:
    """Report links, report columns and pagination on a list (or start) page, in page order."""
    links: list[Link] = []
    for anchor in page.anchors:
        if is_report_column(anchor.text):
            links.append(Link(anchor.url, Kind.LIST, anchor.text, Year(None, None)))
        elif is_report_title(anchor.text):
            links.append(Link(anchor.url, Kind.REPORT, anchor.text, infer_year(anchor.text, anchor.url)))
        elif is_pagination(anchor, page.url):
            links.append(Link(anchor.url, Kind.LIST, anchor.text, Year(None, None)))
    for url in script_pages(page, max_pages):
        links.append(Link(url, Kind.LIST, "createPageHTML", Year(None, None)))
    return _unique(links)


def find_attachments(page: Page) -> list[Link]:
    """Documents linked or embedded on a report page."""
    links = [Link(a.url, Kind.ATTACHMENT, a.text, infer_year(a.text, a.url))
             for a in page.anchors if is_document_url(a.url, a.text)]
    links += [Link(u, Kind.ATTACHMENT, "", infer_year("", u)) for u in page.embeds if is_document_url(u)]
    return _unique(links)


def _unique(links: list[Link]) -> list[Link]:
    seen: set[str] = set()
    out = []
    for link in links:
        if link.url not in seen:
            seen.add(link.url)
            out.append(link)
    return out


def _plausible(year: int) -> bool:
    return p.EARLIEST_REPORT_YEAR <= year <= dt.date.today().year + 1


def infer_year(text: str, url: str = "", source: str = "link_text") -> Year:
    """The report year from a title (``2023年度``), else from a URL's publication date (minus one)."""
    for match in p.YEAR_IN_TEXT.finditer(text):
        if _plausible(int(match.group(1))):
            return Year(int(match.group(1)), source)
    if url:
        published = p.PUBLISHED_IN_URL.search(url)
        if published and _plausible(int(published.group(1)) - 1):
            return Year(int(published.group(1)) - 1, "url_date")
    return Year(None, None)


def year_from_filename(name: str | None) -> Year:
    if not name:
        return Year(None, None)
    found = infer_year(name, source="filename")
    if found.value is not None:
        return found
    for match in p.YEAR_IN_NAME.finditer(unquote(name)):
        if _plausible(int(match.group(1))):
            return Year(int(match.group(1)), "filename")
    return Year(None, None)

