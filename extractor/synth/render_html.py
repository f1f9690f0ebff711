"""Synthetic reports as HTML pages, in the two shapes agencies publish: a CMS page (plain
``<td>`` cells, ``&nbsp;`` for blanks, ``<br />`` inside labels, sometimes inside a layout table)
and a page exported from Word (``MsoNormalTable``, each cell a styled ``<p>``/``<span>``).
A :class:`PageStyle` adds a print stylesheet (paper, ruling lines, vertical text) for the PDFs
printed from the page, and site navigation around it."""

from __future__ import annotations

from html import escape

from extractor.synth.grid import Grid, GridCell
from extractor.synth.phrases import load_phrases
from extractor.synth.variants import DEFAULT_PAGE, PageStyle, Variant

_WORD_TD = ("style='border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'")
_WORD_SPAN = "style='font-size:10.5pt;font-family:宋体'"
_PAPER_CSS = """@page {{ size: {paper}; margin: 20mm 18mm; }}
body {{ font-family: "WenQuanYi Zen Hei", "Noto Sans CJK SC", sans-serif; font-size: 12pt; line-height: 1.6; }}
p {{ text-indent: 2em; margin: 0 0 4pt 0; }}
table {{ border-collapse: collapse; width: 100%; font-size: 9pt; margin: 4pt 0 10pt 0; }}
td {{ border: 1px solid #000; padding: 3pt 4pt; vertical-align: middle; }}
tr {{ page-break-inside: avoid; }}"""
_NO_BORDERS_CSS = "table, td { border: none; }"
_VERTICAL_CSS = "td.v { writing-mode: vertical-rl; letter-spacing: 2pt; }"


def _cms_cell(cell: GridCell) -> str:
    text = "&nbsp;" if not cell.text else "<br />".join(escape(p) for p in cell.text.split("\n"))
    return f"<td{_attrs(cell)} align=\"center\">{text}</td>"


def _stylesheet(page: PageStyle) -> str:
    rules = [_PAPER_CSS.format(paper=page.paper)] if page.paper else []
    rules += [_NO_BORDERS_CSS] if not page.borders else []
    rules += [_VERTICAL_CSS] if page.vertical_results else []
    return f"<style>\n{chr(10).join(rules)}\n</style>\n" if rules else ""


def _word_cell(cell: GridCell) -> str:
    if not cell.text:
        inner = "<p class=MsoNormal align=center><span lang=EN-US>&nbsp;</span></p>"
    else:
        inner = "".join(f"<p class=MsoNormal align=center style='text-align:center'><span {_WORD_SPAN}>"
                        f"{escape(part)}</span></p>" for part in cell.text.split("\n"))
    return f"<td{_attrs(cell)} valign=center {_WORD_TD}>{inner}</td>"


def _attrs(cell: GridCell) -> str:
    out = ""
    if cell.rowspan > 1:
        out += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        out += f' colspan="{cell.colspan}"'
    return out + (' class="v"' if cell.vertical else "")


def table_html(grid: Grid, word: bool) -> str:
    render = _word_cell if word else _cms_cell
    head = ("<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 "
            "style='border-collapse:collapse;border:none'>") if word else \
        '<table border="1" cellspacing="0" cellpadding="0" width="100%">'
    rows = "\n".join("<tr>" + "".join(render(c) for c in row) + "</tr>" for row in grid)
    return f"{head}\n<tbody>\n{rows}\n</tbody>\n</table>"


def render_html(title: str, body: list[str | Grid], variant: Variant, page: PageStyle = DEFAULT_PAGE) -> str:
    """The page: paragraphs (str) and tables (grids) in order."""
    word = variant.carrier == "html_word"
    parts: list[str] = []
    for item in body:
        if isinstance(item, str):
            cls = " class=MsoNormal" if word else ""
            parts.append(f"<p{cls}>{escape(item)}</p>")
        else:
            parts.append(table_html(item, word))
    content = "\n".join(parts)
    phrases = load_phrases()
    nav = " | ".join(f'<a href="#">{escape(t)}</a>' for t in phrases.site_nav) if page.site_chrome else "&nbsp;"
    if variant.outer_table:
        content = (f'<table width="1000" align="center"><tr><td class="nav">{nav}</td></tr>'
                   f'<tr><td><div class="TRS_Editor">\n{content}\n</div></td></tr></table>')
    else:
        content = f'<div class="article-content">\n{content}\n</div>'
        content = f'<div class="nav">{nav}</div>\n{content}' if page.site_chrome else content
    if page.site_chrome:
        content += f'\n<div class="footer">{escape(phrases.site_footer)}</div>'
    charset = ""
    if variant.encoding.endswith("+meta"):
        name = "gb2312" if variant.encoding.startswith("gbk") else "utf-8"
        charset = f'<meta http-equiv="Content-Type" content="text/html; charset={name}">\n'
    return (f"<!DOCTYPE html>\n<html>\n<head>\n{charset}<title>{escape(title)}</title>\n{_stylesheet(page)}</head>\n<body>\n"
            f"<h1>{escape(title)}</h1>\n{content}\n</body>\n</html>\n")
