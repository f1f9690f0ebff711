"""OCR of PDF pages without a text layer (scans), for :mod:`extractor.loaders.pdf`.

Optional: needs the ``ocr`` extra (``pip install "ogi-extract[ocr]"``: rapidocr 3.x, whose
default models ship inside the wheel, onnxruntime and opencv-python-headless). Offline.

One page:

1. render at :attr:`OcrSettings.dpi` with pypdfium2 (greyscale), measure the skew on the long
   horizontal rules and rotate it away (:mod:`.ocr_grid`);
2. find the ruled tables and their cells (OpenCV grid, :func:`.ocr_grid.find_tables`);
3. detect and recognise text lines (rapidocr); each line becomes per-character
   :class:`~extractor.loaders.pdf_page.Char` objects with boxes spread over the line's width,
   so a line crossing a cell border is split between the cells, and the text-layer code
   (cell text, paragraphs, reading order) is reused unchanged;
4. a cell of a numeric column left empty but holding ink is read again on its own
   (recognition only), which recovers short numbers the detector misses.

Coordinates go back through the deskew rotation to PDF points, top-left origin. Deterministic
for the same input (single-threaded image code, fixed models). Each recognised line keeps its
rapidocr score (:attr:`OcrPage.scores`), and each table cell the least score of the lines read
into it (a reread cell its reread's score; a dash told by its ink none): ``GridCell.score``, then
``Provenance.ocr_score``, from which the pipeline scores the value (:func:`extractor.confidence.ocr_reading`).
"""

from __future__ import annotations

import importlib.util
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium

from extractor.loaders.ocr_grid import DEFAULT_GRID, GridSettings, Image, PixelCell, PixelTable
from extractor.loaders.pdf_grid import GridCell, GridTable
from extractor.loaders.pdf_page import BBox, Char
from extractor.loaders.pdf_text import cell_text, is_wide

log = logging.getLogger(__name__)

NOTE_OCR = "OCR"
STRATEGY_OCR = "ocr"
INSTALL_HINT = ('install the OCR extra: pip install "ogi-extract[ocr]" '
                "(rapidocr>=3.0, onnxruntime>=1.17, opencv-python-headless>=4.8)")
_REQUIRED = ("rapidocr", "onnxruntime", "cv2")
_NUMERIC = re.compile(r"^[-+]?\d[\d,.]*\D{0,2}$")
DASH = "\u2014"
#: what a recogniser makes of a printed dash: the ideograph one, dashes, box-drawing, katakana ー
_DASH_LIKE = frozenset("\u4e00\u2014\u2015\u2500\uff0d\u30fc-_~")
#: single characters a recogniser may make of a printed slash
_SLASH_SUSPECTS = frozenset({"1", "l", "I", "|", "/", "\uff0f"})
#: what a recogniser makes of a 0 standing alone in a cell: the round letters and the ideograph 〇
_ZERO_LIKE = frozenset("OoＯｏ\u3007")


@dataclass(frozen=True)
class OcrSettings:
    """Every knob of the OCR pass, with its default."""

    dpi: int = 200
    #: onnxruntime intra-op threads (the batch runner already uses one process per core)
    threads: int = 2
    #: rapidocr drops boxes scoring below this
    text_score: float = 0.5
    #: a column is numeric when at least this share of its non-empty cells read as numbers
    numeric_share: float = 0.4
    #: an empty cell is read again when at least this share of its inner pixels is ink
    min_ink: float = 0.004
    #: ink at most this high for its width is a dash
    dash_aspect: float = 0.3
    #: ink whose top third sits this share of its height right of its bottom third is a slash
    slash_slant: float = 0.15
    grid: GridSettings = DEFAULT_GRID


DEFAULT_OCR = OcrSettings()


@dataclass(frozen=True)
class OcrPage:
    """What OCR read on one page: characters (all lines), tables and every line's score."""

    number: int
    width: float
    height: float
    chars: tuple[Char, ...]
    tables: tuple[GridTable, ...]
    scores: tuple[float, ...]


def ocr_available() -> bool:
    """Whether the ``ocr`` extra is installed (nothing is imported)."""
    try:
        return all(importlib.util.find_spec(name) is not None for name in _REQUIRED)
    except (ImportError, ValueError):
        return False


@lru_cache(maxsize=2)
def _engine(threads: int, text_score: float) -> Any:
    from rapidocr import RapidOCR

    return RapidOCR(params={
        "Global.log_level": "error",
        "Global.text_score": text_score,
        "Global.max_side_len": 4000,
        "EngineConfig.onnxruntime.intra_op_num_threads": threads,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    })


class _Rotation:
    """Maps deskewed pixel positions back to the rendered page, then to PDF points."""

    def __init__(self, angle: float, width: int, height: int, scale: float) -> None:
        import cv2

        self.matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
        self.inverse = cv2.invertAffineTransform(self.matrix)
        self.scale = scale

    def bbox(self, x0: float, y0: float, x1: float, y1: float) -> BBox:
        corners = np.array([[x0, y0, 1.0], [x1, y0, 1.0], [x0, y1, 1.0], [x1, y1, 1.0]])
        back = corners @ self.inverse.T
        s = self.scale
        return (float(back[:, 0].min()) * s, float(back[:, 1].min()) * s,
                float(back[:, 0].max()) * s, float(back[:, 1].max()) * s)


def _render(page: pdfium.PdfPage, dpi: int) -> Image:
    bitmap = page.render(scale=dpi / 72.0, grayscale=True)
    image = np.asarray(bitmap.to_pil().convert("L"), dtype=np.uint8)
    return image.copy()


def _deskew(gray: Image, settings: GridSettings) -> tuple[Image, float]:
    import cv2

    from extractor.loaders.ocr_grid import skew_angle

    angle = skew_angle(gray, settings)
    if angle == 0.0:
        return gray, 0.0
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    rotated = cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)
    return rotated.astype(np.uint8), angle


def _line_chars(text: str, box: tuple[float, float, float, float], start: int) -> list[Char]:
    """One recognised line as characters, spread over the box by width (wide = 2 units)."""
    chars = [ch for ch in text if not ch.isspace()] if text.strip() else []
    if not chars:
        return []
    x0, y0, x1, y1 = box
    units = [2.0 if is_wide(ch) else 1.0 for ch in chars]
    step = (x1 - x0) / sum(units)
    size = (y1 - y0) * 0.85
    out: list[Char] = []
    x = x0
    for i, (ch, u) in enumerate(zip(chars, units, strict=True)):
        out.append(Char(text=ch, bbox=(x, y0, x + u * step, y1), size=size, index=start + i))
        x += u * step
    return out


def ocr_page(pdf: pdfium.PdfDocument, index: int, settings: OcrSettings = DEFAULT_OCR) -> OcrPage:
    """OCR page ``index`` (0-based) of an open PDF."""
    page = pdf[index]
    try:
        width, height = page.get_size()
        if page.get_rotation() in (90, 270):
            width, height = height, width
        gray = _render(page, settings.dpi)
    finally:
        page.close()
    from extractor.loaders.ocr_grid import find_tables

    deskewed, angle = _deskew(gray, settings.grid)
    rotation = _Rotation(angle, gray.shape[1], gray.shape[0], 72.0 / settings.dpi)
    engine = _engine(settings.threads, settings.text_score)
    rgb = np.ascontiguousarray(np.stack([deskewed] * 3, axis=-1))
    result = engine(rgb, use_det=True, use_cls=False, use_rec=True)
    boxes = [] if result.boxes is None else list(result.boxes)
    texts = [] if result.txts is None else list(result.txts)
    line_scores = [] if result.scores is None else [float(s) for s in result.scores]
    pixel_chars: list[Char] = []  # deskewed pixel coordinates
    char_scores: list[float] = []  # the score of each character's line, in the order of pixel_chars
    for box, text, score in zip(boxes, texts, line_scores, strict=True):
        pts = np.asarray(box, dtype=np.float64)
        bbox = (float(pts[:, 0].min()), float(pts[:, 1].min()), float(pts[:, 0].max()), float(pts[:, 1].max()))
        line = _line_chars(str(text), bbox, len(pixel_chars))
        pixel_chars.extend(line)
        char_scores.extend([score] * len(line))
    grids = find_tables(deskewed, settings.grid)
    number = index + 1
    tables: list[GridTable] = []
    for grid in grids:
        table, extra = _grid_table(grid, pixel_chars, char_scores, deskewed, rotation, number, engine, settings)
        tables.append(table)
        line_scores.extend(extra)
    chars = tuple(replace(c, bbox=rotation.bbox(*c.bbox), size=c.size * rotation.scale) for c in pixel_chars)
    log.debug("page %d: skew %.2f°, %d lines, %d tables", number, angle, len(texts), len(tables))
    return OcrPage(number=number, width=float(width), height=float(height), chars=chars,
                   tables=tuple(tables), scores=tuple(line_scores))


def _inside(ch: Char, box: tuple[int, int, int, int]) -> bool:
    return box[0] <= ch.cx < box[2] and box[1] <= ch.cy < box[3]


def _grid_table(grid: PixelTable, chars: Sequence[Char], char_scores: Sequence[float], image: Image,
                rotation: _Rotation, number: int, engine: Any, settings: OcrSettings) -> tuple[GridTable, list[float]]:
    inside = {cell: [i for i, c in enumerate(chars) if _inside(c, cell.box)] for cell in grid.cells}
    texts = {cell: cell_text([chars[i] for i in inside[cell]]) for cell in grid.cells}
    # a cell's reading is as sure as the least sure line that put characters into it
    cell_scores: dict[PixelCell, float | None] = {
        cell: min((char_scores[i] for i in inside[cell]), default=None) for cell in grid.cells}
    numeric_cols = _numeric_columns(grid, texts, settings.numeric_share)
    scores: list[float] = []
    for cell in grid.cells:
        text = texts[cell]
        numeric = cell.col in numeric_cols and cell.col_span == 1
        if not numeric and text not in _SLASH_SUSPECTS:  # a merged value cell may hold a slash too
            continue
        if text and all(ch in _DASH_LIKE for ch in text):
            texts[cell] = DASH
            continue
        if numeric and text in _ZERO_LIKE:
            texts[cell] = "0"  # a lone round glyph in a column of numbers
            continue
        if text and text not in _SLASH_SUSPECTS:
            continue
        ink = _centre_ink(cell.box, image, settings)
        if ink is None:
            continue
        if _is_mark(ink, settings):
            texts[cell] = DASH  # a zero printed as a dash or a slash (a slash reads as 1)
            cell_scores[cell] = None  # told by the ink's shape, not by the recogniser
        elif not text and numeric:
            reread = _reread(cell.box, image, engine, settings)
            if reread is not None:
                texts[cell] = reread[0]
                cell_scores[cell] = reread[1]
                scores.append(reread[1])
    cells = tuple(
        GridCell(row=c.row, col=c.col, row_span=c.row_span, col_span=c.col_span, bbox=rotation.bbox(*c.box),
                 text=texts[c], open_top=c.open_top, open_bottom=c.open_bottom, score=cell_scores[c])
        for c in grid.cells
    )
    col_edges = tuple(x * rotation.scale for x in grid.col_edges)
    # "lattice" while the cross-page step runs (it joins lattice tables only); see as_ocr()
    return GridTable(page=number, bbox=rotation.bbox(*grid.box), strategy="lattice", n_rows=grid.n_rows,
                     n_cols=grid.n_cols, cells=cells, col_edges=col_edges), scores


def _inner(box: tuple[int, int, int, int], image: Image, settings: OcrSettings) -> Image | None:
    pad = settings.grid.dilate
    x0, y0, x1, y1 = box[0] + pad, box[1] + pad, box[2] - pad, box[3] - pad
    if x1 - x0 < 8 or y1 - y0 < 8:
        return None
    return image[y0:y1, x0:x1]


def _centre_ink(box: tuple[int, int, int, int], image: Image, settings: OcrSettings) -> npt.NDArray[np.bool_] | None:
    """The ink of the cell's centre (no remnant of the rules), cut to its bounding box; None
    when the cell is blank."""
    crop = _inner(box, image, settings)
    if crop is None:
        return None
    h, w = crop.shape
    ink = crop[h // 5:h - h // 5, w // 8:w - w // 8] < 128
    if float(np.count_nonzero(ink)) < settings.min_ink * ink.size:
        return None
    rows, cols = np.nonzero(ink.any(axis=1))[0], np.nonzero(ink.any(axis=0))[0]
    return ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]


def _is_mark(ink: npt.NDArray[np.bool_], settings: OcrSettings) -> bool:
    """A flat stroke (a dash) or one leaning right (a slash), as opposed to a digit."""
    height, width = ink.shape
    if height <= settings.dash_aspect * width:
        return True
    third = max(1, height // 3)
    top, bottom = np.nonzero(ink[:third])[1], np.nonzero(ink[height - third:])[1]
    if len(top) == 0 or len(bottom) == 0:
        return False
    return bool(float(top.mean() - bottom.mean()) >= settings.slash_slant * height)


def _numeric_columns(grid: PixelTable, texts: dict[Any, str], share: float) -> set[int]:
    filled: dict[int, list[bool]] = {}
    for cell in grid.cells:
        if cell.col_span == 1 and texts[cell]:
            text = texts[cell]
            filled.setdefault(cell.col, []).append(bool(_NUMERIC.match(text)) or all(ch in _DASH_LIKE or ch in _SLASH_SUSPECTS for ch in text))
    return {col for col, flags in filled.items() if sum(flags) >= share * len(flags)}


def _reread(box: tuple[int, int, int, int], image: Image, engine: Any,
            settings: OcrSettings) -> tuple[str, float] | None:
    crop = _inner(box, image, settings)
    if crop is None:
        return None
    margin = 8
    padded = np.full((crop.shape[0] + 2 * margin, crop.shape[1] + 2 * margin), 255, dtype=np.uint8)
    padded[margin:-margin, margin:-margin] = crop
    rgb = np.ascontiguousarray(np.stack([padded] * 3, axis=-1))
    result = engine(rgb, use_det=False, use_cls=False, use_rec=True)
    if not result.txts:
        return None
    text = "".join(str(t) for t in result.txts).strip()
    if text and all(ch in _DASH_LIKE for ch in text):
        text = DASH
    score = float(result.scores[0]) if result.scores else 0.0
    if not text or score < settings.text_score:
        return None
    return text, score


def as_ocr(tables: Sequence[GridTable]) -> list[GridTable]:
    """Tables of an OCR page with their strategy named ``ocr`` (after the cross-page step)."""
    return [replace(t, strategy=STRATEGY_OCR) for t in tables]
