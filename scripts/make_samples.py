"""Write the project's own samples samples/s001–s003 and their expected answers.

Each sample is a report of extractor.synth with fixed values (the template sums R1–R4 hold) and
the printing choices a real agency might make. The expected file is the generator's gold.
Run: ``.venv/bin/python scripts/make_samples.py [NAME ...]`` (deterministic, byte for byte).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

from extractor.synth.generate import layout_of
from extractor.synth.samples import Sample, write_samples
from extractor.synth.values import Number
from extractor.synth.variants import PageStyle, PrintOptions, Variant

ROOT = Path(__file__).resolve().parents[1]
APPLICANTS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org")
T4_RESULTS = ("upheld", "corrected", "other", "pending")


def cells(table: str, rows: Mapping[str, tuple[Number, ...]], columns: tuple[str, ...]) -> dict[str, Number]:
    return {f"{table}.{row}.{col}": v for row, values in rows.items() for col, v in zip(columns, values, strict=True)}


# 表三 outcome rows and carried rows, 表四 results (the totals follow from the sums); rows left out are 0.
T3_2021 = {"granted": (41, 6, 0, 1, 2, 0), "partly_granted": (9, 1, 0, 0, 0, 0),
           "withheld.state_secret": (1, 0, 0, 0, 0, 0), "withheld.third_party": (2, 1, 0, 0, 0, 0),
           "withheld.process_info": (3, 0, 0, 0, 0, 0), "unable.not_held": (27, 4, 1, 0, 1, 0),
           "unable.needs_creation": (5, 0, 0, 0, 0, 0), "unable.unclear": (2, 0, 0, 0, 0, 0),
           "not_handled.complaint": (6, 0, 0, 0, 0, 0), "not_handled.repeated": (4, 1, 0, 0, 0, 0),
           "other.overdue_correction": (3, 0, 0, 0, 0, 0), "other.other": (1, 0, 0, 0, 0, 1),
           "carried_over": (5, 1, 0, 0, 0, 0), "carried_forward": (7, 2, 0, 0, 0, 0)}
T3_2019 = {k: v for k, v in T3_2021.items() if not k.startswith("other.")} | {"other": (4, 0, 0, 0, 0, 1)}
T4 = cells("t4", {"review": (2, 1, 0, 1), "suit_direct": (1, 0, 0, 1)}, T4_RESULTS)
APPLICATIONS_2021 = cells("t3", T3_2021, APPLICANTS) | T4
# s001 prints the zeros of three applicant columns as dashes (the other zeros as 0).
DASHED = {f"t3.{row.id}.{col}": "—" for row in layout_of("2021").block("t3").rows
          for col in ("commercial", "social_org", "other_org")}

SAMPLES = (
    Sample("s001", "2021 template; Word-exported HTML (MsoNormalTable, styled <p>/<span> cells, line breaks "
           "inside header labels) in GBK without a meta charset; the report inside a layout table among site "
           "navigation; one traditional-character label (1.屬於國家秘密); some zeros printed as —; a fee "
           "with its unit in the cell (12.5万元)",
           Variant(carrier="html_word", template="2021", encoding="gbk", break_labels=True, outer_table=True),
           given=APPLICATIONS_2021 | {"t2.normative_docs.issued": 4, "t2.normative_docs.repealed": 1,
                                      "t2.normative_docs.in_force": 23, "t2.licensing.decisions": 1260,
                                      "t2.punishment.decisions": 87, "t2.admin_fees.amount": 12.5},
           options=PrintOptions(agency="示例区农业农村局", year=2023, label_scripts={"withheld.state_secret": "s2tw"},
                                cell_forms=DASHED | {"t2.coercion.decisions": "—", "t2.admin_fees.amount": "万元"},
                                page=PageStyle(site_chrome=True))),
    Sample("s002", "2021 template as `pdftotext -layout` text: whitespace-aligned columns, spanned cells left "
           "empty, a title with spaces around the year",
           Variant(carrier="text_aligned", template="2021", encoding="utf-8"),
           given=APPLICATIONS_2021 | {"t2.normative_docs.issued": 2, "t2.normative_docs.in_force": 15,
                                      "t2.licensing.decisions": 35},
           options=PrintOptions(title="示例县教育局 2022 年政府信息公开工作年度报告", agency="示例县教育局", year=2022)),
    Sample("s003", "2019 template, UTF-8 CMS HTML: （六）其他处理 as one row, <br /> inside header labels, a "
           "negative 本年增/减, a procurement amount in 元 (45000元 = 4.5万元), the year before the agency "
           "in the title",
           Variant(carrier="html_cms", template="2019", break_labels=True),
           given=cells("t3", T3_2019, APPLICANTS) | T4 | cells("t2", {
               "regulations": (1, 1, 12), "normative_docs": (6, 6, 80)}, ("made", "published", "published_total"))
           | cells("t2", {"licensing": (14, -2, 350), "other_services": (3, 0, 41), "punishment": (120, 5, 64),
                          "coercion": (8, 0, 2)}, ("items_last_year", "items_change", "decisions"))
           | {"t2.admin_fees.items_last_year": 2, "t2.procurement.projects": 3, "t2.procurement.amount": 4.5},
           options=PrintOptions(title="2020年示例市司法局政府信息公开工作年度报告", agency="示例市司法局", year=2020,
                                cell_forms={"t2.procurement.amount": "元"})),
)

if __name__ == "__main__":
    for path in write_samples(SAMPLES, ROOT / "samples", only=sys.argv[1:]):
        print(f"wrote {path.relative_to(ROOT)}")
