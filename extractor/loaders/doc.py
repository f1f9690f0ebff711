"""DOC and WPS (OLE2 compound files) → DOCX with LibreOffice headless → :func:`load_docx`.

Each conversion runs ``soffice --headless --convert-to docx`` in its own temporary directory with
its own LibreOffice profile (``-env:UserInstallation``) and ``HOME``, so conversions can run in
parallel processes and never touch the user's profile. The process group is killed on timeout.
A Kingsoft ``.wps`` file is, in the common case, an OLE2 Word document and converts the same way.
Needs the Debian package ``libreoffice-writer-nogui``; without it the input is UNSUPPORTED_FORMAT.
"""

from __future__ import annotations

import logging
import os
import resource
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from extractor.document import Document, SourceInfo
from extractor.errors import LoadError
from extractor.loaders.docx import DocxSettings, load_docx

logger = logging.getLogger(__name__)

_SOFFICE_NAMES = ("soffice", "libreoffice")
INSTALL_HINT = "apt-get install libreoffice-writer-nogui"


@dataclass(frozen=True)
class DocSettings:
    """How LibreOffice is run."""

    timeout_s: float = 120.0  # for one call of LibreOffice (one file, or one bulk conversion)
    soffice: str | None = None  # path of the soffice executable; None: look it up on PATH
    memory_mb: int | None = None  # address-space limit of LibreOffice (RLIMIT_AS); None: inherited
    docx: DocxSettings = field(default_factory=DocxSettings)


def soffice_path(settings: DocSettings | None = None) -> str | None:
    if settings is not None and settings.soffice:
        return shutil.which(settings.soffice) or None
    return next((p for p in map(shutil.which, _SOFFICE_NAMES) if p), None)


def convert(data: bytes, suffix: str, target: str, settings: DocSettings | None = None) -> bytes:
    """Convert one office file (given as bytes, ``suffix`` like ``.doc``) with LibreOffice.

    ``target`` is a LibreOffice ``--convert-to`` argument such as ``docx`` or ``doc:MS Word 97`` (no shell quoting).
    """
    settings = settings or DocSettings()
    [(result, stderr)] = _run_soffice([(data, suffix)], target, settings)
    if result is None:
        raise LoadError("CORRUPT", f"LibreOffice could not convert the {suffix} file ({stderr})")
    return result


def convert_many(files: Sequence[tuple[bytes, str]], target: str, settings: DocSettings | None = None) -> list[bytes | None]:
    """Convert several office files with *one* LibreOffice start (most of a single conversion's
    time is the start: measured 0.4 s per file for 8 files in one call against 1.5 s per call).

    Returns the converted bytes per input, ``None`` where LibreOffice produced nothing or the
    whole call failed or ran past ``settings.timeout_s``: the caller converts those one by one
    (:func:`convert`), which names the reason. Never raises for a bad input.
    """
    settings = settings or DocSettings()
    if not files:
        return []
    try:
        results = _run_soffice(files, target, settings)
    except LoadError as exc:
        logger.info("bulk conversion of %d files gave up (%s); they are converted one by one", len(files), exc.message)
        return [None] * len(files)
    return [result for result, _ in results]


def _run_soffice(files: Sequence[tuple[bytes, str]], target: str,
                 settings: DocSettings) -> list[tuple[bytes | None, str]]:
    """One ``soffice --convert-to`` over ``files`` in a private temporary directory, profile and ``HOME``.

    Returns (converted bytes or None, LibreOffice's last message line) per file; raises
    ``UNSUPPORTED_FORMAT`` without LibreOffice and ``TIMEOUT`` (the process group killed) when it
    runs past ``settings.timeout_s``.
    """
    exe = soffice_path(settings)
    if exe is None:
        suffixes = sorted({suffix for _, suffix in files})
        raise LoadError("UNSUPPORTED_FORMAT", f"reading {'/'.join(suffixes)} files needs LibreOffice ({INSTALL_HINT})")
    extension = target.split(":", 1)[0]
    with tempfile.TemporaryDirectory(prefix="extract-soffice-") as tmp:
        root = Path(tmp)
        out = root / "out"
        out.mkdir()
        sources = []
        for index, (data, suffix) in enumerate(files):
            src = root / f"input{index}{suffix}"
            src.write_bytes(data)
            sources.append(str(src))
        env = {**os.environ, "HOME": str(root / "home"), "TMPDIR": str(root)}
        command = [exe, f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", target, "--outdir", str(out), *sources]
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=root,
                              start_new_session=True) as process:
            if settings.memory_mb is not None:  # set before soffice.bin is forked, which inherits it
                limit = settings.memory_mb * 1024 * 1024
                resource.prlimit(process.pid, resource.RLIMIT_AS, (limit, limit))
            try:
                stdout, stderr = process.communicate(timeout=settings.timeout_s)
            except subprocess.TimeoutExpired as exc:
                os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
                what = "the file" if len(files) == 1 else f"{len(files)} files"
                raise LoadError("TIMEOUT", f"LibreOffice did not convert {what} within {settings.timeout_s:g} s") from exc
        detail = (stderr or stdout).decode("utf-8", "replace").strip().splitlines()
        message = f"exit {process.returncode}: {detail[-1] if detail else 'no output'}"
        results: list[tuple[bytes | None, str]] = []
        for index in range(len(files)):
            result = out / f"input{index}.{extension}"
            results.append((result.read_bytes() if result.exists() else None, message))
        return results


def load_doc(data: bytes, source: SourceInfo, settings: DocSettings | None = None) -> Document:
    settings = settings or DocSettings()
    converted = convert(data, doc_suffix(source.file), "docx", settings)
    return load_converted(converted, source, settings)


def doc_suffix(name: str) -> str:
    """``.doc`` or ``.wps`` from the file name (``.doc`` when the name says neither)."""
    suffix = Path(name).suffix.lower()
    return suffix if suffix in (".doc", ".wps") else ".doc"


def load_converted(converted: bytes, source: SourceInfo, settings: DocSettings | None = None) -> Document:
    """The Document of a DOC/WPS input from its LibreOffice DOCX (``source`` names the original)."""
    settings = settings or DocSettings()
    suffix = doc_suffix(source.file)
    logger.debug("%s: converted by LibreOffice to %d bytes of DOCX", source.file, len(converted))
    document = load_docx(converted, source, settings.docx)
    return Document(source=source, content=document.content, pages=document.pages,
                    notes=(*document.notes, f"converted from {suffix.lstrip('.')} by LibreOffice"))
