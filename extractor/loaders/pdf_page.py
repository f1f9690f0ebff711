"""Low-level reading of one PDF page with pypdfium2: characters and ruling segments.

Everything here is returned in *display* coordinates: PDF points, origin at the top-left of
the page as shown (``/Rotate`` applied, MediaBox origin removed), ``(x0, top, x1, bottom)``.
That is the coordinate system of :class:`extractor.document.Provenance` and of pdfplumber.

Ruling segments come from the page's path objects (pdfium), not from pdfminer: pdfminer has to
interpret the whole page, text included, which costs 50–80 ms per CJK page; walking the path
objects with pdfium costs about 1 ms. The table geometry after that (edges → intersections →
cells) is pdfplumber's (see :mod:`extractor.loaders.pdf_lattice`).
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

BBox = tuple[float, float, float, float]
Matrix = tuple[float, float, float, float, float, float]

_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_MAX_FORM_DEPTH = 8


@dataclass(frozen=True)
class Char:
    """One character of the text layer (generated line breaks excluded)."""

    text: str
    bbox: BBox
    size: float  # the loose box height, which is close to the font size
    index: int  # pdfium's char index: the content-stream order
    #: pdfium found no Unicode for the character's code (no usable ``/ToUnicode`` or encoding)
    #: and gave the raw code instead
    unmapped: bool = False

    @property
    def cx(self) -> float:
        return (self.bbox[0] + self.bbox[2]) / 2

    @property
    def cy(self) -> float:
        return (self.bbox[1] + self.bbox[3]) / 2


@dataclass(frozen=True)
class Segment:
    """A visible axis-aligned ruling segment: horizontal (``top == bottom``) or vertical."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass(frozen=True)
class PageTransform:
    """Maps pdfium user space (origin bottom-left, unrotated) to display space."""

    rotation: int
    mb_x0: float
    mb_y0: float
    mb_width: float
    mb_height: float

    @property
    def width(self) -> float:
        return self.mb_height if self.rotation in (90, 270) else self.mb_width

    @property
    def height(self) -> float:
        return self.mb_width if self.rotation in (90, 270) else self.mb_height

    def point(self, x: float, y: float) -> tuple[float, float]:
        u = x - self.mb_x0
        v = y - self.mb_y0
        if self.rotation == 90:
            return v, u
        if self.rotation == 180:
            return self.mb_width - u, v
        if self.rotation == 270:
            return self.mb_height - v, self.mb_width - u
        return u, self.mb_height - v

    def box(self, left: float, bottom: float, right: float, top: float) -> BBox:
        ax, ay = self.point(left, bottom)
        bx, by = self.point(right, top)
        return (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))


def page_transform(page: pdfium.PdfPage) -> PageTransform:
    left, bottom, right, top = page.get_mediabox()
    rotation = int(page.get_rotation()) % 360
    return PageTransform(rotation, float(left), float(bottom), float(right - left), float(top - bottom))


def _sane_box(loose: BBox, tight: BBox) -> BBox:
    """The loose (font-height) box, unless pdfium got it wrong.

    Loose boxes give every character of a line the same height, which makes line grouping
    robust; but for some fonts (seen: vertical labels in a WPS PDF) pdfium returns loose boxes
    200 pt wide. Then a square around the tight glyph box is used instead.
    """
    tw, th = tight[2] - tight[0], tight[3] - tight[1]
    limit = max(3.0 * max(tw, th), 40.0)
    lw, lh = loose[2] - loose[0], loose[3] - loose[1]
    contains = loose[0] <= tight[0] + 1 and loose[1] <= tight[1] + 1 and loose[2] >= tight[2] - 1 and loose[3] >= tight[3] - 1
    if lw <= limit and lh <= limit and contains:
        return loose
    side = max(tw, th, 1.0) / 2
    cx, cy = (tight[0] + tight[2]) / 2, (tight[1] + tight[3]) / 2
    return (cx - side, cy - side, cx + side, cy + side)


def read_chars(textpage: pdfium.PdfTextPage, transform: PageTransform) -> list[Char]:
    """All non-generated characters with loose boxes, in pdfium order."""
    raw = textpage.raw
    chars: list[Char] = []
    rect = pdfium_c.FS_RECTF()
    left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    for i in range(textpage.count_chars()):
        if pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
            continue
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        if code in (0, 0xFFFE, 0xFFFF) or code in (0x0D, 0x0A):
            continue
        if not pdfium_c.FPDFText_GetCharBox(raw, i, left, right, bottom, top):
            continue
        tight = transform.box(left.value, bottom.value, right.value, top.value)
        bbox = tight
        if pdfium_c.FPDFText_GetLooseCharBox(raw, i, rect):
            loose = transform.box(rect.left, rect.bottom, rect.right, rect.top)
            bbox = _sane_box(loose, tight)
        if bbox[2] - bbox[0] <= 0 and bbox[3] - bbox[1] <= 0:
            continue
        try:
            text = chr(code)
        except ValueError:
            continue
        unmapped = pdfium_c.FPDFText_HasUnicodeMapError(raw, i) == 1
        chars.append(Char(text, bbox, max(bbox[3] - bbox[1], 1.0), i, unmapped))
    return _even_heights(chars)


def _even_heights(chars: list[Char]) -> list[Char]:
    """Give flat glyph boxes (``一`` ``.`` ``_`` in Type 3 fonts, whose loose box is the glyph's
    own box) the page's median character height, so they group with their line."""
    if not chars:
        return chars
    heights = sorted(c.size for c in chars)
    median = heights[len(heights) // 2]
    out: list[Char] = []
    for c in chars:
        if c.size < 0.6 * median:
            x0, top, x1, bottom = c.bbox
            cy = (top + bottom) / 2
            c = Char(c.text, (x0, cy - median / 2, x1, cy + median / 2), median, c.index, c.unmapped)
        out.append(c)
    return out


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _object_matrix(obj: ctypes.c_void_p) -> Matrix:
    fs = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, fs):
        return _IDENTITY
    return (fs.a, fs.b, fs.c, fs.d, fs.e, fs.f)


def _is_visible(obj: ctypes.c_void_p, stroke: bool) -> bool:
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    getter = pdfium_c.FPDFPageObj_GetStrokeColor if stroke else pdfium_c.FPDFPageObj_GetFillColor
    if not getter(obj, r, g, b, a):
        return True
    if a.value < 40:
        return False
    return not (r.value > 235 and g.value > 235 and b.value > 235)


def _path_subpaths(obj: ctypes.c_void_p, matrix: Matrix) -> list[list[tuple[float, float]]]:
    """The path's sub-paths as point lists (user space); Bézier segments end a sub-path."""
    subpaths: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not seg or not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        pt = _apply(matrix, x.value, y.value)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if len(current) > 1:
                subpaths.append(current)
            current = [pt]
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
            current.append(pt)
        else:  # Bézier: tables are not drawn with curves; close what we have
            if len(current) > 1:
                subpaths.append(current)
            current = [pt]
        if pdfium_c.FPDFPathSegment_GetClose(seg) and current:
            current.append(current[0])
    if len(current) > 1:
        subpaths.append(current)
    return subpaths


def _segments_from_path(
    obj: ctypes.c_void_p, matrix: Matrix, transform: PageTransform, max_line_width: float
) -> list[Segment]:
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke):
        return []
    stroked = bool(stroke.value) and _is_visible(obj, stroke=True)
    filled = fill_mode.value != 0 and _is_visible(obj, stroke=False)
    if not stroked and not filled:
        return []
    out: list[Segment] = []
    for points in _path_subpaths(obj, matrix):
        disp = [transform.point(px, py) for px, py in points]
        if stroked:
            for (ax, ay), (bx, by) in zip(disp, disp[1:], strict=False):
                if abs(ay - by) < 0.5 and abs(ax - bx) >= 0.5:
                    yy = (ay + by) / 2
                    out.append(Segment(min(ax, bx), yy, max(ax, bx), yy))
                elif abs(ax - bx) < 0.5 and abs(ay - by) >= 0.5:
                    xx = (ax + bx) / 2
                    out.append(Segment(xx, min(ay, by), xx, max(ay, by)))
        elif filled:
            # A thin filled rectangle is a drawn line (Chromium and some Word exports draw
            # borders this way); a wide one is a cell background and draws no line.
            xs = [p[0] for p in disp]
            ys = [p[1] for p in disp]
            x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
            w, h = x1 - x0, y1 - y0
            if h <= max_line_width and w > h:
                out.append(Segment(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2))
            elif w <= max_line_width and h > w:
                out.append(Segment((x0 + x1) / 2, y0, (x0 + x1) / 2, y1))
    return out


def read_segments(page: pdfium.PdfPage, transform: PageTransform, max_line_width: float = 2.5) -> list[Segment]:
    """Visible axis-aligned ruling segments of the page, form XObjects included."""
    out: list[Segment] = []

    def walk(obj: ctypes.c_void_p, parent: Matrix, depth: int) -> None:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            matrix = _compose(_object_matrix(obj), parent)
            out.extend(_segments_from_path(obj, matrix, transform, max_line_width))
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_FORM_DEPTH:
            matrix = _compose(_object_matrix(obj), parent)
            for j in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
                child = pdfium_c.FPDFFormObj_GetObject(obj, j)
                if child:
                    walk(child, matrix, depth + 1)

    raw = page.raw
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        if obj:
            walk(obj, _IDENTITY, 0)
    return out
