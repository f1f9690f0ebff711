"""Input kinds: a manifest CSV with agency metadata, a glob, a crawl store."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd

from extractor.batch.inputs import resolve_inputs
from tests.batch.generate import agency_name, make_series, render_text


def test_manifest_metadata_and_excel_csv(tmp_path: Path) -> None:
    from extractor.batch.runner import run_batch
    from extractor.batch.settings import BatchSettings

    spec = make_series(random.Random(4), agency_name(1), range(2022, 2023))[0]
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "r.txt").write_text(render_text(spec), encoding="utf-8")
    manifest = tmp_path / "list.csv"
    manifest.write_text("path,url,agency,year\ndocs/r.txt,https://example.invalid/r.txt,某市某局,2022\n",
                        encoding="utf-8")
    run_batch((str(manifest),), tmp_path / "run", BatchSettings(workers=1, formats=("csv",), excel=True,
                                                               progress=False))
    raw = (tmp_path / "run" / "reports.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    reports = pd.read_csv(tmp_path / "run" / "reports.csv", encoding="utf-8-sig")
    row = reports.iloc[0]
    assert (row["agency"], row["agency_extracted"], row["year"]) == ("某市某局", spec.agency, 2022)
    assert row["url"] == "https://example.invalid/r.txt"


def test_glob_and_missing_input_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.html").write_text("x", encoding="utf-8")
    resolved = resolve_inputs([str(tmp_path / "*.txt"), str(tmp_path / "nothing-*.pdf")])
    assert [i.name for i in resolved.items] == ["a.txt"]
    assert len(resolved.notes) == 1 and "nothing-" in resolved.notes[0]


def test_crawl_store_is_read_with_its_provenance(tmp_path: Path) -> None:
    from extractor.batch.runner import run_batch
    from extractor.batch.settings import BatchSettings
    from extractor.fetch.store import ObjectStore, Source

    spec = make_series(random.Random(5), agency_name(2), range(2023, 2024))[0]
    store = ObjectStore(tmp_path / "store")
    store.open()
    url = "http://127.0.0.1:1/202403/t20240315_87885.htm"
    store.put(render_text(spec).encode("utf-8"), "text/plain", "txt",
              Source(url=url, final_url=url, status=200, fetched_at="2026-11-26T00:00:00.000+00:00",
                     kind="report", run_id="r1", agency="某县某局", year=2023))
    resolved = resolve_inputs([str(tmp_path / "store")])
    assert [(i.url, i.agency, i.year) for i in resolved.items] == [(url, "某县某局", 2023)]
    run_batch((str(tmp_path / "store"),), tmp_path / "run", BatchSettings(workers=1, formats=("csv",),
                                                                         progress=False))
    row = pd.read_csv(tmp_path / "run" / "reports.csv").iloc[0]
    assert (row["url"], row["agency"], row["year"], row["status"]) == (url, "某县某局", 2023, "ok")


def test_manifest_urls_are_downloaded_on_loopback(tmp_path: Path) -> None:
    from extractor.batch.runner import run_batch
    from extractor.batch.settings import BatchSettings
    from tests.fetch.mockweb import MockWeb, Reply

    spec = make_series(random.Random(5), agency_name(2), range(2023, 2024))[0]
    web = MockWeb(("gov",))
    web.route("gov", "/r.txt", [Reply(503), Reply(200, render_text(spec).encode("gbk"),
                                                    (("Content-Type", "text/plain"),))])
    web.start()
    try:
        good, missing = web.url("gov", "/r.txt"), web.url("gov", "/gone.txt")
        manifest = tmp_path / "list.csv"
        manifest.write_text(f"url,agency,year\n{good},某市某局,2023\n{missing},某县,2023\n", encoding="utf-8")
        run_batch((str(manifest),), tmp_path / "run", BatchSettings(workers=1, formats=("csv",), progress=False))
    finally:
        web.stop()
    reports = pd.read_csv(tmp_path / "run" / "reports.csv").set_index("url")
    assert reports.loc[good, "status"] == "ok" and reports.loc[good, "agency_extracted"] == spec.agency
    assert reports.loc[missing, "status"] == "failed" and reports.loc[missing, "failure_code"] == "FETCH_FAILED"
    assert "http_404" in reports.loc[missing, "failure_reason"]
    cells = pd.read_csv(tmp_path / "run" / "cells.csv")
    got = cells[cells["report_id"] == reports.loc[good, "report_id"]].set_index("cell_id")["value"]
    assert all(got[cid] == value for cid, value in spec.values.items() if value is not None)
