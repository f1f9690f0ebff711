"""DOC/WPS inputs of a batch are converted in bulk (one LibreOffice start per chunk) before extraction."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from extractor.batch.convert import converted_path
from extractor.batch.inputs import InputItem
from extractor.batch.runner import run_batch
from extractor.batch.settings import BatchSettings
from extractor.batch.state import ResultStore
from extractor.batch.worker import extract_payload
from extractor.evaluate.metrics import _same
from extractor.loaders.doc import DocSettings, convert_many, soffice_path
from extractor.synth.generate import generate_report

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "docx"
# A DOC cut after its first 4 KiB: LibreOffice converts nothing (junk after an OLE2 header, by
# contrast, it imports as text).
BROKEN_DOC = (SAMPLES / "synth_word97.doc").read_bytes()[:4096]

pytestmark = pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed: "
                                                                "apt-get install libreoffice-writer-nogui")


def test_convert_many_converts_the_good_files_and_leaves_the_broken_one() -> None:
    good = (SAMPLES / "synth_word97.doc").read_bytes()
    results = convert_many([(good, ".doc"), (BROKEN_DOC, ".doc"), (good, ".wps")], "docx", DocSettings())
    assert results[1] is None
    assert results[0] is not None and results[0][:4] == b"PK\x03\x04"
    assert results[2] is not None and results[2][:4] == b"PK\x03\x04"


def test_batch_converts_doc_inputs_in_bulk_and_reads_every_value(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    golds = {}
    for index in range(4):
        doc = generate_report(31, index, "doc_libreoffice")
        (folder / doc.name).write_bytes(doc.data)
        golds[doc.name] = doc.gold
    (folder / "broken.doc").write_bytes(BROKEN_DOC)
    manifest = run_batch((str(folder),), tmp_path / "run",
                         BatchSettings(workers=2, formats=("jsonl",), progress=False))
    assert manifest["counts"]["doc_converted_in_bulk"] == 4
    records = {}
    for line in (tmp_path / "run" / "reports.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        records[row["source"]] = row
    assert records["broken.doc"]["status"] == "failed" and records["broken.doc"]["failure_code"] == "CORRUPT"
    results = ResultStore(tmp_path / "run")
    for name, gold in golds.items():
        sha = records[name]["report_id"]
        assert converted_path(tmp_path / "run", sha).exists()
        record = results.read(sha)["record"]
        assert record["status"] == "ok"
        wrong = [cid for cid, value in gold["values"].items() if cid not in gold["not_printed"]
                 and not _same(value, record["cells"][cid]["state"], record["cells"][cid]["value"])]
        assert wrong == [], (name, wrong)


def test_worker_reads_the_converted_docx_instead_of_converting(tmp_path: Path) -> None:
    # The run folder holds a DOCX for this DOC input's hash: the worker must use it (here a
    # different report on purpose, so that its values show which one was read).
    data = (SAMPLES / "synth_word97.doc").read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    target = converted_path(tmp_path, sha)
    target.parent.mkdir(parents=True)
    target.write_bytes((SAMPLES / "synth_nested_2019.docx").read_bytes())
    expected = json.loads((SAMPLES / "synth_nested_2019.expected.json").read_text(encoding="utf-8"))["values"]
    _, payload, _ = extract_payload(InputItem(key="k", name="report.doc"), data, 10**8, tmp_path)
    record = payload["record"]
    assert record["source"]["sha256"] == sha and record["source"]["file"] == "report.doc"
    assert record["source"]["media_type"] == "application/msword"
    wrong = [cid for cid, value in expected.items()
             if not _same(value, record["cells"][cid]["state"], record["cells"][cid]["value"])]
    assert wrong == []
    other = json.loads((SAMPLES / "synth_word97.expected.json").read_text(encoding="utf-8"))["values"]
    assert other != expected  # the two reports differ, so the values above came from the converted file
