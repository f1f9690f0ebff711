"""``extract summary output/RUN``: one self-contained HTML page about a batch run.

Charts are inline SVG drawn here (no JavaScript, no network): reports per year and template,
check pass rates, the confidence histogram and the shares of request outcomes, each with the
numbers under it.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

import click
import pandas as pd

from extractor.batch.state import write_atomic

COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#7f7f7f")
STATUS_COLOURS = {"pass": "#2ca02c", "fail": "#d62728", "skip": "#bbbbbb"}
OUTCOMES = (("granted", "disclosed in full", ("t3.granted.total",)),
            ("partly_granted", "partly disclosed", ("t3.partly_granted.total",)),
            ("withheld", "withheld", "t3.withheld."), ("unable", "unable to provide", "t3.unable."),
            ("not_handled", "not handled", "t3.not_handled."), ("other", "other handling", ("t3.other.total",)))


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


def read_table(run_dir: Path, name: str) -> pd.DataFrame:
    parquet = run_dir / f"{name}.parquet"
    if parquet.is_file():
        return pd.read_parquet(parquet)
    csv = run_dir / f"{name}.csv"
    if csv.is_file():
        return pd.read_csv(csv, encoding="utf-8-sig")
    raise click.ClickException(f"{run_dir}: no {name}.parquet or {name}.csv (is this a batch run folder?)")


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def bar_chart(labels: list[str], series: list[Series], stacked: bool = True, percent: bool = False,
              colours: tuple[str, ...] | None = None, width: int = 640, height: int = 220) -> str:
    """Vertical bars, one group per label; stacked (or side by side) series; with a legend."""
    colours = colours or COLOURS
    n = max(1, len(labels))
    totals = [sum(s.values[i] for s in series) if stacked else max((s.values[i] for s in series), default=0)
              for i in range(len(labels))]
    top = 100.0 if percent else max([*totals, 1.0])
    left, bottom, plot_h = 48, 40, height - 70
    slot = (width - left - 10) / n
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - 5}" y2="{height - bottom}" stroke="#333"/>']
    for tick in (0.0, 0.5, 1.0):
        y = height - bottom - tick * plot_h
        parts.append(f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">'
                     f'{_fmt(top * tick)}{"%" if percent else ""}</text>')
    for i, label in enumerate(labels):
        base = 0.0
        bar_w = slot * 0.7 / (1 if stacked else max(1, len(series)))
        for k, s in enumerate(series):
            value = s.values[i]
            h = plot_h * value / top if top else 0
            x = left + i * slot + slot * 0.15 + (0 if stacked else k * bar_w)
            y = height - bottom - h - (plot_h * base / top if stacked and top else 0)
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                         f'fill="{colours[k % len(colours)]}"><title>{html.escape(label)} {html.escape(s.name)}: '
                         f'{_fmt(value)}</title></rect>')
            base += value if stacked else 0
        parts.append(f'<text x="{left + (i + 0.5) * slot:.1f}" y="{height - bottom + 14}" font-size="10" '
                     f'text-anchor="middle">{html.escape(label)}</text>')
    for k, s in enumerate(series):
        x = left + k * 110
        parts.append(f'<rect x="{x}" y="{height - 14}" width="10" height="10" fill="{colours[k % len(colours)]}"/>'
                     f'<text x="{x + 14}" y="{height - 5}" font-size="10">{html.escape(s.name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def number_table(labels: list[str], series: list[Series], first: str) -> str:
    head = "".join(f"<th>{html.escape(s.name)}</th>" for s in series)
    body = "".join(f"<tr><td>{html.escape(label)}</td>" + "".join(f"<td>{_fmt(s.values[i])}</td>" for s in series)
                   + "</tr>" for i, label in enumerate(labels))
    return f"<table><tr><th>{html.escape(first)}</th>{head}</tr>{body}</table>"


def _section(title: str, labels: list[str], series: list[Series], first: str, **chart: object) -> str:
    if not labels:
        return f"<h2>{html.escape(title)}</h2><p>No data.</p>"
    return (f"<h2>{html.escape(title)}</h2>" + bar_chart(labels, series, **chart)  # type: ignore[arg-type]
            + number_table(labels, series, first))


def years_and_templates(reports: pd.DataFrame) -> tuple[list[str], list[Series]]:
    ok = reports[reports["status"] != "failed"].copy()
    ok["year"] = ok["year"].astype("string").fillna("unknown")
    ok["template"] = ok["template"].astype("string").fillna("none")
    counts = ok.groupby(["year", "template"]).size().unstack(fill_value=0).sort_index()
    return [str(y) for y in counts.index], [Series(str(t), tuple(float(v) for v in counts[t])) for t in counts.columns]


def check_rates(checks: pd.DataFrame, dataset_checks: pd.DataFrame) -> tuple[list[str], list[Series]]:
    frames = [checks[["check_id", "status"]]]
    cross = dataset_checks[dataset_checks["check_id"].isin(["R5", "R6"])][["check_id", "status"]]
    frames.append(cross)
    both = pd.concat(frames, ignore_index=True)
    if both.empty:
        return [], []
    counts = both.groupby(["check_id", "status"]).size().unstack(fill_value=0).sort_index()
    shares = counts.div(counts.sum(axis=1), axis=0) * 100
    return [str(c) for c in shares.index], [Series(s, tuple(float(v) for v in shares[s]) if s in shares else
                                                   tuple(0.0 for _ in shares.index))
                                            for s in ("pass", "fail", "skip")]


def confidence_histogram(reports: pd.DataFrame, bins: int = 10) -> tuple[list[str], list[Series]]:
    values = reports.loc[reports["status"] != "failed", "confidence"].dropna().clip(0, 1)
    counts = [0.0] * bins
    for v in values:
        counts[min(bins - 1, int(float(v) * bins))] += 1
    return [f"{i / bins:.1f}–{(i + 1) / bins:.1f}" for i in range(bins)], [Series("reports", tuple(counts))]


def outcome_shares(wide: pd.DataFrame) -> tuple[list[str], list[Series]]:
    ok = wide[wide["status"] != "failed"]
    sums: list[float] = []
    for _, _, cols in OUTCOMES:
        ids = list(cols) if isinstance(cols, tuple) else [c for c in ok.columns if c.startswith(cols)
                                                          and c.endswith(".total")]
        sums.append(float(ok[[c for c in ids if c in ok.columns]].sum().sum()))
    total = sum(sums)
    shares = [100 * s / total if total else 0.0 for s in sums]
    return [label for _, label, _ in OUTCOMES], [Series("share %", tuple(shares)), Series("requests", tuple(sums))]


def render_summary(run_dir: Path) -> str:
    reports = read_table(run_dir, "reports")
    checks = read_table(run_dir, "checks")
    dataset_checks = read_table(run_dir, "dataset_checks")
    wide = read_table(run_dir, "wide")
    manifest_path = run_dir / "run.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else {}
    status = reports["status"].value_counts()
    failures = reports["failure_code"].dropna().value_counts()
    timing = manifest.get("timings", {})
    head = (f"<p>{len(reports)} reports: {int(status.get('ok', 0))} ok, {int(status.get('partial', 0))} partial, "
            f"{int(status.get('failed', 0))} failed. Extractor {html.escape(str(manifest.get('versions', {}).get('ogi-extract', '?')))}"
            f"; finished {html.escape(str(manifest.get('finished_at', '?')))}; "
            f"{html.escape(str(timing.get('reports_per_s', '?')))} reports/s.</p>")
    if len(failures):
        head += "<p>Failures: " + ", ".join(f"{html.escape(str(k))} {int(v)}" for k, v in failures.items()) + "</p>"
    labels, series = years_and_templates(reports)
    body = [_section("Reports per year and template", labels, series, "year")]
    labels, series = check_rates(checks, dataset_checks)
    body.append(_section("Check pass rates (% of checks; R1–R4 within reports, R5–R6 across years)", labels, series,
                         "check", stacked=True, percent=True,
                         colours=(STATUS_COLOURS["pass"], STATUS_COLOURS["fail"], STATUS_COLOURS["skip"])))
    labels, series = confidence_histogram(reports)
    body.append(_section("Report confidence", labels, series, "confidence"))
    labels, series = outcome_shares(wide)
    body.append("<h2>Shares of request outcomes (表三, all reports)</h2>"
                + bar_chart(labels, series[:1], percent=True) + number_table(labels, series, "outcome"))
    style = ("body{font:14px sans-serif;max-width:760px;margin:2em auto;color:#222}table{border-collapse:collapse;"
             "margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}"
             "td:first-child,th:first-child{text-align:left}")
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Batch summary: "
            f"{html.escape(run_dir.name)}</title><style>{style}</style></head><body>"
            f"<h1>Batch summary: {html.escape(run_dir.name)}</h1>{head}{''.join(body)}</body></html>\n")


@click.command("summary")
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the page (default: RUN_DIR/summary.html).")
def summary(run_dir: Path, out_file: Path | None) -> None:
    """Write a self-contained HTML summary (charts and numbers) of a batch run folder."""
    target = out_file or run_dir / "summary.html"
    write_atomic(target, render_summary(run_dir).encode("utf-8"))
    click.echo(str(target))
