"""Synthetic scans: a text-layer PDF rasterised page by page (pypdfium2), made to look scanned
(grey paper, mild noise, a small skew) with Pillow/numpy, and wrapped back as an image-only
PDF — what an agency uploads after printing and scanning its report.

Deterministic: the noise and the skew come from a ``random.Random`` the caller seeds.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
from PIL import Image


@dataclass(frozen=True)
class ScanSettings:
    """How a page is scanned, with its defaults."""

    dpi: int = 200
    #: the skew is drawn uniformly from ±max_skew_deg (degrees)
    max_skew_deg: float = 0.5
    #: standard deviation of the Gaussian pixel noise (grey levels, 0–255)
    noise_sigma: float = 6.0
    #: white paper is printed as this grey level
    paper: int = 242
    #: JPEG quality of the embedded page images
    jpeg_quality: int = 70


DEFAULT_SCAN = ScanSettings()


def scan_page(image: Image.Image, rng: random.Random, settings: ScanSettings = DEFAULT_SCAN) -> Image.Image:
    """One page image made to look scanned: grey, noisy and rotated by a small angle."""
    grey = image.convert("L")
    angle = rng.uniform(-settings.max_skew_deg, settings.max_skew_deg)
    rotated = grey.rotate(angle, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=255)
    pixels = np.asarray(rotated, dtype=np.float32) * (settings.paper / 255.0)
    noise = np.random.default_rng(rng.getrandbits(32)).normal(0.0, settings.noise_sigma, pixels.shape)
    return Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8), mode="L")


def pdf_to_scan(data: bytes, rng: random.Random, settings: ScanSettings = DEFAULT_SCAN) -> bytes:
    """The PDF ``data`` as an image-only PDF of scanned pages (same page sizes)."""
    pdf = pdfium.PdfDocument(data)
    images: list[Image.Image] = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                bitmap = page.render(scale=settings.dpi / 72.0)
                images.append(scan_page(bitmap.to_pil(), rng, settings))
            finally:
                page.close()
    finally:
        pdf.close()
    return images_to_pdf(images, settings)


def images_to_pdf(images: list[Image.Image], settings: ScanSettings = DEFAULT_SCAN) -> bytes:
    """Page images (at ``settings.dpi``) as an image-only PDF: one JPEG per page, no text."""
    out = pdfium.PdfDocument.new()
    try:
        for image in images:
            width, height = image.size[0] * 72.0 / settings.dpi, image.size[1] * 72.0 / settings.dpi
            page = out.new_page(width, height)
            buffer = io.BytesIO()
            image.save(buffer, format="JPEG", quality=settings.jpeg_quality)
            buffer.seek(0)
            obj = pdfium.PdfImage.new(out)
            obj.load_jpeg(buffer, inline=True)
            obj.set_matrix(pdfium.PdfMatrix().scale(width, height))
            page.insert_obj(obj)
            page.gen_content()
            obj.close()
            page.close()
        buffer = io.BytesIO()
        out.save(buffer)
        return buffer.getvalue()
    finally:
        out.close()
