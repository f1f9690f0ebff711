#!/usr/bin/env python3
"""Regenerate the project-made PDF samples in ``samples/pdf/``.

For each variant this writes ``<name>.html`` (a 2021-template report with known values that
satisfy the template's sums R1–R4), renders ``<name>.pdf`` with headless Chromium or
LibreOffice, and writes ``<name>.expected.json`` = ``{"template": "2021", "values": {id: n}}``
with the codebook ids of ``../shared/spec/codebook.csv``.

Needs (Debian): ``chromium``, ``fonts-noto-cjk``, ``libreoffice-writer-nogui``; pypdfium2 for
the ``rotated`` variant. The generated files are committed; tests never run this script.

    .venv/bin/python scripts/make_pdf_samples.py [--only NAME ...]
"""

from __future__ import annotations

import argparse
import html
import json
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "samples" / "pdf"
SKELETON = json.loads((OUT / "template_2021.json").read_text(encoding="utf-8"))
COLS = [c[0] for c in SKELETON["columns"]]
APPLICANTS = COLS[:-1]


@dataclass(frozen=True)
class Variant:
    name: str
    seed: int
    renderer: str  # "chromium" | "libreoffice"
    borders: bool = True
    landscape: bool = False
    split_t3: bool = False
    vertical_label: bool = False
    rotate: bool = False  # rewrite each page as portrait MediaBox + /Rotate 90
    description: str = ""


VARIANTS = (
    Variant("chromium_bordered", 11, "chromium", vertical_label=True,
            description="ruled tables, vertical 三、本年度办理结果 (writing-mode), Chromium"),
    Variant("chromium_borderless", 12, "chromium", borders=False,
            description="no ruling lines at all (CSS border:none): stream strategy"),
    Variant("chromium_split", 13, "chromium", split_t3=True,
            description="long prose pushes table 三 over a page break (rows kept whole)"),
    Variant("chromium_landscape", 14, "chromium", landscape=True,
            description="@page A4 landscape"),
    Variant("chromium_rotated", 15, "chromium", landscape=True, rotate=True,
            description="landscape content on a portrait page with /Rotate 90"),
    Variant("libreoffice_bordered", 16, "libreoffice",
            description="ruled tables, LibreOffice Writer HTML import → PDF"),
)


# ----------------------------------------------------------------------------------- values

def make_values(seed: int) -> dict[str, float | int | None]:
    """Values that satisfy R1–R4 (templates.md §1.6)."""
    rng = random.Random(seed)
    v: dict[str, float | int | None] = {}

    def small(p_zero: float = 0.6, hi: int = 9) -> int:
        return 0 if rng.random() < p_zero else rng.randint(1, hi)

    for _caption, _headers, row_defs, fields in SKELETON["t2_blocks"]:
        for row_id, _row_label in row_defs:
            for f in fields:
                if f == "amount":
                    v[f"t2.{row_id}.{f}"] = round(rng.randint(100, 999999) / 100, 2)
                else:
                    v[f"t2.{row_id}.{f}"] = rng.randint(0, 600)
    for col in APPLICANTS:
        items: list[str] = []
        for gid, _glabel, subs in SKELETON["t3_groups"]:
            if gid == "total":
                continue
            if subs:
                for sid, _s in subs:
                    key = f"t3.{gid}.{sid}.{col}"
                    v[key] = small(0.5 if col == "natural_person" else 0.85)
                    items.append(key)
            else:
                key = f"t3.{gid}.{col}"
                v[key] = small(0.3 if col == "natural_person" else 0.8, 30)
                items.append(key)
        total = sum(int(v[k] or 0) for k in items)
        v[f"t3.total.{col}"] = total
        forward = small(0.6, 5)
        v[f"t3.carried_forward.{col}"] = forward
        carried = rng.randint(0, min(total + forward, 4))
        v[f"t3.carried_over.{col}"] = carried
        v[f"t3.new.{col}"] = total + forward - carried
    row_stems = [k[: -len(".natural_person")] for k in v if k.startswith("t3.") and k.endswith(".natural_person")]
    for stem in row_stems:
        v[f"{stem}.total"] = sum(int(v[f"{stem}.{c}"] or 0) for c in APPLICANTS)
    for block, _label in SKELETON["t4_blocks"]:
        parts = [small(0.5, 6) for _ in range(4)]
        for (cid, _c), n in zip(SKELETON["t4_columns"][:4], parts, strict=True):
            v[f"t4.{block}.{cid}"] = n
        v[f"t4.{block}.total"] = sum(parts)
    return v


def fmt(value: float | int | None) -> str:
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


# ------------------------------------------------------------------------------------- HTML

def css(variant: Variant) -> str:
    border = "1px solid #000" if variant.borders else "none"
    size = "A4 landscape" if variant.landscape else "A4"
    return f"""
@page {{ size: {size}; margin: 20mm 18mm; }}
body {{ font-family: "WenQuanYi Zen Hei", "Noto Sans CJK SC", sans-serif; font-size: 12pt; line-height: 1.6; }}
h1 {{ font-size: 18pt; text-align: center; margin: 0 0 12pt 0; }}
h2 {{ font-size: 13pt; margin: 14pt 0 6pt 0; }}
p {{ text-indent: 2em; margin: 0 0 4pt 0; }}
table {{ border-collapse: collapse; width: 100%; font-size: 9pt; margin: 4pt 0 10pt 0; page-break-inside: auto; }}
td {{ border: {border}; padding: 3pt 4pt; text-align: center; vertical-align: middle; }}
td.l {{ text-align: left; }}
tr {{ page-break-inside: avoid; }}
td.v {{ writing-mode: vertical-rl; letter-spacing: 2pt; }}
"""


def td(text: str, cls: str = "", rowspan: int = 1, colspan: int = 1) -> str:
    attrs = ""
    if cls:
        attrs += f' class="{cls}"'
    if rowspan > 1:
        attrs += f' rowspan="{rowspan}"'
    if colspan > 1:
        attrs += f' colspan="{colspan}"'
    return f"<td{attrs}>{html.escape(text)}</td>"


def table_open(variant: Variant) -> str:
    # LibreOffice's HTML import ignores CSS borders on cells; it honours the attribute
    return '<table border="1" cellspacing="0" cellpadding="3">' if variant.borders else "<table>"


def table2(v: dict[str, float | int | None], variant: Variant) -> str:
    rows: list[str] = []
    for caption, headers, row_defs, fields in SKELETON["t2_blocks"]:
        rows.append("<tr>" + td(caption, colspan=4) + "</tr>")
        span = 1 if len(headers) == 3 else 3
        rows.append("<tr>" + td(SKELETON["t4_header"]["label"]) + "".join(td(h, colspan=span) for h in headers) + "</tr>")
        for row_id, label in row_defs:
            cells = "".join(td(fmt(v[f"t2.{row_id}.{f}"]), colspan=span) for f in fields)
            rows.append("<tr>" + td(label, "l") + cells + "</tr>")
    return table_open(variant) + "".join(rows) + "</table>"


def table3(v: dict[str, float | int | None], variant: Variant) -> str:
    cols = SKELETON["columns"]
    rows = [
        "<tr>" + td(SKELETON["t3_footnote"], "l", rowspan=3, colspan=3) + td(SKELETON["t3_header"]["applicant"], colspan=7) + "</tr>",
        "<tr>" + td(cols[0][1], rowspan=2) + td(SKELETON["t3_header"]["org"], colspan=5) + td(cols[6][1], rowspan=2) + "</tr>",
        "<tr>" + "".join(td(c[1]) for c in cols[1:6]) + "</tr>",
    ]

    def values(stem: str) -> str:
        return "".join(td(fmt(v[f"{stem}.{c}"])) for c in COLS)

    for rid, label in SKELETON["t3_top"]:
        rows.append("<tr>" + td(label, "l", colspan=3) + values(f"t3.{rid}") + "</tr>")
    n_result_rows = sum(max(1, len(g[2])) for g in SKELETON["t3_groups"])
    first = True
    for gid, glabel, subs in SKELETON["t3_groups"]:
        lead = td(SKELETON["t3_results_label"], "v" if variant.vertical_label else "", rowspan=n_result_rows) if first else ""
        first = False
        if not subs:
            rows.append("<tr>" + lead + td(glabel, "l", colspan=2) + values(f"t3.{gid}") + "</tr>")
            continue
        for i, (sid, slabel) in enumerate(subs):
            group = td(glabel, "l", rowspan=len(subs)) if i == 0 else ""
            rows.append("<tr>" + (lead if i == 0 else "") + group + td(slabel, "l") + values(f"t3.{gid}.{sid}") + "</tr>")
    rid, label = SKELETON["t3_bottom"]
    rows.append("<tr>" + td(label, "l", colspan=3) + values(f"t3.{rid}") + "</tr>")
    return table_open(variant) + "".join(rows) + "</table>"


def table4(v: dict[str, float | int | None], variant: Variant) -> str:
    blocks = SKELETON["t4_blocks"]
    cols = SKELETON["t4_columns"]
    rows = [
        "<tr>" + td(blocks[0][1], colspan=5) + td(SKELETON["t4_header"]["lawsuit"], colspan=10) + "</tr>",
        "<tr>" + "".join(td(c[1], rowspan=2) for c in cols) + td(blocks[1][1], colspan=5) + td(blocks[2][1], colspan=5) + "</tr>",
        "<tr>" + "".join(td(c[1]) for c in cols) * 2 + "</tr>",
        "<tr>" + "".join(td(fmt(v[f"t4.{b}.{c[0]}"])) for b, _l in blocks for c in cols) + "</tr>",
    ]
    return table_open(variant) + "".join(rows) + "</table>"


def report_html(variant: Variant, v: dict[str, float | int | None]) -> str:
    year = 2023
    prose = SKELETON["prose"]
    agency = SKELETON["agencies"][variant.seed % len(SKELETON["agencies"])]
    heads = SKELETON["headings"]
    p = lambda s: f"<p>{html.escape(s)}</p>"  # noqa: E731
    filler = "".join(p(prose["filler"]) for _ in range(9 if variant.split_t3 else 1))
    body = [
        f"<h1>{html.escape(agency)}{year}年政府信息公开工作年度报告</h1>",
        p(prose["intro"].format(year=year)),
        f"<h2>{heads[0]}</h2>",
        p(prose["received"].format(year=year, new=fmt(v["t3.new.total"]), carried=fmt(v["t3.carried_over.total"]))),
        p(prose["proactive"].format(items=300 + variant.seed, web=200 + variant.seed)),
        filler,
        f"<h2>{heads[1]}</h2>", table2(v, variant),
        f"<h2>{heads[2]}</h2>", table3(v, variant),
        f"<h2>{heads[3]}</h2>", table4(v, variant),
        f"<h2>{heads[4]}</h2>", p(prose["problems"]),
        f"<h2>{heads[5]}</h2>", p(prose["fee"]),
    ]
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(agency)}</title>'
            f"<style>{css(variant)}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")


# ---------------------------------------------------------------------------------- render

def render_chromium(src: Path, dest: Path) -> None:
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if exe is None:
        sys.exit("chromium not found (apt-get install -y chromium fonts-noto-cjk)")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--user-data-dir={profile}", f"--print-to-pdf={dest}", src.as_uri()],
                       check=True, capture_output=True, timeout=120)


def render_libreoffice(src: Path, dest: Path) -> None:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        sys.exit("soffice not found (apt-get install -y libreoffice-writer-nogui)")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", "pdf:writer_web_pdf_Export", "--outdir", tmp, str(src)],
                       check=True, capture_output=True, timeout=180)
        shutil.move(str(Path(tmp) / (src.stem + ".pdf")), dest)


def rotate_pages(path: Path) -> None:
    """Rewrite each landscape page as a portrait MediaBox whose content is turned 90° and
    shown upright again by /Rotate 90 (what Word does with landscape sections)."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(path)
    out = pdfium.PdfDocument.new()
    for i in range(len(src)):
        width, height = src[i].get_size()
        form = src.page_as_xobject(i, out)
        page = out.new_page(height, width)
        obj = form.as_pageobject()
        obj.transform(pdfium.PdfMatrix(0, 1, -1, 0, height, 0))
        page.insert_obj(obj)
        page.gen_content()
        page.set_rotation(90)
    tmp = path.with_suffix(".tmp.pdf")
    out.save(tmp)
    src.close()
    out.close()
    tmp.replace(path)


RENDERERS: dict[str, Callable[[Path, Path], None]] = {"chromium": render_chromium, "libreoffice": render_libreoffice}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", help="variant names to build (default: all)")
    args = parser.parse_args()
    for variant in VARIANTS:
        if args.only and variant.name not in args.only:
            continue
        values = make_values(variant.seed)
        html_path = OUT / f"{variant.name}.html"
        pdf_path = OUT / f"{variant.name}.pdf"
        html_path.write_text(report_html(variant, values), encoding="utf-8")
        RENDERERS[variant.renderer](html_path, pdf_path)
        if variant.rotate:
            rotate_pages(pdf_path)
        expected = {"template": "2021", "variant": variant.description,
                    "values": dict(sorted(values.items()))}
        (OUT / f"{variant.name}.expected.json").write_text(
            json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{pdf_path.relative_to(ROOT)}: {pdf_path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
