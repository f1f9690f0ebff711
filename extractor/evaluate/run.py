"""Running the extractor over gold documents (a folder, or a generated set) and scoring each.

One document never stops the run: a broken input scores all its cells wrong; a carrier whose
loader is not installed is reported as unsupported; an unexpected exception is kept with its
type and message.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from extractor.errors import LoadError
from extractor.evaluate.gold import Gold, parse_gold
from extractor.evaluate.metrics import DocResult, failed_result, score_record
from extractor.loaders import HTML, PDF, TEXT, detect_media_type
from extractor.pipeline import extract_bytes
from extractor.synth.generate import SynthDoc

log = logging.getLogger(__name__)

CARRIER_NAMES = {HTML: "html", TEXT: "text", PDF: "pdf"}
UNSUPPORTED_CODES = frozenset({"UNSUPPORTED_FORMAT", "PDF_LOADER_MISSING"})


def evaluate_bytes(data: bytes, gold: Gold, carrier: str | None = None) -> DocResult:
    media = detect_media_type(data, gold.document)
    carrier = carrier or gold.carrier or CARRIER_NAMES.get(media, media)
    try:
        record = extract_bytes(data, gold.document)
    except (ModuleNotFoundError, ImportError) as exc:
        return failed_result(gold, carrier, "unsupported", f"no loader for {media}: {exc}")
    except LoadError as exc:  # pragma: no cover - extract_bytes turns these into failed records
        return failed_result(gold, carrier, "error", f"{exc.code}: {exc.message}")
    except Exception as exc:  # an extractor bug: score it, name it, carry on
        log.exception("extracting %s raised", gold.document)
        return failed_result(gold, carrier, "error", f"{type(exc).__name__}: {exc}")
    codes = {i.code for i in record.issues}
    if record.status.value == "failed" and codes & UNSUPPORTED_CODES:
        return failed_result(gold, carrier, "unsupported", "; ".join(i.message for i in record.issues))
    return score_record(record, gold, carrier)


def evaluate_folder(golds: Iterable[Gold], docs: Path) -> list[DocResult]:
    results = []
    for gold in golds:
        path = docs / gold.document
        if not path.is_file():
            results.append(failed_result(gold, "absent", "error", f"document {path} not found"))
            continue
        results.append(evaluate_bytes(path.read_bytes(), gold))
    return results


def evaluate_synth(docs: Iterable[SynthDoc]) -> list[DocResult]:
    return [evaluate_bytes(d.data, parse_gold(d.gold, d.name, d.name.rsplit(".", 1)[0])) for d in docs]
