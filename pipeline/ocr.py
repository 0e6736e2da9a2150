"""OCR for scanned PDFs: render → grayscale → remove table rules → tesseract.

Printed forms (election protocols, member tables) put names in ruled tables;
tesseract reads the ruling lines as glyphs and loses the cells.  Erasing long
straight dark runs first recovers them (on the Osen protocol: 0 → 5 of 5 member
names).  On a page with a ruled grid, each cell is then read again on its own
(tesseract --psm 7, a single line, in one process for all cells of the page): read
with the whole page, a cell's words are misread more often ("Stem" for "Stein",
"Kill" for "Killie" in the Tjeldsund protocol).  The page's own reading keeps the
text outside the grid; the rows take the place of the words read inside it, one line a
row with its cells separated by tabs, as the text layer of a generated protocol has them.
Results are cached per page by content hash, OCR settings and pipeline version, written
atomically; an unreadable cache entry is redone.  Pages render at a capped pixel count and
tesseract runs with a timeout, so one huge or hostile page cannot take the run down.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import progress

OCR_VERSION = 3  # bump when preprocessing changes, so cached text is redone


class OCRUnavailable(Exception):
    pass


def installed_languages(languages: str) -> str | None:
    """The configured languages ("nor+deu") that tesseract has, in order; None without tesseract
    or without any of them.  A machine without the extra model still reads Norwegian."""
    if shutil.which("tesseract") is None:
        return None
    out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
    have = [lang for lang in languages.split("+") if lang in out]
    return "+".join(have) or None


def tesseract_available(languages: str) -> bool:
    """tesseract is installed with every one of the languages."""
    return installed_languages(languages) == languages


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


def rule_runs(gray: np.ndarray, dpi: float, threshold: int = 160) -> tuple[np.ndarray, np.ndarray]:
    """The pixels of table rules: horizontal runs ≥ 0.5 in and vertical runs ≥ 0.27 in of dark
    pixels (longer than any glyph)."""
    dark = (gray < threshold).astype(np.int32)
    return straight_runs(dark, int(dpi * 0.5), axis=1), straight_runs(dark, int(dpi * 0.27), axis=0)


def remove_rule_lines(gray: np.ndarray, dpi: int, threshold: int = 160,
                      runs: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """The page with its table rules (rule_runs, or the runs given) erased."""
    horizontal, vertical = runs if runs is not None else rule_runs(gray, dpi, threshold)
    cleaned = gray.copy()
    cleaned[horizontal | vertical] = 255
    return cleaned


@dataclass(frozen=True)
class OCRSettings:
    languages: str = "nor+deu"
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


def _spans(indexes: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """Sorted indexes grouped into (first, last) spans; a step of at most `gap` stays in a span."""
    spans: list[list[int]] = []
    for i in indexes.tolist():
        if spans and i - spans[-1][1] <= gap:
            spans[-1][1] = i
        else:
            spans.append([i, i])
    return [(a, b) for a, b in spans]


@dataclass(frozen=True)
class GridRow:
    """One row of a ruled table, in pixels: its box (top..bottom, left..right, the rules
    included) and the insides of its cells, left to right (x ranges between vertical rules)."""
    top: int
    bottom: int
    left: int
    right: int
    inner_top: int
    inner_bottom: int
    cells: tuple[tuple[int, int], ...]


ROW_MIN_IN, ROW_MAX_IN = 0.12, 1.5      # a table row is this tall between its rules (else: not read by cells)
CELL_MIN_IN = 0.1                       # narrower gaps between vertical rules are no cells
RULE_COVER = 0.9                        # a rule runs along at least this share of the row it bounds


def grid_rows(gray: np.ndarray, dpi: float, threshold: int = 160,
              runs: tuple[np.ndarray, np.ndarray] | None = None) -> list[GridRow]:
    """The rows of ruled tables on a page: bands between two horizontal rules that two or more
    vertical rules cross from rule to rule, the horizontal rules spanning the row.  The rules
    are rule_runs (the runs remove_rule_lines erases; given, or found here); a page without a
    grid has no rows."""
    horizontal, vertical = runs if runs is not None else rule_runs(gray, dpi, threshold)
    gap = max(1, round(dpi * 0.02))     # a rule is a few pixels thick, a skewed one a few more
    rules = _spans(np.flatnonzero(horizontal.any(axis=1)), gap)
    rows = []
    for (above, top), (bottom, below) in zip(rules, rules[1:]):
        inner_top, inner_bottom = top + 1, bottom           # the band between the two rules
        height = inner_bottom - inner_top
        if not ROW_MIN_IN * dpi <= height <= ROW_MAX_IN * dpi:
            continue
        band = vertical[inner_top:inner_bottom]
        crossing = [(a, b) for a, b in _spans(np.flatnonzero(band.any(axis=0)), gap)
                    if band[:, a:b + 1].any(axis=1).mean() >= RULE_COVER]
        if len(crossing) < 2:
            continue
        left, right = crossing[0][0], crossing[-1][1]
        if min(horizontal[above:top + 1, left:right + 1].any(axis=0).mean(),
               horizontal[bottom:below + 1, left:right + 1].any(axis=0).mean()) < RULE_COVER:
            continue
        cells = tuple((a[1] + 1, b[0]) for a, b in zip(crossing, crossing[1:]) if b[0] - a[1] - 1 >= CELL_MIN_IN * dpi)
        if cells:
            rows.append(GridRow(above, below, left, right, inner_top, inner_bottom, cells))
    return rows


RULE_TOLERANCE_IN = 0.03    # a word read this close to a table's box is in the table (a rule's remnants)
CELL_INSET_IN = 0.02        # a cell is read this far inside its rules (remnants of a rule are no glyphs)
CELL_MARGIN_IN = 0.1        # white margin around a cell's ink for tesseract
BLOCK_CELL_IN = 0.2         # ink taller than this is more than one line (10 pt: 0.14 in, two: 0.27): a block, --psm 6


def cell_images(cleaned: np.ndarray, rows: list[GridRow], dpi: float) -> list[list[np.ndarray | None]]:
    """Each row's cells cut from the page with rules erased: the cell's ink with a white margin,
    None for an empty cell."""
    inset, margin = max(1, round(dpi * CELL_INSET_IN)), max(2, round(dpi * CELL_MARGIN_IN))
    min_ink = max(4, round((dpi / 200) ** 2 * 20))
    out = []
    for row in rows:
        images: list[np.ndarray | None] = []
        for x0, x1 in row.cells:
            cell = cleaned[row.inner_top + inset:row.inner_bottom - inset, x0 + inset:x1 - inset]
            ink = cell < 160
            if ink.sum() < min_ink:
                images.append(None)
                continue
            ys, xs = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
            cell = cell[ys[0]:ys[-1] + 1, xs[0]:xs[-1] + 1]
            images.append(np.pad(cell, margin, constant_values=255))
        out.append(images)
    return out


def run_tesseract(args: list[str], timeout_s: float) -> str:
    """tesseract with the given arguments, its stdout; a timeout or a non-zero exit is PageOCRFailed."""
    try:
        result = subprocess.run(["tesseract", *args], capture_output=True, text=True, timeout=timeout_s or None,
                                env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    except subprocess.TimeoutExpired as exc:
        raise PageOCRFailed(f"tesseract stopped after {timeout_s:g} s (ingest.ocr_page_timeout_s)") from exc
    if result.returncode != 0:
        message = " ".join(result.stderr.split())[:160]
        raise PageOCRFailed(f"tesseract exit {result.returncode}: {message}")
    return result.stdout


def read_cells(images: list[np.ndarray], dpi: float, languages: str, workdir: str, psm: int,
               timeout_s: float) -> list[str]:
    """The text of each image, one tesseract process for all of them (an image list file);
    each text on one line."""
    from PIL import Image

    paths = []
    for n, image in enumerate(images):
        paths.append(os.path.join(workdir, f"cell-{psm}-{n}.png"))
        Image.fromarray(image).save(paths[-1], dpi=(round(dpi), round(dpi)))
    listing = os.path.join(workdir, f"cells-{psm}.txt")
    Path(listing).write_text("".join(p + "\n" for p in paths), encoding="utf-8")
    out = run_tesseract([listing, "stdout", "-l", languages, "--psm", str(psm)], timeout_s)
    texts = out.split("\f")
    if len(texts) == len(images) + 1 and not texts[-1].strip():
        texts.pop()
    if len(texts) != len(images):
        raise PageOCRFailed(f"tesseract read {len(texts)} texts for {len(images)} table cells")
    return [" ".join(t.split()) for t in texts]


def read_grid(cleaned: np.ndarray, rows: list[GridRow], dpi: float, languages: str, workdir: str,
              timeout_s: float) -> list[str]:
    """Each row's text: its cells read one by one, the non-empty ones joined by tabs."""
    images = cell_images(cleaned, rows, dpi)
    by_psm: dict[int, list[tuple[int, int]]] = {}
    for r, row in enumerate(images):
        for c, image in enumerate(row):
            if image is not None:
                tall = image.shape[0] - 2 * max(2, round(dpi * CELL_MARGIN_IN)) > BLOCK_CELL_IN * dpi
                by_psm.setdefault(6 if tall else 7, []).append((r, c))
    texts: dict[tuple[int, int], str] = {}
    deadline = time.monotonic() + timeout_s if timeout_s else None
    for psm, keys in sorted(by_psm.items()):
        left = deadline - time.monotonic() if deadline is not None else 0
        if deadline is not None and left <= 0:
            raise PageOCRFailed("no time left for the table cells (ingest.ocr_page_timeout_s)")
        read = read_cells([images[r][c] for r, c in keys], dpi, languages, workdir, psm, left)
        texts.update(zip(keys, read))
    return ["\t".join(t for c in range(len(row)) if (t := texts.get((r, c)))) for r, row in enumerate(images)]


@dataclass
class TSVLine:
    paragraph: tuple[int, int]
    words: list[tuple[int, int, str]]     # (x centre, y centre, text as tesseract gives it)


def tsv_lines(tsv: str) -> list[TSVLine]:
    """tesseract's TSV output as lines of words, in its reading order."""
    lines: dict[tuple[int, int, int], TSVLine] = {}
    for record in tsv.splitlines()[1:]:
        fields = record.split("\t")
        if len(fields) < 12 or fields[0] != "5":
            continue
        block, par, line = int(fields[2]), int(fields[3]), int(fields[4])
        left, top, width, height = (int(v) for v in fields[6:10])
        lines.setdefault((block, par, line), TSVLine((block, par), [])).words.append(
            (left + width // 2, top + height // 2, fields[11]))
    return list(lines.values())


def page_text(lines: list[TSVLine], rows: list[GridRow], row_texts: list[str], tolerance: int = 0) -> str:
    """The page as tesseract prints it (the words of a line joined by spaces, a blank line between
    paragraphs: without rows, the same text as its txt output), the words read inside the grid
    left out and each table put in as a paragraph of its own, a row a line, before the first line
    below its first row (a heading beside the first row stays before the table)."""
    def in_grid(x: int, y: int) -> bool:      # what tesseract read of a rule's remnants is in the grid too
        return any(row.top - tolerance <= y <= row.bottom + tolerance and row.left - tolerance <= x <= row.right + tolerance
                   for row in rows)

    tables: list[tuple[int, list[str]]] = []       # (bottom of the first row, row texts)
    previous = None
    for row, text in zip(rows, row_texts):
        if previous is None or row.top > previous.bottom:   # rows sharing a rule are one table
            tables.append((row.inner_bottom, []))
        if text:
            tables[-1][1].append(text)
        previous = row
    paragraphs: list[list[str]] = []
    current = None
    for line in lines:
        words = [w for w in line.words if not in_grid(w[0], w[1])]
        text = " ".join(w[2] for w in words)
        if not text.strip():
            continue
        y = sum(w[1] for w in words) / len(words)
        while tables and tables[0][0] < y:
            paragraphs.append(tables.pop(0)[1])
            current = None
        if line.paragraph != current:
            paragraphs.append([])
            current = line.paragraph
        paragraphs[-1].append(text)
    paragraphs.extend(texts for _, texts in tables)
    paragraphs = [p for p in paragraphs if p]
    return "\n\n".join("\n".join(p) for p in paragraphs) + "\n" if paragraphs else ""


def ocr_page_image(image, dpi: float, languages: str, workdir: str, timeout_s: float = 0) -> str:
    """Tesseract on one page image; a timeout or a non-zero exit is PageOCRFailed.  A page with a
    ruled grid is read twice within the same time limit: the page, then the grid's cells; when
    the cells cannot be read, PartialPageOCR carries the page's text without them."""
    from PIL import Image

    started = time.monotonic()
    gray = np.asarray(image.convert("L"))
    runs = rule_runs(gray, round(dpi))     # found once: erased from the page, and the grid's rows
    cleaned = remove_rule_lines(gray, round(dpi), runs=runs)
    path = os.path.join(workdir, "page.png")
    Image.fromarray(cleaned).save(path)
    rows = grid_rows(gray, dpi, runs=runs)
    if not rows:
        return run_tesseract([path, "stdout", "-l", languages, "--psm", "4"], timeout_s)
    tsv = run_tesseract([path, "stdout", "-l", languages, "--psm", "4", "tsv"], timeout_s)
    lines = tsv_lines(tsv)
    try:
        left = timeout_s - (time.monotonic() - started) if timeout_s else 0
        if timeout_s and left <= 0:
            raise PageOCRFailed("no time left for the table cells (ingest.ocr_page_timeout_s)")
        row_texts = read_grid(cleaned, rows, dpi, languages, workdir, left)
    except PageOCRFailed as exc:
        raise PartialPageOCR(page_text(lines, [], []), str(exc)) from exc
    return page_text(lines, rows, row_texts, round(dpi * RULE_TOLERANCE_IN))


class PartialPageOCR(PageOCRFailed):
    """The page was read, its table cells not: `text` is the page as read whole."""

    def __init__(self, text: str, reason: str):
        super().__init__(reason)
        self.text = text


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
    languages = installed_languages(settings.languages) or settings.languages
    if languages != settings.languages:
        missing = sorted(set(settings.languages.split("+")) - set(languages.split("+")))
        warnings.append(f"OCR language data {'+'.join(missing)} not installed: read with {languages}")
    pdf = pdfium.PdfDocument(data)
    try:
        todo = []
        for i in indexes:
            dpi = render_dpi(*pdf.get_page_size(i), settings.dpi, settings.max_pixels)
            cached = read_cache(cache_path(settings.cache_dir, doc_id, i + 1, languages, dpi))
            if cached is None:
                todo.append((i, dpi))
            else:
                texts[i] = cached
        if todo and not tesseract_available(languages):
            raise OCRUnavailable(settings.languages)
        progress.total("ocr", len(todo))
        with tempfile.TemporaryDirectory() as tmp:
            for i, dpi in todo:
                if dpi < settings.dpi:
                    warnings.append(f"page {i + 1} is large: OCR at {dpi:.0f} dpi (ingest.ocr_max_pixels)")
                image = pdf[i].render(scale=dpi / 72).to_pil()
                try:
                    texts[i] = ocr_page_image(image, dpi, languages, tmp, settings.page_timeout_s)
                except PartialPageOCR as exc:     # kept, not cached: the next run tries the cells again
                    texts[i] = exc.text
                    warnings.append(f"OCR of page {i + 1}: table cells not read one by one ({exc}); the page as read whole")
                    continue
                except PageOCRFailed as exc:
                    texts[i] = ""
                    warnings.append(f"OCR of page {i + 1} failed: {exc}")
                    continue
                finally:
                    del image
                    progress.advance("ocr")
                write_cache(cache_path(settings.cache_dir, doc_id, i + 1, languages, dpi), texts[i])
    finally:
        pdf.close()
    return texts, warnings
