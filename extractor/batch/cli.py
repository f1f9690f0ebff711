"""``extract batch INPUTS... --out output/RUN``: the click command (printing lives here only)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from extractor.batch.inputs import InputItem
from extractor.batch.settings import FORMATS, BatchSettings
from extractor.batch.worker import Outcome

EXAMPLES = """
\b
Examples:
  extract batch reports/ --out output/run1                 every report under reports/
  extract batch 'reports/**/*.pdf' --out output/run1       a glob (quote it)
  extract batch manifest.csv --out output/run1             CSV: path or url, agency, year
  extract batch store/ --out output/run1                   a crawl store (extract crawl)
  extract batch reports/ --out output/run1                 again: resumes, skips what is done
  extract batch reports/ --out output/run1 --scheduler tcp://SCHEDULER:8786
\b
The run folder gets reports, cells, wide, checks, issues, dataset_checks and codebook
as .csv, .jsonl and .parquet, the same tables in dataset.duckdb, and run.json.
"""


@click.command("batch", epilog=EXAMPLES)
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The run folder (created; an existing one is resumed).")
@click.option("--workers", type=int, default=0, show_default="one per core", help="Worker processes.")
@click.option("--timeout", "timeout_s", type=float, default=BatchSettings().timeout_s, show_default=True,
              help="Seconds one document may take before its worker is killed.")
@click.option("--memory-mb", type=int, default=BatchSettings().memory_mb, show_default=True,
              help="Address-space limit of each worker process, in MB.")
@click.option("--max-bytes", type=int, default=BatchSettings().max_bytes, show_default=True,
              help="Refuse inputs larger than this.")
@click.option("--format", "formats", default=",".join(FORMATS), show_default=True,
              help="Comma-separated: csv, jsonl, parquet, duckdb.")
@click.option("--excel", is_flag=True, help="CSV with a UTF-8 BOM, so Excel shows Chinese correctly.")
@click.option("--retry-failed", is_flag=True, help="On resume, extract again the documents that failed.")
@click.option("--scheduler", default=None, help="Run on a Dask cluster: tcp://HOST:PORT of its scheduler.")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
def batch(inputs: tuple[str, ...], out_dir: Path, workers: int, timeout_s: float, memory_mb: int, max_bytes: int,
          formats: str, excel: bool, retry_failed: bool, scheduler: str | None, no_progress: bool) -> None:
    """Extract many reports (folders, globs, manifests, crawl stores) into one dataset."""
    from tqdm import tqdm

    from extractor.batch.runner import execute_batch, finish_batch, plan_batch

    try:
        settings = BatchSettings(workers=workers, timeout_s=timeout_s, memory_mb=memory_mb, max_bytes=max_bytes,
                                 formats=tuple(f.strip() for f in formats.split(",") if f.strip()), excel=excel,
                                 retry_failed=retry_failed, scheduler=scheduler, progress=not no_progress)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    try:
        plan = plan_batch(inputs, out_dir, settings)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    for note in plan.notes:
        click.echo(f"extract batch: {note}", err=True)
    click.echo(f"extract batch: {len(plan.pending)} to extract, {plan.already_done} already done, "
               f"{len(plan.deferred)} with the same content as another input", err=True)
    bar = tqdm(total=len(plan.pending), unit="doc", file=sys.stderr, disable=no_progress, dynamic_ncols=True,
               smoothing=0.1)
    counts = {"ok": 0, "partial": 0, "failed": 0}

    converted = [0]

    def on_convert(n: int) -> None:  # DOC/WPS converted in bulk before extraction starts
        converted[0] += n
        bar.set_description_str(f"DOC/WPS → DOCX: {converted[0]}", refresh=True)

    def on_progress(item: InputItem, outcome: Outcome) -> None:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
        bar.set_postfix(counts, refresh=False)
        bar.update(1)

    try:
        progress = execute_batch(plan, settings, on_progress, on_convert=on_convert)
    finally:
        bar.close()
    manifest = finish_batch(plan, settings, progress)
    c = manifest["counts"]
    click.echo(f"extract batch: {c['reports']} reports ({c['ok']} ok, {c['partial']} partial, {c['failed']} failed), "
               f"{c['cells']} cells → {out_dir}", err=True)
    if c["failure_codes"]:
        click.echo("extract batch: failures: " + ", ".join(f"{k} {v}" for k, v in c["failure_codes"].items()), err=True)
