"""``python -m extractor.synth --out DIR --n N --seed S``: write generated docs + gold JSON."""

from __future__ import annotations

from pathlib import Path

import click

from extractor.synth.generate import generate_set, set_digest, write_set
from extractor.synth.variants import ALL_CARRIERS, CARRIERS


@click.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--n", "count", type=int, default=60, show_default=True)
@click.option("--seed", type=int, default=2024, show_default=True)
@click.option("--carrier", "carriers", multiple=True, type=click.Choice(ALL_CARRIERS),
              help="Carriers to generate, in turn (default: the HTML and text ones; pdf_chromium and pdf_scan need chromium, doc_libreoffice and pdf_libreoffice soffice).")
def main(out: Path, count: int, seed: int, carriers: tuple[str, ...]) -> None:
    """Generate COUNT reports (docs/ and gold/ under OUT) and print the set's sha256."""
    docs = generate_set(count, seed, carriers or CARRIERS)
    write_set(docs, out)
    click.echo(f"{len(docs)} reports in {out} (sha256 {set_digest(docs)})")


if __name__ == "__main__":
    main()
