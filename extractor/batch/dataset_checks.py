"""Checks across reports: the same agency's figures from one year to the next, and duplicates.

- ``R5``: 上年结转 of year t (``t3.carried_over.total``) = 结转下年度继续办理 of year t−1
  (``t3.carried_forward.total``), same agency.
- ``R6``: 现行有效件数 of year t = 现行有效 of t−1 + 本年制发 − 本年废止 of t, for 规章 and
  行政规范性文件 (``t2.regulations.*``, ``t2.normative_docs.*``), both reports of the 2021 template.
- ``DUPLICATE_CONTENT``: the same bytes (sha256) under different names.
- ``AGENCY_YEAR_TWICE``: two different documents for the same agency and year (R5/R6 then use the
  one with the higher confidence and say so).

Reports that failed, or lack an agency or a year, are left out. Each check is a row with
``status`` pass / fail / skip, both sides' numbers and a ``detail``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from extractor.batch.tables import Dataset, frame

COLUMNS = {
    "check_id": "string", "status": "string", "agency": "string", "year": "Int64", "prev_year": "Int64",
    "scope": "string", "lhs": "float64", "rhs": "float64", "detail": "string", "report_ids": "string",
    "sources": "string",
}
R6_ROWS = ("regulations", "normative_docs")


@dataclass(frozen=True)
class DatasetCheckSettings:
    tolerance: float = 1e-6  # |lhs − rhs| at or under this passes
    r6_template: str = "2021"


def _value(row: pd.Series, cid: str) -> float | None:
    if cid not in row.index:
        return None
    value = row[cid]
    return None if pd.isna(value) else float(value)


def _compare(check_id: str, scope: str, agency: str, year: int, cur: pd.Series, prev: pd.Series,
             lhs: float | None, rhs: float | None, text: str, tolerance: float) -> dict[str, Any]:
    base = {"check_id": check_id, "agency": agency, "year": year, "prev_year": year - 1, "scope": scope,
            "report_ids": f"{cur['report_id']},{prev['report_id']}", "sources": f"{cur['source']},{prev['source']}"}
    if lhs is None or rhs is None:
        return {**base, "status": "skip", "lhs": lhs, "rhs": rhs, "detail": f"{text}: a value is missing"}
    status = "pass" if abs(lhs - rhs) <= tolerance else "fail"
    return {**base, "status": status, "lhs": lhs, "rhs": rhs,
            "detail": f"{text}: {lhs:g} vs {rhs:g}" + ("" if status == "pass" else f" (difference {lhs - rhs:+g})")}


def run_dataset_checks(dataset: Dataset, settings: DatasetCheckSettings | None = None) -> pd.DataFrame:
    """The ``dataset_checks`` table of a run."""
    settings = settings or DatasetCheckSettings()
    rows: list[dict[str, Any]] = []
    reports = dataset.reports
    for _, dup in reports[reports["also_named"].notna()].iterrows():
        rows.append({"check_id": "DUPLICATE_CONTENT", "status": "fail", "agency": dup["agency"], "year": dup["year"],
                     "scope": "report", "detail": f"the same content (sha256) as {dup['source']}: {dup['also_named']}",
                     "report_ids": dup["report_id"], "sources": f"{dup['source']}; {dup['also_named']}"})
    wide = dataset.wide
    usable = wide[(wide["status"] != "failed") & wide["agency"].notna() & wide["year"].notna()]
    usable = usable.sort_values(["agency", "year", "confidence", "report_id"], ascending=[True, True, False, True])
    for (agency, year), group in usable.groupby(["agency", "year"], sort=True):
        if len(group) > 1:
            rows.append({"check_id": "AGENCY_YEAR_TWICE", "status": "fail", "agency": agency, "year": year,
                         "scope": "report", "detail": f"{len(group)} different documents; cross-year checks use "
                         f"{group.iloc[0]['source']} (highest confidence)",
                         "report_ids": ",".join(group["report_id"]), "sources": ",".join(group["source"])})
    best = usable.drop_duplicates(["agency", "year"], keep="first")
    for agency, group in best.groupby("agency", sort=True):
        by_year = {int(r["year"]): r for _, r in group.iterrows()}
        for year in sorted(by_year):
            if year - 1 not in by_year:
                continue
            cur, prev = by_year[year], by_year[year - 1]
            rows.append(_compare("R5", "t3.carried_over.total", str(agency), year, cur, prev,
                                 _value(cur, "t3.carried_over.total"), _value(prev, "t3.carried_forward.total"),
                                 f"上年结转 {year} = 结转下年 {year - 1}", settings.tolerance))
            if cur["template"] != settings.r6_template or prev["template"] != settings.r6_template:
                continue
            for row in R6_ROWS:
                parts = [_value(prev, f"t2.{row}.in_force"), _value(cur, f"t2.{row}.issued"),
                         _value(cur, f"t2.{row}.repealed")]
                expected = None if any(p is None for p in parts) else parts[0] + parts[1] - parts[2]  # type: ignore[operator]
                rows.append(_compare("R6", f"t2.{row}.in_force", str(agency), year, cur, prev,
                                     _value(cur, f"t2.{row}.in_force"), expected,
                                     f"现行有效 {year} = 现行有效 {year - 1} + 制发 − 废止", settings.tolerance))
    data = frame(rows, COLUMNS)
    return data.sort_values(["check_id", "agency", "year", "scope"], na_position="first", kind="stable").reset_index(
        drop=True)
