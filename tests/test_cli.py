"""The command line: records, formats, bad inputs (one clear line, non-zero exit, no traceback)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from extractor.cli import main
from tests.conftest import SAMPLES

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "extractor" / "record.schema.json").read_text())
GOOD = SAMPLES / "s000.txt"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_one_file_prints_a_valid_record() -> None:
    code, out, err = run(str(GOOD))
    assert code == 0, err
    record = json.loads(out)
    jsonschema.validate(record, SCHEMA)
    assert record["cells"]["t3.new.total"]["value"] == 0


def test_several_files_give_json_lines(tmp_path: Path) -> None:
    code, out, _ = run(str(GOOD), str(SAMPLES / "s001.html"))
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 2
    for line in lines:
        jsonschema.validate(json.loads(line), SCHEMA)


def test_csv_long_format() -> None:
    code, out, _ = run(str(SAMPLES / "s001.html"), "--format", "csv")
    assert code == 0
    rows = out.strip().splitlines()
    assert rows[0].startswith("file,sha256,agency,year,template,status,cell_id,value,state")
    assert len(rows) == 1 + 207
    assert any(",t2.admin_fees.amount,12.5,number,12.5万元," in r for r in rows)


def test_dump_document_round_trips() -> None:
    from extractor.document import Document

    code, out, _ = run(str(SAMPLES / "s001.html"), "--dump-document")
    assert code == 0
    document = Document.from_dict(json.loads(out))
    assert len(document.tables) == 3
    assert Document.from_dict(document.to_dict()) == document


@pytest.mark.parametrize(("name", "content", "code"), [
    ("empty.html", b"", "EMPTY_FILE"),
    ("junk.html", bytes(range(256)) * 40, "BINARY"),
    ("no_tables.html", "<html><body><p>通知公告</p><p>无表格</p></body></html>".encode(), "NO_TEMPLATE_TABLES"),
    ("truncated.html", SAMPLES.joinpath("s001.html").read_bytes()[:600], "TRUNCATED"),
    ("truncated_mid_table.html", SAMPLES.joinpath("s001.html").read_bytes()[:12000], "TRUNCATED"),
    ("nul.txt", b"\x00\x01\x02abc" * 100, "BINARY"),
])
def test_bad_input_one_line_nonzero_exit(tmp_path: Path, name: str, content: bytes, code: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    exit_code, out, err = run(str(path))
    assert exit_code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"extract: {path}: ") and lines[0].endswith(f"({code})")
    assert "Traceback" not in err
    jsonschema.validate(json.loads(out), SCHEMA)
    assert json.loads(out)["status"] == ("partial" if name == "truncated_mid_table.html" else "failed")


def test_too_large_file_refused_with_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "huge.html"
    with big.open("wb") as handle:  # sparse: 300 MB on paper, nothing on disk
        handle.truncate(300 * 1024 * 1024)
    exit_code, _, err = run(str(big))
    assert exit_code == 1
    assert "314,572,800 bytes is over the size limit of 104,857,600 bytes" in err
    assert "(TOO_LARGE)" in err


def test_good_files_still_extracted_beside_bad_ones(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_bytes(b"")
    out_dir = tmp_path / "out"
    exit_code, _, err = run(str(bad), str(GOOD), str(tmp_path / "missing.txt"), "--out", str(out_dir))
    assert exit_code == 1
    assert len(err.strip().splitlines()) == 2
    good = json.loads((out_dir / "s000.txt.json").read_text(encoding="utf-8"))
    assert good["status"] == "ok"
    failed = json.loads((out_dir / "bad.html.json").read_text(encoding="utf-8"))
    assert failed["issues"][0]["code"] == "EMPTY_FILE"
    assert not [p for p in out_dir.iterdir() if p.name.startswith(".")], "temporary files left behind"


def test_atomic_write_leaves_old_file_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from extractor import writers

    target = tmp_path / "r.json"
    target.write_text("old")

    def boom(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(writers.os, "replace", boom)
    with pytest.raises(OSError):
        writers.atomic_write(target, b"new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_console_script_help_and_no_traceback(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("extract")
    if not exe.exists():
        pytest.skip("the console script is not installed in this environment")
    helped = subprocess.run([str(exe), "--help"], capture_output=True, text=True, check=True)
    assert "Examples:" in helped.stdout
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4\n" + os.urandom(2000))
    result = subprocess.run([str(exe), str(junk)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"extract: {junk}: ")


def test_verbose_before_the_files_still_means_run() -> None:
    """Regression: `extract -v FILE` was parsed as `extract run -v FILE` and refused."""
    code, out, err = run("-v", str(GOOD))
    assert code == 0, err
    assert json.loads(out)["template"] == "2021"


def test_a_url_is_downloaded_and_extracted(tmp_path: Path) -> None:
    from tests.conftest import wrong_cells
    from tests.fetch.mockweb import MockWeb, Reply

    web = MockWeb(("gov",))
    page = (SAMPLES / "s001.html").read_bytes()  # GBK without a meta charset
    pdf = (SAMPLES / "pdf" / "chromium_split.pdf").read_bytes()
    web.route("gov", "/art/2024/report.html", [Reply(301, headers=(("Location", "/art/2024/t2024.html"),))])
    web.route("gov", "/art/2024/t2024.html", [Reply(200, page, (("Content-Type", "text/html; charset=GBK"),))])
    web.route("gov", "/download.jsp?id=5", [Reply(200, pdf, (("Content-Type", "application/octet-stream"),
                                                         ("Content-Disposition", 'attachment; filename="nb.pdf"')))])
    web.start()
    try:
        url = web.url("gov", "/art/2024/report.html")
        code, out, err = run(url)
        assert code == 0, err
        record = json.loads(out)
        expected = json.loads((SAMPLES / "s001.expected.json").read_text(encoding="utf-8"))["values"]
        assert wrong_cells(record, expected) == {}
        assert record["source"]["url"] == web.url("gov", "/art/2024/t2024.html")  # after the redirect
        code, _, err = run(web.url("gov", "/download.jsp?id=5"), "--out", str(tmp_path))
        assert code == 0, err
        saved = json.loads((tmp_path / "nb.pdf.json").read_text(encoding="utf-8"))
        assert saved["source"]["media_type"] == "application/pdf" and saved["status"] == "ok"
        code, out, err = run(web.url("gov", "/missing.html"), str(GOOD))
        assert code == 1 and len(out.splitlines()) == 2  # the good file is still extracted
        assert err.strip() == f"extract: {web.url('gov', '/missing.html')}: http_404: " \
                              f"{web.url('gov', '/missing.html')} (FETCH_FAILED)"
    finally:
        web.stop()
