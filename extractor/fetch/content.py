"""Bytes to meaning: character sets, media types by magic bytes, Content-Disposition names."""

from __future__ import annotations

import codecs
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, unquote_to_bytes

from extractor.fetch.patterns import MAGIC_BYTES, MEDIA_TYPES, OLE_EXTENSIONS, ZIP_EXTENSIONS
from extractor.fetch.urls import path_extension
from extractor.loaders.html import decode_html as loader_decode_html

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w-]+)", re.IGNORECASE)
_SAFE_EXTENSION = re.compile(r"^[a-z0-9]{1,5}$")
# Declared Chinese charsets decode as their superset (gb2312 pages routinely hold GBK chars).
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
              "ascii": "utf-8", "us-ascii": "utf-8", "iso-8859-1": "cp1252"}


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(body: bytes, content_type: str | None) -> tuple[str, str]:
    """Text and how its encoding was chosen: the HTML loader's rules (BOM, this Content-Type's
    charset, ``<meta>``, UTF-8, detection), so the crawler reads a page as ``extract`` will."""
    header = _HEADER_CHARSET.search(content_type or "")
    return loader_decode_html(body, header.group(1) if header else None)


def looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<!--")) or (
        b"<html" in head or b"<body" in head
    )


def safe_extension(name: str) -> str:
    """A lower-case extension of 1–5 ASCII letters/digits, or ``""`` — never a path."""
    base = posixpath.basename(name.replace("\\", "/"))
    ext = base.rsplit(".", 1)[1].strip().lower() if "." in base else ""
    return ext if _SAFE_EXTENSION.match(ext) else ""


@dataclass(frozen=True)
class MediaType:
    media_type: str
    extension: str
    evidence: str  # "magic", "filename", "url", "content-type"


def sniff_media_type(body: bytes, filename: str | None, url: str, content_type: str | None) -> MediaType:
    """Magic bytes first (a server's Content-Type is often wrong), then names, then the header."""
    name_ext = safe_extension(filename) if filename else ""
    url_ext = path_extension(url)
    url_ext = url_ext if _SAFE_EXTENSION.match(url_ext) else ""
    for prefix, media, ext in MAGIC_BYTES:
        if body.startswith(prefix):
            if prefix.startswith(b"\xd0\xcf"):
                ext = next((e for e in (name_ext, url_ext) if e in OLE_EXTENSIONS), ext)
            elif prefix.startswith(b"PK"):
                ext = next((e for e in (name_ext, url_ext) if e in ZIP_EXTENSIONS),
                           "docx" if b"word/" in body[:4096] else "xlsx" if b"xl/" in body[:4096] else ext)
            return MediaType(MEDIA_TYPES.get(ext, media), ext, "magic")
    if looks_like_html(body):
        return MediaType("text/html", "html", "magic")
    for ext, evidence in ((name_ext, "filename"), (url_ext, "url")):
        if ext in MEDIA_TYPES:
            return MediaType(MEDIA_TYPES[ext], ext, evidence)
    declared = (content_type or "").split(";", 1)[0].strip().lower()
    for ext, media in MEDIA_TYPES.items():
        if media == declared:
            return MediaType(media, ext, "content-type")
    return MediaType("application/octet-stream", "bin", "none")


def _decode_header_bytes(raw: bytes) -> str:
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def filename_from_disposition(value: str | None) -> str | None:
    """The file name of a Content-Disposition header, decoded.

    Handles RFC 5987 ``filename*=UTF-8''…``, percent-encoded names and raw UTF-8 or GBK
    bytes (which http.client hands over as Latin-1 text). Returns the bare name (no path).
    """
    if not value:
        return None
    star = re.search(r"filename\*\s*=\s*([\w-]+)'[^']*'([^;]+)", value, re.IGNORECASE)
    if star:
        codec = _codec(star.group(1)) or "utf-8"
        name = unquote_to_bytes(star.group(2).strip().strip('"')).decode(codec, errors="replace")
    else:
        plain = re.search(r"filename\s*=\s*(\"[^\"]*\"|[^;]+)", value, re.IGNORECASE)
        if not plain:
            return None
        name = plain.group(1).strip().strip('"')
        try:
            raw = name.encode("latin-1")
        except UnicodeEncodeError:
            raw = name.encode("utf-8")
        name = _decode_header_bytes(raw)
        if "%" in name:
            name = _decode_header_bytes(unquote_to_bytes(name)) if re.search(r"%[0-9A-Fa-f]{2}", name) else unquote(name)
    base = posixpath.basename(name.replace("\\", "/")).strip()
    return base or None
