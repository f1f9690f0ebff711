"""Ruling-line table grids in a page image (OpenCV), for scanned pages.

The recipe measured in libraries.md §3: Gaussian blur, adaptive threshold (mean, inverted),
morphological open with a long horizontal and a long vertical kernel (the ruling lines),
dilate; each large connected component of the line mask is a table, and the connected
components of the space between its lines are its cells. Cell edges are clustered into grid
lines, so a merged cell spans the grid slots it covers.

Also here: the page's skew, measured on the long horizontal rules, so the caller can deskew
the image before reading it. Pixel coordinates throughout; the caller maps them to points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Image = npt.NDArray[np.uint8]
PixelBox = tuple[int, int, int, int]  # x0, y0, x1, y1 (exclusive)


@dataclass(frozen=True)
class GridSettings:
    """Every knob of the grid finder, with its default (tuned at 150–200 dpi)."""

    block_size: int = 25
    threshold_c: int = 10
    #: horizontal rule kernel = image width / this; vertical = image height / ``vertical_div``
    horizontal_div: int = 40
    vertical_div: int = 80
    dilate: int = 5
    #: a table is at least this share of the page width wide and ``min_table_height`` px high
    min_table_width: float = 0.3
    min_table_height: int = 40
    #: a cell is at least this many px wide and high
    min_cell: int = 10
    #: cell edges closer than this (px) are one grid line
    edge_tolerance: int = 12
    #: a rule counts as drawn over a cell when it covers this share of the cell's width
    drawn_share: float = 0.8
    #: skews below this (degrees) are left alone
    min_skew: float = 0.05
    max_skew: float = 3.0


DEFAULT_GRID = GridSettings()


@dataclass(frozen=True)
class PixelCell:
    row: int
    col: int
    row_span: int
    col_span: int
    box: PixelBox
    open_top: bool = False
    open_bottom: bool = False


@dataclass(frozen=True)
class PixelTable:
    box: PixelBox
    n_rows: int
    n_cols: int
    cells: tuple[PixelCell, ...]
    col_edges: tuple[int, ...]


def _line_masks(gray: Image, settings: GridSettings) -> tuple[Image, Image]:
    import cv2  # the ocr extra; imported here so that text PDFs load without it

    height, width = gray.shape
    blur = cv2.GaussianBlur(gray, (3, 3), 0)
    bw = cv2.adaptiveThreshold(blur, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                               settings.block_size, settings.threshold_c)
    h_kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(2, width // settings.horizontal_div), 1))
    v_kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(2, height // settings.vertical_div)))
    horizontal = cv2.morphologyEx(bw, cv2.MORPH_OPEN, h_kernel).astype(np.uint8)
    vertical = cv2.morphologyEx(bw, cv2.MORPH_OPEN, v_kernel).astype(np.uint8)
    return _drop_loose_dashes(horizontal, vertical, settings), vertical


def _drop_loose_dashes(horizontal: Image, vertical: Image, settings: GridSettings) -> Image:
    """Horizontal strokes touching no vertical rule and shorter than a quarter of the page are
    printed dashes (a zero written as —), not rules: a rule ends on a vertical line."""
    import cv2  # the ocr extra; imported here so that text PDFs load without it

    width = horizontal.shape[1]
    near = cv2.dilate(vertical, np.ones((settings.dilate * 2 + 1, settings.dilate * 2 + 1), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(horizontal, connectivity=8)
    out = horizontal.copy()
    for label in range(1, count):
        x, y, w, h = (int(v) for v in stats[label][:4])
        if w >= width // 4:
            continue
        left = near[y:y + h, x:x + 2].any()
        right = near[y:y + h, max(x, x + w - 2):x + w].any()
        if not left and not right:
            out[labels == label] = 0
    return out


def skew_angle(gray: Image, settings: GridSettings = DEFAULT_GRID) -> float:
    """The page's skew in degrees (counter-clockwise positive, as ``cv2.getRotationMatrix2D``
    takes it to undo it), from the slope of the long horizontal rules; 0.0 without rules."""
    import cv2  # the ocr extra; imported here so that text PDFs load without it

    horizontal, _ = _line_masks(gray, settings)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(horizontal, connectivity=8)
    width = gray.shape[1]
    slopes: list[float] = []
    for label in range(1, count):
        x, y, w, h = (int(v) for v in stats[label][:4])
        if w < width // 4:
            continue
        ys, xs = np.nonzero(labels[y:y + h, x:x + w] == label)
        if len(xs) < 10:
            continue
        slope = float(np.polyfit(xs.astype(np.float64), ys.astype(np.float64), 1)[0])
        slopes.append(slope)
    if not slopes:
        return 0.0
    angle = math.degrees(math.atan(float(np.median(slopes))))
    if abs(angle) < settings.min_skew or abs(angle) > settings.max_skew:
        return 0.0
    return angle


def _cluster(values: list[int], tolerance: int) -> list[int]:
    groups: list[list[int]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tolerance:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [round(sum(g) / len(g)) for g in groups]


def _nearest(positions: list[int], value: int) -> int:
    return min(range(len(positions)), key=lambda i: abs(positions[i] - value))


def _drawn(horizontal: Image, y: int, x0: int, x1: int, share: float, reach: int) -> bool:
    """Whether a horizontal rule runs at row ``y`` (± ``reach``) over ``x0..x1``."""
    band = horizontal[max(0, y - reach):y + reach + 1, x0:x1]
    if band.size == 0:
        return False
    return float(np.count_nonzero(band.max(axis=0))) >= share * (x1 - x0)


def find_tables(gray: Image, settings: GridSettings = DEFAULT_GRID) -> list[PixelTable]:
    """The ruled tables of a (deskewed) greyscale page image, top to bottom."""
    import cv2  # the ocr extra; imported here so that text PDFs load without it

    horizontal, vertical = _line_masks(gray, settings)
    kernel = np.ones((settings.dilate, settings.dilate), np.uint8)
    mask = np.asarray(cv2.dilate(cv2.bitwise_or(horizontal, vertical), kernel), dtype=np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    width = gray.shape[1]
    regions = sorted((tuple(int(v) for v in stats[i][:4]) for i in range(1, count)), key=lambda r: (r[1], r[0]))
    tables: list[PixelTable] = []
    for x, y, w, h in regions:
        if w < settings.min_table_width * width or h < settings.min_table_height:
            continue
        table = _table(mask[y:y + h, x:x + w], horizontal, (x, y), settings)
        if table is not None:
            tables.append(table)
    return tables


def _table(region: Image, horizontal: Image, origin: tuple[int, int], settings: GridSettings) -> PixelTable | None:
    import cv2  # the ocr extra; imported here so that text PDFs load without it

    ox, oy = origin
    h, w = region.shape
    closed = region.copy()
    cv2.rectangle(closed, (0, 0), (w - 1, h - 1), 255, thickness=settings.dilate)  # close open sides
    count, _, stats, _ = cv2.connectedComponentsWithStats((closed == 0).astype(np.uint8), connectivity=4)
    boxes: list[PixelBox] = []
    for label in range(1, count):
        x, y, bw, bh = (int(v) for v in stats[label][:4])
        if bw >= settings.min_cell and bh >= settings.min_cell:
            boxes.append((x, y, x + bw, y + bh))
    if len(boxes) < 2:
        return None
    xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes], settings.edge_tolerance)
    ys = _cluster([b[1] for b in boxes] + [b[3] for b in boxes], settings.edge_tolerance)
    if len(xs) < 2 or len(ys) < 2:
        return None
    top_y, bottom_y = oy + settings.dilate, oy + h - 1 - settings.dilate
    cells: list[PixelCell] = []
    for x0, y0, x1, y1 in sorted(boxes, key=lambda b: (b[1], b[0])):
        c0, c1 = _nearest(xs, x0), _nearest(xs, x1)
        r0, r1 = _nearest(ys, y0), _nearest(ys, y1)
        if c1 <= c0 or r1 <= r0:
            continue
        box = (ox + x0, oy + y0, ox + x1, oy + y1)
        open_top = r0 == 0 and not _drawn(horizontal, top_y, box[0], box[2], settings.drawn_share, settings.dilate)
        open_bottom = r1 == len(ys) - 1 and not _drawn(horizontal, bottom_y, box[0], box[2],
                                                       settings.drawn_share, settings.dilate)
        cells.append(PixelCell(row=r0, col=c0, row_span=r1 - r0, col_span=c1 - c0, box=box,
                               open_top=open_top, open_bottom=open_bottom))
    if not cells:
        return None
    return PixelTable(box=(ox, oy, ox + w, oy + h), n_rows=len(ys) - 1, n_cols=len(xs) - 1,
                      cells=tuple(sorted(cells, key=lambda c: (c.row, c.col))), col_edges=tuple(ox + x for x in xs))
