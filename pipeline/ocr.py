"""OCR for scanned PDFs: render → grayscale → remove table rules → tesseract.

Printed forms (election protocols, member tables) put names in ruled tables;
tesseract reads the ruling lines as glyphs and loses the cells.  Erasing long
straight dark runs first recovers them (on the Osen protocol: 0 → 5 of 5 member
names).  Results are cached by content hash, OCR settings and pipeline version.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from . import progress

OCR_VERSION = 2  # bump when preprocessing changes, so cached text is redone


class OCRUnavailable(Exception):
    pass


def tesseract_available(languages: str) -> bool:
    if shutil.which("tesseract") is None:
        return False
    out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout
    return all(lang in out.split() for lang in languages.split("+"))


def _window_sums(mask: np.ndarray, length: int, axis: int) -> np.ndarray:
    """For each start position, how many of the next `length` pixels along axis are set."""
    c = np.cumsum(mask, axis=axis, dtype=np.int32)
    zero = np.zeros_like(np.take(c, [0], axis=axis))
    c = np.concatenate([zero, c], axis=axis)
    n = mask.shape[axis]
    return np.take(c, range(length, n + 1), axis=axis) - np.take(c, range(0, n - length + 1), axis=axis)


def straight_runs(dark: np.ndarray, length: int, axis: int) -> np.ndarray:
    """Pixels that lie in a straight run of at least `length` dark pixels along axis."""
    if dark.shape[axis] < length:
        return np.zeros_like(dark, dtype=bool)
    starts = (_window_sums(dark, length, axis) == length).astype(np.int32)
    pad = [(0, 0), (0, 0)]
    pad[axis] = (length - 1, length - 1)
    covered = _window_sums(np.pad(starts, pad), length, axis)  # any run start within `length` before
    return covered > 0


def remove_rule_lines(gray: np.ndarray, dpi: int, threshold: int = 160) -> np.ndarray:
    """Erase table rules: horizontal runs ≥ 0.5 in, vertical runs ≥ 0.27 in (longer than any glyph)."""
    dark = (gray < threshold).astype(np.int32)
    lines = straight_runs(dark, int(dpi * 0.5), axis=1) | straight_runs(dark, int(dpi * 0.27), axis=0)
    cleaned = gray.copy()
    cleaned[lines] = 255
    return cleaned


def ocr_page_image(image, dpi: int, languages: str, workdir: str) -> str:
    from PIL import Image

    gray = np.asarray(image.convert("L"))
    path = os.path.join(workdir, "page.png")
    Image.fromarray(remove_rule_lines(gray, dpi)).save(path)
    result = subprocess.run(["tesseract", path, "stdout", "-l", languages, "--psm", "4"],
                            capture_output=True, text=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    return result.stdout


def ocr_pdf_pages(data: bytes, doc_id: str, languages: str, dpi: int, cache_dir: str) -> list[str]:
    """Text of every page of a scanned PDF; raises OCRUnavailable without tesseract."""
    cache = Path(cache_dir) / f"{doc_id}-{languages}-{dpi}-v{OCR_VERSION}.json"
    if cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    if not tesseract_available(languages):
        raise OCRUnavailable(languages)
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        progress.total("ocr", len(pdf))
        with tempfile.TemporaryDirectory() as tmp:
            pages = []
            for i in range(len(pdf)):
                pages.append(ocr_page_image(pdf[i].render(scale=dpi / 72).to_pil(), dpi, languages, tmp))
                progress.advance("ocr")
    finally:
        pdf.close()
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
    return pages
