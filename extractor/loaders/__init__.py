"""Loaders: bytes in, :class:`~extractor.document.Document` out, one per carrier.

Format detection has one source of truth, :func:`detect_media_type`: magic bytes first, then the
file extension, then a sniff of the text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from extractor.document import Document, SourceInfo
from extractor.errors import LoadError

HTML = "text/html"
TEXT = "text/plain"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"

_EXTENSIONS = {
    ".html": HTML, ".htm": HTML, ".shtml": HTML, ".xhtml": HTML, ".jsp": HTML, ".asp": HTML, ".aspx": HTML,
    ".php": HTML, ".txt": TEXT, ".tsv": TEXT, ".text": TEXT, ".pdf": PDF, ".docx": DOCX, ".doc": DOC,
    ".wps": DOC,
}
_MAGIC = ((b"%PDF-", PDF), (b"PK\x03\x04", DOCX), (b"\xd0\xcf\x11\xe0", DOC))


@dataclass(frozen=True)
class LoadSettings:
    """Limits applied to every input."""

    max_bytes: int = 100 * 1024 * 1024  # 100 MiB: a report is rarely over 20 MiB


def detect_media_type(data: bytes, name: str) -> str:
    head = data[:1024].lstrip()
    for magic, media_type in _MAGIC:
        if data.startswith(magic) or (media_type == PDF and magic in data[:1024]):
            return media_type
    by_extension = _EXTENSIONS.get(PurePath(name).suffix.lower())
    sniff = head[:512].lower()
    looks_html = sniff.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<table" in data[:200_000].lower()
    if by_extension in (HTML, TEXT):
        return HTML if looks_html else TEXT  # the content decides: a .htm URL may serve plain text
    if by_extension is not None:
        return by_extension
    return HTML if looks_html else TEXT


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return not (sample.startswith((b"\xff\xfe", b"\xfe\xff")))
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) * 0.05


Loader = Callable[[bytes, SourceInfo], Document]


def _loader_for(media_type: str) -> Loader:
    if media_type == HTML:
        from extractor.loaders.html import load_html
        return load_html
    if media_type == TEXT:
        from extractor.loaders.text import load_text
        return load_text
    if media_type == PDF:
        try:
            from extractor.loaders.pdf import load_pdf
        except ModuleNotFoundError as exc:
            if exc.name not in ("extractor.loaders.pdf", "pdfplumber", "pypdfium2"):
                raise
            raise LoadError("UNSUPPORTED_FORMAT", f"PDF support is not available ({exc})") from exc
        pdf_loader: Loader = load_pdf
        return pdf_loader
    if media_type == DOCX:
        from extractor.loaders.docx import load_docx
        docx_loader: Loader = load_docx
        return docx_loader
    if media_type == DOC:
        from extractor.loaders.doc import load_doc
        doc_loader: Loader = load_doc
        return doc_loader
    raise LoadError("UNSUPPORTED_FORMAT", f"{media_type} is not supported (supported: HTML, text, PDF, DOCX, DOC)")


def load_bytes(data: bytes, name: str, url: str | None = None, settings: LoadSettings | None = None,
               converted: bytes | None = None) -> Document:
    """Load one input. Raises :class:`LoadError` for broken inputs.

    ``converted``: the DOCX LibreOffice already made of this input when it is a DOC/WPS file (a
    batch converts them in bulk, :mod:`extractor.batch.convert`); ignored for other inputs.
    """
    settings = settings or LoadSettings()
    if len(data) > settings.max_bytes:
        raise LoadError("TOO_LARGE", f"{len(data):,} bytes is over the size limit of {settings.max_bytes:,} bytes")
    if not data.strip():
        raise LoadError("EMPTY_FILE", "the file is empty")
    media_type = detect_media_type(data, name)
    if media_type in (HTML, TEXT) and _looks_binary(data):
        raise LoadError("BINARY", f"binary data, not {'HTML' if media_type == HTML else 'text'}")
    source = source_of(data, name, media_type, url)
    if media_type == DOC and converted is not None:
        from extractor.loaders.doc import load_converted
        return load_converted(converted, source)
    return _loader_for(media_type)(data, source)


def source_of(data: bytes, name: str, media_type: str = "application/octet-stream",
              url: str | None = None) -> SourceInfo:
    """The identity of an input: its file name, content hash, media type and URL."""
    return SourceInfo(file=PurePath(name).name, sha256=hashlib.sha256(data).hexdigest(),
                      media_type=media_type, url=url)
