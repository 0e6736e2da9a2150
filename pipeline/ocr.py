"""OCR for scanned PDFs: render → grayscale → remove table rules → tesseract.

Printed forms (election protocols, member tables) put names in ruled tables;
tesseract reads the ruling lines as glyphs and loses the cells.  Erasing long
straight dark runs first recovers them (on the Osen protocol: 0 → 5 of 5 member
names).  Results are cached per page by content hash, OCR settings and pipeline version, written
atomically; an unreadable cache entry is redone.  Pages render at a capped pixel count and
tesseract runs with a timeout, so one huge or hostile page cannot take the run down.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
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


@dataclass(frozen=True)
class OCRSettings:
    languages: str = "nor"
    dpi: int = 200
    max_pixels: int = 25_000_000      # a page renders at most this many pixels (a 4500 pt page: not 4.6 GB)
    page_timeout_s: float = 120       # tesseract on one page
    cache_dir: str = ".cache/ocr"

    @classmethod
    def of(cls, ingest) -> "OCRSettings":
        return cls(ingest.ocr_languages, ingest.ocr_dpi, ingest.ocr_max_pixels, ingest.ocr_page_timeout_s,
                   ingest.ocr_cache_dir)


def render_dpi(width_pt: float, height_pt: float, dpi: int, max_pixels: int) -> float:
    """The requested dpi, lowered so the page renders at no more than max_pixels."""
    pixels = (width_pt / 72 * dpi) * (height_pt / 72 * dpi)
    return dpi if pixels <= max_pixels else dpi * (max_pixels / pixels) ** 0.5


class PageOCRFailed(Exception):
    pass


def ocr_page_image(image, dpi: float, languages: str, workdir: str, timeout_s: float = 0) -> str:
    """Tesseract on one page image; a timeout or a non-zero exit is PageOCRFailed."""
    from PIL import Image

    gray = np.asarray(image.convert("L"))
    path = os.path.join(workdir, "page.png")
    Image.fromarray(remove_rule_lines(gray, round(dpi))).save(path)
    try:
        result = subprocess.run(["tesseract", path, "stdout", "-l", languages, "--psm", "4"],
                                capture_output=True, text=True, timeout=timeout_s or None,
                                env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    except subprocess.TimeoutExpired as exc:
        raise PageOCRFailed(f"tesseract stopped after {timeout_s:g} s (ingest.ocr_page_timeout_s)") from exc
    if result.returncode != 0:
        message = " ".join(result.stderr.split())[:160]
        raise PageOCRFailed(f"tesseract exit {result.returncode}: {message}")
    return result.stdout


def cache_path(cache_dir: str, doc_id: str, page: int, languages: str, dpi: float) -> Path:
    return Path(cache_dir) / f"{doc_id}-p{page}-{languages}-{round(dpi)}-v{OCR_VERSION}.json"


def read_cache(path: Path) -> str | None:
    """A cached page text, or None when missing or unreadable (then it is rebuilt, never fatal)."""
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return entry["text"] if isinstance(entry, dict) and isinstance(entry.get("text"), str) else None


def write_cache(path: Path, text: str) -> None:
    """Atomic: a temp file of this process's own, renamed into place; a killed run leaves at most
    its own temp file, never a half-written entry under the real name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        tmp.write_text(json.dumps({"text": text}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def ocr_pdf_pages(data: bytes, doc_id: str, indexes: list[int], settings: OCRSettings) -> tuple[dict[int, str], list[str]]:
    """Text of the given pages (0-based) of a PDF, and warnings for pages that failed.
    Raises OCRUnavailable without tesseract (unless every page is cached)."""
    import pypdfium2 as pdfium

    texts: dict[int, str] = {}
    warnings: list[str] = []
    pdf = pdfium.PdfDocument(data)
    try:
        todo = []
        for i in indexes:
            dpi = render_dpi(*pdf.get_page_size(i), settings.dpi, settings.max_pixels)
            cached = read_cache(cache_path(settings.cache_dir, doc_id, i + 1, settings.languages, dpi))
            if cached is None:
                todo.append((i, dpi))
            else:
                texts[i] = cached
        if todo and not tesseract_available(settings.languages):
            raise OCRUnavailable(settings.languages)
        progress.total("ocr", len(todo))
        with tempfile.TemporaryDirectory() as tmp:
            for i, dpi in todo:
                if dpi < settings.dpi:
                    warnings.append(f"page {i + 1} is large: OCR at {dpi:.0f} dpi (ingest.ocr_max_pixels)")
                image = pdf[i].render(scale=dpi / 72).to_pil()
                try:
                    texts[i] = ocr_page_image(image, dpi, settings.languages, tmp, settings.page_timeout_s)
                except PageOCRFailed as exc:
                    texts[i] = ""
                    warnings.append(f"OCR of page {i + 1} failed: {exc}")
                    continue
                finally:
                    del image
                    progress.advance("ocr")
                write_cache(cache_path(settings.cache_dir, doc_id, i + 1, settings.languages, dpi), texts[i])
    finally:
        pdf.close()
    return texts, warnings
