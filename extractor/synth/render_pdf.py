"""Synthetic reports as PDF: the CMS HTML printed by headless Chromium (a text-layer PDF, as a
browser's "print to PDF" makes it). Needs the Debian package ``chromium`` and a CJK font
(``fonts-wqy-zenhei``); :func:`chromium_path` says whether it is there.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from extractor.errors import ExtractorError

_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


def chromium_path() -> str | None:
    return next((p for p in map(shutil.which, _CANDIDATES) if p), None)


def html_to_pdf(html: bytes, timeout_s: float = 120.0) -> bytes:
    """Print one HTML page (UTF-8 with a meta charset) to PDF with headless Chromium."""
    exe = chromium_path()
    if exe is None:
        raise ExtractorError("chromium is not installed (apt-get install -y chromium fonts-wqy-zenhei)")
    with tempfile.TemporaryDirectory() as tmp:
        src, dest = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        src.write_bytes(html)
        subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--user-data-dir={tmp}/profile", f"--print-to-pdf={dest}", src.as_uri()],
                       check=True, capture_output=True, timeout=timeout_s)
        return dest.read_bytes()
