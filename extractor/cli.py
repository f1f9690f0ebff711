"""The ``extract`` command line.

``extract FILE...`` extracts reports; ``extract crawl|batch|eval|summary`` are subcommands.
Only this module configures logging and prints.
"""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import click

from extractor import __version__
from extractor.loaders import LoadSettings, load_bytes, source_of
from extractor.pipeline import extract_bytes
from extractor.record import Record, Severity, Status, failed_record
from extractor.writers import atomic_write, to_csv, to_json

EXIT_OK = 0
EXIT_FAILED = 1

EXAMPLES = """
\b
Examples:
  extract report.html                      print the record as JSON
  extract a.pdf b.html c.txt               one JSON record per line (JSON Lines)
  extract reports/*.html --out output/     write output/<name>.json per report
  extract report.pdf --format csv          long CSV, one row per cell
  extract report.pdf --dump-document       the loaded document model, as JSON
  extract store/ --out output/             every report a crawl stored (extract crawl --store store/)
  extract https://www.example.gov.cn/art/2024/3/1/report.html
                                           download one report and extract it (no robots.txt check:
                                           you named the URL; use `extract crawl` to find reports)
\b
Exit status: 0 when every file gave a record (status ok or partial),
1 when any file failed or is broken (e.g. truncated): one line on stderr
names the file and the reason; its record is still written.
"""


# Subcommands that live in their own packages, imported only when used (batch pulls in pandas,
# which would slow every `extract FILE` by ~0.2 s).
LAZY_COMMANDS = {"crawl": "extractor.fetch.cli", "batch": "extractor.batch.cli",
                 "eval": "extractor.evaluate.cli", "summary": "extractor.batch.summary"}


class DefaultGroup(click.Group):
    """A group whose default command is ``run``: ``extract FILE`` means ``extract run FILE``."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            import importlib

            command = getattr(importlib.import_module(LAZY_COMMANDS[cmd_name]), cmd_name)
            if not isinstance(command, click.Command):
                raise TypeError(f"{LAZY_COMMANDS[cmd_name]}.{cmd_name} is not a click command")
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        i = 0
        while i < len(args) and (args[i] == "--verbose" or (args[i].startswith("-v") and set(args[i][1:]) == {"v"})):
            i += 1  # the group's own options (-v, -vv, --verbose) come first
        known = {*self.commands, *LAZY_COMMANDS, "--help", "-h", "--version"}
        if i < len(args) and args[i] not in known:
            args = [*args[:i], "run", *args[i:]]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage("extract", "[OPTIONS] FILE... | COMMAND [ARGS]...")


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=EXAMPLES)
@click.version_option(__version__, prog_name="ogi-extract")
@click.option("-v", "--verbose", count=True, help="More logging on stderr (-vv for debug).")
def main(verbose: int) -> None:
    """Extract tables 二, 三 and 四 of 政府信息公开工作年度报告 (China's government
    information-disclosure annual reports) into checked, confidence-scored records.

    Run `extract FILE...` (HTML, text, PDF, DOCX, DOC or WPS), or one of the commands below.
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


@dataclass(frozen=True)
class _Input:
    shown: str  # as the user gave it (a path or a URL), for messages
    name: str  # file name for loaders and --out
    path: Path | None = None
    url: str | None = None


def _download(item: _Input, settings: LoadSettings) -> tuple[_Input, bytes | Record]:
    from extractor.errors import FetchError
    from extractor.fetch.single import fetch_document

    assert item.url is not None
    try:
        fetched = fetch_document(item.url, settings.max_bytes)
    except FetchError as exc:
        return item, failed_record(source_of(b"", item.name, url=item.url), "FETCH_FAILED", str(exc))
    return _Input(item.shown, fetched.name, None, fetched.final_url), fetched.body


def _read(path: Path, settings: LoadSettings) -> bytes | Record:
    empty = source_of(b"", path.name)  # a file not read: its record names it, with no content hash to give
    try:
        size = path.stat().st_size
        if path.is_dir():
            return failed_record(empty, "NOT_A_FILE", "is a directory")
        if size > settings.max_bytes:
            return failed_record(empty, "TOO_LARGE",
                                 f"{size:,} bytes is over the size limit of {settings.max_bytes:,} bytes "
                                 f"(--max-bytes)")
        return path.read_bytes()
    except FileNotFoundError:
        return failed_record(empty, "NOT_FOUND", "no such file")
    except OSError as exc:
        return failed_record(empty, "UNREADABLE", exc.strerror or str(exc))


def _is_failure(record: Record) -> bool:
    return record.status is Status.FAILED or any(i.severity is Severity.ERROR for i in record.issues)


def _failure_line(path: Path | str, record: Record) -> str:
    errors = [i for i in record.issues if i.severity is Severity.ERROR]
    reason = errors[0] if errors else (record.issues[0] if record.issues else None)
    return f"extract: {path}: {reason.message if reason else 'failed'} ({reason.code if reason else 'FAILED'})"


@main.command("run", epilog=EXAMPLES)
@click.argument("files", nargs=-1, required=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write one file per report into this folder instead of printing.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True,
              help="json: the record of ../spec/record.md; csv: long format, one row per cell.")
@click.option("--dump-document", is_flag=True, help="Output the loaded document model instead of the record.")
@click.option("--max-bytes", type=int, default=LoadSettings().max_bytes, show_default=True,
              help="Refuse inputs larger than this.")
@click.option("--excel", is_flag=True, help="CSV with a UTF-8 BOM, so Excel shows Chinese correctly.")
def run(files: tuple[str, ...], out_dir: Path | None, fmt: str, dump_document: bool, max_bytes: int,
        excel: bool) -> None:
    """Extract one or more report files (HTML, plain text, PDF, DOCX, DOC, WPS), or reports at
    http(s) URLs."""
    settings = LoadSettings(max_bytes=max_bytes)
    exit_code = EXIT_OK
    records: list[Record] = []
    inputs = _expand_inputs(files)
    for given in inputs:
        item, data = _download(given, settings) if given.path is None else (given, _read(given.path, settings))
        if dump_document and isinstance(data, bytes):
            _dump(item, data, settings, out_dir)
            continue
        record = data if isinstance(data, Record) else extract_bytes(data, item.name, url=item.url,
                                                                      settings=settings)
        if _is_failure(record):
            exit_code = EXIT_FAILED
            click.echo(_failure_line(item.shown, record), err=True)
        if out_dir is not None:
            suffix = ".csv" if fmt == "csv" else ".json"
            text = to_csv([record], bom=excel) if fmt == "csv" else to_json(record) + "\n"
            atomic_write(out_dir / (item.name + suffix), text.encode("utf-8"))
        else:
            records.append(record)
    if out_dir is None and records:
        if fmt == "csv":
            click.echo(to_csv(records, bom=excel), nl=False)
        elif len(inputs) == 1:
            click.echo(to_json(records[0]))
        else:
            for record in records:
                click.echo(to_json(record, pretty=False))
    sys.exit(exit_code)


def _expand_inputs(files: tuple[str, ...]) -> list[_Input]:
    """Files and URLs as given; a crawl store folder (``extract crawl --store``) gives its stored documents."""
    from extractor.fetch.single import is_url

    inputs: list[_Input] = []
    for given in files:
        if is_url(given):
            inputs.append(_Input(given, PurePosixPath(given.split("?", 1)[0]).name or "index", url=given))
            continue
        path = Path(given)
        if path.is_dir() and (path / "objects").is_dir():
            from extractor.fetch.store import iter_store

            inputs.extend(_Input(str(item.path), item.path.name, item.path, item.url) for item in iter_store(path))
        else:
            inputs.append(_Input(given, path.name, path))
    return inputs


def _dump(item: _Input, data: bytes, settings: LoadSettings, out_dir: Path | None) -> None:
    from extractor.errors import LoadError

    try:
        document = load_bytes(data, item.name, url=item.url, settings=settings)
    except LoadError as exc:
        click.echo(f"extract: {item.shown}: {exc.message} ({exc.code})", err=True)
        sys.exit(EXIT_FAILED)
    payload: dict[str, Any] = document.to_dict()
    text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    if out_dir is not None:
        atomic_write(out_dir / (item.name + ".document.json"), text.encode("utf-8"))
    else:
        click.echo(text, nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
