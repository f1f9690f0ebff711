"""Synthetic reports as PDF: the CMS HTML printed by headless Chromium (a text-layer PDF, as a
browser's "print to PDF" makes it) or by LibreOffice Writer's HTML import, and optionally turned
into landscape content on portrait pages shown upright by ``/Rotate 90`` (what Word does with
landscape sections). Chromium needs the Debian package ``chromium`` and a CJK font
(``fonts-wqy-zenhei``), LibreOffice ``libreoffice-writer-nogui``; :func:`chromium_path` and
``extractor.loaders.doc.soffice_path`` say whether they are there. Neither prints byte-stable
files (both stamp the time), so a printed sample is reproduced up to its dates.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pypdfium2 as pdfium

from extractor.errors import ExtractorError
from extractor.loaders.doc import DocSettings, convert

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


def html_to_pdf_libreoffice(html: bytes, timeout_s: float = 180.0) -> bytes:
    """Print one HTML page to PDF with LibreOffice (Writer/Web export; it draws ruling lines from
    the ``border`` attribute and ignores CSS borders on cells). Raises LoadError when it is missing."""
    return convert(html, ".html", "pdf:writer_web_pdf_Export", DocSettings(timeout_s=timeout_s))


PRINTERS = {"chromium": html_to_pdf, "libreoffice": html_to_pdf_libreoffice}


def rotate_pages(data: bytes) -> bytes:
    """Each (landscape) page rewritten as a portrait MediaBox whose content is turned 90° and
    shown upright again by ``/Rotate 90``."""
    src = pdfium.PdfDocument(data)
    out = pdfium.PdfDocument.new()
    try:
        for i in range(len(src)):
            width, height = src[i].get_size()
            obj = src.page_as_xobject(i, out).as_pageobject()
            obj.transform(pdfium.PdfMatrix(0, 1, -1, 0, height, 0))
            page = out.new_page(height, width)
            page.insert_obj(obj)
            page.gen_content()
            page.set_rotation(90)
        buffer = io.BytesIO()
        out.save(buffer)
        return buffer.getvalue()
    finally:
        out.close()
        src.close()
