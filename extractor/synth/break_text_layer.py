"""PDFs whose text layer is present but unreadable, made from a readable one.

Real reports are sometimes printed with embedded CID fonts that have no ``/ToUnicode`` map, or
one that points at Private Use Area or wrong code points: the page looks right, but the text
layer reads as glyph numbers (pdfium then gives the character code itself: ``⍚⌭४Ӫ`` or control
characters; pdfminer gives ``(cid:123)``). These functions make such files from a readable PDF
so the loader's readability test and its OCR fallback can be tested on real values:

* :func:`strip_to_unicode` deletes ``/ToUnicode`` from the fonts of the chosen pages;
* :func:`remap_to_unicode` rewrites each ``/ToUnicode`` CMap of the chosen pages so every
  character maps through a function (to the PUA, or to the wrong ideograph).

Only the fonts used by the chosen pages change (they are copied first when other pages share
them), so one document can hold readable and unreadable pages. Needs ``pikepdf`` (the ``dev``
extra); deterministic for the same input.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Collection
from typing import Any

_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
_SECTION = re.compile(rb"beginbf(char|range)(.*?)endbf\1", re.S)
_RANGE_ENTRY = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])")
_CHAR_ENTRY = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_ENTRIES_PER_BLOCK = 100  # the CMap format's limit per beginbfchar block


def to_pua(code_point: int) -> int:
    """A code point's stand-in in the Private Use Area (U+E000–U+F8FF), as some font tools write."""
    return 0xE000 + code_point % 0x1900


def to_wrong_ideograph(code_point: int) -> int:
    """A code point's stand-in among the CJK Unified Ideographs: a fixed scramble, so the text
    reads as ideographs that make no sense (digits and punctuation stay as they are)."""
    if not 0x4E00 <= code_point <= 0x9FA5:
        return code_point
    return 0x4E00 + (code_point - 0x4E00) * 7919 % 0x51A6


def strip_to_unicode(data: bytes, pages: Collection[int] | None = None,
                     font_names: Callable[[str], bool] | None = None) -> bytes:
    """The PDF with ``/ToUnicode`` removed from the fonts of ``pages`` (1-based; all when None)
    whose ``/BaseFont`` name passes ``font_names`` (all fonts when None)."""

    def edit(pdf: Any, font: Any) -> None:
        if "/ToUnicode" in font and (font_names is None or font_names(str(font.get("/BaseFont", "")))):
            del font["/ToUnicode"]

    return _edit_fonts(data, pages, edit)


def remap_to_unicode(data: bytes, mapping: Callable[[int], int], pages: Collection[int] | None = None) -> bytes:
    """The PDF with every ``/ToUnicode`` destination code point of the fonts of ``pages``
    (1-based; all when None) replaced by ``mapping(code point)``."""
    import pikepdf

    def edit(pdf: Any, font: Any) -> None:
        stream = font.get("/ToUnicode")
        if stream is not None:
            font["/ToUnicode"] = pikepdf.Stream(pdf, remap_cmap(bytes(stream.read_bytes()), mapping))

    return _edit_fonts(data, pages, edit)


def remap_cmap(cmap: bytes, mapping: Callable[[int], int]) -> bytes:
    """A ToUnicode CMap with the same source codes, every destination mapped through ``mapping``
    (ranges are written out as single entries)."""
    pairs: list[tuple[bytes, str]] = []
    for kind, body in _SECTION.findall(cmap):
        if kind == b"char":
            pairs.extend((src, _utf16(dst)) for src, dst in _CHAR_ENTRY.findall(body))
            continue
        for lo, hi, dst in _RANGE_ENTRY.findall(body):
            width = len(lo)
            first, last = int(lo, 16), int(hi, 16)
            if dst.startswith(b"["):
                targets = [_utf16(d) for d in _HEX.findall(dst)]
            else:
                base = _utf16(dst.strip(b"<>"))
                targets = [base[:-1] + chr(ord(base[-1]) + i) for i in range(last - first + 1)]
            for i, text in enumerate(targets[: last - first + 1]):
                pairs.append((b"%0*X" % (width, first + i), text))
    head = cmap[: cmap.index(b"endcodespacerange") + len(b"endcodespacerange")]
    out = [head, b"\n"]
    for start in range(0, len(pairs), _ENTRIES_PER_BLOCK):
        block = pairs[start:start + _ENTRIES_PER_BLOCK]
        out.append(b"%d beginbfchar\n" % len(block))
        for src, text in block:
            mapped = "".join(chr(mapping(ord(ch))) for ch in text)
            out.append(b"<" + src + b"> <" + mapped.encode("utf-16-be").hex().upper().encode() + b">\n")
        out.append(b"endbfchar\n")
    out.append(b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
    return b"".join(out)


def _utf16(hex_text: bytes) -> str:
    return bytes.fromhex(hex_text.decode("ascii")).decode("utf-16-be", errors="replace")


def _edit_fonts(data: bytes, pages: Collection[int] | None, edit: Callable[[Any, Any], object]) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        chosen = set(range(1, len(pdf.pages) + 1)) if pages is None else set(pages)
        shared = pages is not None and len(chosen) < len(pdf.pages)
        for number, page in enumerate(pdf.pages, start=1):
            if number not in chosen:
                continue
            resources: Any = page.obj.get("/Resources")
            if resources is None:
                continue
            if shared:  # the page's own copy of its resources and fonts: other pages stay readable
                resources = pdf.make_indirect(pikepdf.Dictionary(resources))
                page.obj["/Resources"] = resources
            _edit_resources(pdf, resources, edit, copy=shared, depth=0)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()


def _edit_resources(pdf: Any, resources: Any, edit: Callable[[Any, Any], object], copy: bool, depth: int) -> None:
    import pikepdf

    fonts = resources.get("/Font")
    if fonts is not None:
        if copy:
            fonts = pikepdf.Dictionary(fonts)
            resources["/Font"] = fonts
        for name in list(fonts.keys()):
            font = fonts[name]
            if copy:
                font = pdf.make_indirect(pikepdf.Dictionary(font))
                fonts[name] = font
            edit(pdf, font)
    xobjects = resources.get("/XObject")
    if xobjects is None or depth >= 4:
        return
    if copy:
        xobjects = pikepdf.Dictionary(xobjects)
        resources["/XObject"] = xobjects
    for name in list(xobjects.keys()):
        xobject = xobjects[name]
        inner = xobject.get("/Resources") if xobject.get("/Subtype") == "/Form" else None
        if inner is None:
            continue
        if copy:  # the form too may be drawn on other pages: this page gets its own copy
            form = pikepdf.Stream(pdf, xobject.read_bytes())
            for key, value in xobject.items():
                if key not in ("/Length", "/Filter", "/DecodeParms"):
                    form[key] = value
            inner = pikepdf.Dictionary(inner)
            form["/Resources"] = inner
            xobjects[name] = form
        _edit_resources(pdf, inner, edit, copy, depth + 1)
