"""``extract eval``: how right the extractor is, on gold files or on a generated set."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from extractor.evaluate.gold import GoldError, read_gold_dir
from extractor.evaluate.metrics import DocResult, summarize
from extractor.evaluate.report import doc_table, summary_lines, to_json, write_reliability_plot, wrong_lines
from extractor.evaluate.run import evaluate_folder, evaluate_synth
from extractor.synth.generate import generate_set, write_set
from extractor.synth.variants import CARRIERS

EXAMPLES = """
\b
Examples:
  extract eval --gold ../shared/corpus/gold --docs ../shared/corpus/docs
  extract eval --synth 500 --seed 11 --plot output/reliability.png
  extract eval --synth 60 --seed 2024 --json | jq .cell_accuracy
"""


@click.command("eval", epilog=EXAMPLES)
@click.option("--gold", "gold_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Folder of gold JSON files (the corpus format).")
@click.option("--docs", "docs_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Folder of the documents the gold files name (default: <gold>/../docs).")
@click.option("--synth", type=int, default=0, help="Evaluate N generated reports instead of (or with) --gold.")
@click.option("--seed", type=int, default=2024, show_default=True, help="Seed of the generated reports.")
@click.option("--carrier", "carriers", multiple=True, type=click.Choice(CARRIERS),
              help="Generated carriers (repeatable; default: all).")
@click.option("--write-synth", type=click.Path(file_okay=False, path_type=Path),
              help="Also write the generated docs and gold into this folder.")
@click.option("--json", "as_json", is_flag=True, help="Print the evaluation as JSON.")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), help="Write a reliability plot (PNG).")
@click.option("--wrong-limit", type=int, default=50, show_default=True, help="Wrong cells listed in the text output.")
def eval(gold_dir: Path | None, docs_dir: Path | None, synth: int, seed: int, carriers: tuple[str, ...],
         write_synth: Path | None, as_json: bool, plot: Path | None, wrong_limit: int) -> None:
    """Score the extractor: per document and overall cell accuracy, table exact-match, template
    detection, prose checks, silent errors (wrong at confidence ≥ 0.9), calibration, wrong cells."""
    if gold_dir is None and synth <= 0:
        raise click.UsageError("give --gold DIR or --synth N")
    results: list[DocResult] = []
    if gold_dir is not None:
        try:
            golds = read_gold_dir(gold_dir)
        except GoldError as exc:
            raise click.ClickException(str(exc)) from exc
        results += evaluate_folder(golds, docs_dir or gold_dir.parent / "docs")
    if synth > 0:
        docs = generate_set(synth, seed, carriers or CARRIERS)
        if write_synth is not None:
            write_set(docs, write_synth)
        results += evaluate_synth(docs)
    summary = summarize(results)
    if plot is not None:
        write_reliability_plot(summary.bins, plot)
    if as_json:
        click.echo(json.dumps(to_json(summary, results), ensure_ascii=False, indent=1))
    else:
        lines = doc_table(results) + [""] + summary_lines(summary)
        wrong = wrong_lines(results, wrong_limit)
        if wrong:
            lines += ["", "wrong cells (document, cell, gold, got, provenance):"] + wrong
        click.echo("\n".join(lines))
    sys.exit(0)
