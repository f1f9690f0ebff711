"""Title, agency and year of a report, read from its text blocks.

The title is the first line shaped like ``<agency><year>年(度)…年度报告`` (or ``<year>年<agency>…``);
the agency is the title without the year and the report words, lengthened to the fuller name
the body uses for it (``洪泽区人民政府`` → ``淮安市洪泽区人民政府``), but never to a sub-office.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.document import Document
from extractor.normalize import normalize_text

_REPORT = r"政府信息公开(?:工作)?年度?报告"
_TITLE_AGENCY_FIRST = re.compile(r"^(?P<agency>[^\d，。；：:]{2,40}?)\s*(?P<year>(?:19|20)\d{2})\s*年度?\s*" + _REPORT)
_TITLE_YEAR_FIRST = re.compile(r"^(?P<year>(?:19|20)\d{2})\s*年度?\s*(?P<agency>[^\d，。；：:]{2,40}?)\s*" + _REPORT)
_LABELLED = re.compile(r"^(?:标题|题目|title)\s*[:：]\s*", re.IGNORECASE)
# A place-name prefix (淮安市): Han characters other than the function words that precede a name in
# a sentence (本报告由…, 在…), ending in a level word.
_PREFIX_PLACE = r"[^\W\d_由在的和及与对为是将本报告年]{1,6}?[省市州盟]"
_SUFFIX_BODY = r"(?:管委会|管理委员会)"


@dataclass(frozen=True)
class Metadata:
    title: str | None
    agency: str | None
    year: int | None
    evidence: tuple[str, ...]


def _find_title(lines: list[str]) -> tuple[str, str, int] | None:
    for line in lines[:400]:
        text = _LABELLED.sub("", normalize_text(line).strip())
        for pattern in (_TITLE_AGENCY_FIRST, _TITLE_YEAR_FIRST):
            match = pattern.search(text)
            if match:
                agency = re.sub(r"\s+", "", match["agency"]).strip("《》“”\"' ")
                return text[: match.end()].strip(), agency, int(match["year"])
    return None


def _fuller_agency(agency: str, body: str) -> tuple[str, str | None]:
    pattern = re.compile(f"(?P<pre>{_PREFIX_PLACE})?{re.escape(agency)}(?P<post>{_SUFFIX_BODY})?")
    best = agency
    for match in pattern.finditer(body):
        name = match.group(0)
        if len(name) > len(best):
            best = name
    return best, (f"body names the agency {best}" if best != agency else None)


def read_metadata(document: Document) -> Metadata:
    lines = [b.text for b in document.text_blocks]
    lines += [n.removeprefix("html-title ") for n in document.notes if n.startswith("html-title ")]
    found = _find_title(lines)
    if found is None:
        return Metadata(title=None, agency=None, year=None, evidence=("no title line found",))
    title, agency, year = found
    body = normalize_text("\n".join(lines))
    agency, why = _fuller_agency(agency, body)
    evidence = [f"title: {title}"] + ([why] if why else [])
    return Metadata(title=title, agency=agency, year=year, evidence=tuple(evidence))
