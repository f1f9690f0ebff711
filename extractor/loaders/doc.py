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
import shutil
import signal
import subprocess
import tempfile
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

    timeout_s: float = 120.0
    soffice: str | None = None  # path of the soffice executable; None: look it up on PATH
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
    exe = soffice_path(settings)
    if exe is None:
        raise LoadError("UNSUPPORTED_FORMAT", f"reading {suffix} files needs LibreOffice ({INSTALL_HINT})")
    extension = target.split(":", 1)[0]
    with tempfile.TemporaryDirectory(prefix="extract-soffice-") as tmp:
        root = Path(tmp)
        src, out = root / f"input{suffix}", root / "out"
        src.write_bytes(data)
        out.mkdir()
        env = {**os.environ, "HOME": str(root / "home"), "TMPDIR": str(root)}
        command = [exe, f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", target, "--outdir", str(out), str(src)]
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=root,
                              start_new_session=True) as process:
            try:
                stdout, stderr = process.communicate(timeout=settings.timeout_s)
            except subprocess.TimeoutExpired as exc:
                os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
                raise LoadError("TIMEOUT", f"LibreOffice did not convert the {suffix} file within "
                                           f"{settings.timeout_s:g} s") from exc
        result = out / f"input.{extension}"
        if not result.exists():
            detail = (stderr or stdout).decode("utf-8", "replace").strip().splitlines()
            raise LoadError("CORRUPT", f"LibreOffice could not convert the {suffix} file "
                                       f"(exit {process.returncode}: {detail[-1] if detail else 'no output'})")
        return result.read_bytes()


def load_doc(data: bytes, source: SourceInfo, settings: DocSettings | None = None) -> Document:
    settings = settings or DocSettings()
    suffix = Path(source.file).suffix.lower() if Path(source.file).suffix.lower() in (".doc", ".wps") else ".doc"
    converted = convert(data, suffix, "docx", settings)
    logger.debug("%s: converted by LibreOffice to %d bytes of DOCX", source.file, len(converted))
    document = load_docx(converted, source, settings.docx)
    return Document(source=source, content=document.content, pages=document.pages,
                    notes=(*document.notes, f"converted from {suffix.lstrip('.')} by LibreOffice"))
