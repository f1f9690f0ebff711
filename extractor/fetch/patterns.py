"""What the crawler looks for, as data: link texts, URL shapes and file types.

Everything here is matched against NFKC-normalised text with whitespace collapsed (see
:func:`extractor.fetch.discover.normalise_text`). The algorithm is in ``discover.py``; to
teach the crawler a new site style, add a pattern here, with a test.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

# A link to a column (list) of annual reports, followed from a start page. Matched in full.
REPORT_COLUMN_TEXTS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        r"(?:政府)?信息公开(?:工作)?年(?:度报告|报)(?:专栏)?",
        r"(?:政府信息公开)?年(?:度报告|报)专栏",
        r"年度报告",
        r"年报",
    )
)

# A link to one annual report (a page or a document). Searched anywhere in the text.
REPORT_TITLES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        r"政府信息公开(?:工作)?年度报告",
        r"信息公开(?:工作)?年(?:度报告|报)",
        r"(?:19|20)\d{2}\s*年度?.{0,40}?(?:年度报告|年报)",
    )
)

# Texts that look like a report title but are something else.
REPORT_EXCLUDES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        r"企业年报",
        r"年报公示",
        r"年度报告公示",
        r"决算",
        r"预算",
        r"统计公报",
        r"征集",
    )
)

# Pagination links on a list page: by their text (matched in full) ...
PAGINATION_TEXTS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        r"下一?页",
        r"后一?页",
        r"[尾末]页",
        r"上一?页",
        r"前一?页",
        r"首页",
        r"第?\d{1,4}页?",
        r"[>»›]{1,2}",
        r"[<«‹]{1,2}",
        r"next|prev(?:ious)?|last|first",
    )
)
# ... or by the shape of their URL (searched in path + query).
PAGINATION_HREFS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"(?:^|/)(?:index|list|default)_\d+\.s?html?$",
        r"[?&](?:page|pageno|pageindex|pagenum|pn|curpage|currpage|p)=\d+",
    )
)

# TRS WCM style script pagination: createPageHTML(countPage, currentPage, "index", "html"),
# optionally with a leading element id. Numbers may be literal or variable names.
CREATE_PAGE_HTML = re.compile(
    r"createPageHTML\(\s*(?:['\"][^'\"]*['\"]\s*,\s*)?(\w+)\s*,\s*(\w+)\s*,\s*"
    r"['\"]([\w-]+)['\"]\s*,\s*['\"](\w+)['\"]"
)
SCRIPT_VARIABLE = r"(?:var|let|const)?\s*{name}\s*=\s*(\d+)"

# Attachments on a report page: by extension of the URL path or of the link text ...
DOCUMENT_EXTENSIONS: frozenset[str] = frozenset(
    {"pdf", "doc", "docx", "wps", "xls", "xlsx", "et", "ofd", "rtf", "zip", "rar"}
)
# ... or download-script URLs such as download.jsp?id=123.
DOWNLOAD_HREFS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"download\w*\.(?:jsp|do|aspx?|php|action)",
        r"/download(?:file)?/?\?",
        r"downfile|filedown|getfile|attachment\.(?:jsp|do)",
    )
)

# A year in a title, file name or URL.
YEAR_IN_TEXT = re.compile(r"((?:19|20)\d{2})\s*年")
YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
# TRS article URLs carry the publication date: t20240315_87885.htm (report year = 2023).
PUBLISHED_IN_URL = re.compile(r"/t((?:19|20)\d{2})\d{4}_\d+")
EARLIEST_REPORT_YEAR = 2008  # the Regulations took effect on 2008-05-01

# Magic bytes first, then names: (prefix, media type, extension).
MAGIC_BYTES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage", "doc"),
    (b"PK\x03\x04", "application/zip", "zip"),
    (b"{\\rtf", "application/rtf", "rtf"),
    (b"Rar!", "application/vnd.rar", "rar"),
)
MEDIA_TYPES: Mapping[str, str] = MappingProxyType(
    {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "wps": "application/vnd.ms-works",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "et": "application/vnd.ms-excel",
    "ofd": "application/ofd",
    "rtf": "application/rtf",
    "zip": "application/zip",
    "rar": "application/vnd.rar",
    "html": "text/html",
    "txt": "text/plain",
    "bin": "application/octet-stream",
    }
)
OLE_EXTENSIONS: frozenset[str] = frozenset({"doc", "wps", "xls", "et"})
ZIP_EXTENSIONS: frozenset[str] = frozenset({"docx", "xlsx", "zip", "ofd"})
