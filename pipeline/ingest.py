"""Stage 1, ingest: every file in the input folder → normalised text with a page map.

Pure core: ``read_document(path, settings) -> ParsedDocument`` raises a named
IngestError for bad input.  ``ingest_folder`` turns those into error rows so a
run always accounts for every input file.  Identical content under several
names is one document (the id is a content hash) with all its paths kept.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import (
    CorruptFile,
    EmptyDocument,
    EncryptedFile,
    FileTooLarge,
    IngestError,
    ScannedWithoutOCR,
    UnsupportedFileType,
)
from . import progress
from .ocr import OCRUnavailable, ocr_pdf_pages
from .records import IngestErrorRow, PageSpan, ParsedDocument
from .settings import IngestSettings

PAGE_SEPARATOR = "\n\n"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def normalise_text(text: str) -> str:
    """One canonical form for all readers: NFC, \\n line ends, no NUL/soft hyphens."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u00ad", "").replace("\x00", "")
    text = text.replace("\ufeff", "")
    return text


def join_pages(page_texts: list[str]) -> tuple[str, list[PageSpan]]:
    parts, spans, offset = [], [], 0
    for number, page_text in enumerate(page_texts, start=1):
        page_text = normalise_text(page_text)
        if parts:
            parts.append(PAGE_SEPARATOR)
            offset += len(PAGE_SEPARATOR)
        spans.append(PageSpan(number, offset, offset + len(page_text)))
        parts.append(page_text)
        offset += len(page_text)
    return "".join(parts), spans


# --- readers: bytes -> list of page texts -------------------------------------------------


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode plain text: UTF-8 first, then cp1252 (common for Norwegian Windows files)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    return text, "cp1252"


def looks_binary(text: str) -> bool:
    if not text:
        return False
    sample = text[:4000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / len(sample) > 0.05 or sample.count("\ufffd") / len(sample) > 0.05


def read_plain(data: bytes) -> tuple[list[str], str]:
    text, encoding = decode_text(data)
    if looks_binary(text):
        raise CorruptFile("binary content in a text file (wrong encoding or not text)")
    return text.split("\f"), encoding  # form feeds are page breaks


def read_html(data: bytes) -> tuple[list[str], str]:
    from bs4 import BeautifulSoup

    text, encoding = decode_text(data)
    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer"]):
        tag.decompose()
    for row in soup.find_all("tr"):  # a table row is one text line "| cell | cell |", as for DOCX
        cells = [" ".join(cell.get_text(" ").split()) for cell in row.find_all(["td", "th"])]
        row.replace_with("| " + " | ".join(cells) + " |")
    return [soup.get_text("\n")], f"html/{encoding}"


def read_docx(data: bytes) -> tuple[list[str], str]:
    import io
    import zipfile

    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CorruptFile(f"not a readable DOCX ({exc.__class__.__name__})") from exc
    return ["\n".join(docx_lines(document))], "python-docx"


def docx_lines(document) -> list[str]:
    """Paragraphs and table rows in document order (an attendance table stays above the cases);
    a row becomes "| cell | cell |", the form of a text table."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells = [" ".join(cell.text.split()) for cell in row.cells]
                lines.append("| " + " | ".join(cells) + " |")
    return lines


def read_pdf(data: bytes, settings: IngestSettings, doc_id: str) -> tuple[list[str], str]:
    if not data.startswith(b"%PDF"):
        raise CorruptFile("not a PDF (no %PDF header)")
    if settings.pdf_engine == "pdfplumber":
        pages = pdf_text_pdfplumber(data, settings.pdf_column_gap_em)
    else:
        pages = pdf_text_pdfium(data)
    method = settings.pdf_engine
    chars = sum(len(p.strip()) for p in pages)
    if pages and chars < settings.min_chars_per_page * len(pages):
        if not settings.ocr:
            raise ScannedWithoutOCR(f"scanned PDF: no text layer on {len(pages)} pages and OCR is off")
        pages = ocr_pdf(data, settings, doc_id)
        method = f"ocr-tesseract-{settings.ocr_languages}"
    return pages, method


def words_to_lines(words: list[dict], column_gap_em: float) -> str:
    """Words → text lines; a gap wider than column_gap_em × the font size becomes a tab,
    so side-by-side columns ("Ola Nordmann (AP)      Kari Nilsen (H)") stay apart."""
    from pdfplumber.utils import cluster_objects

    lines = []
    for line in sorted(cluster_objects(words, "top", 3), key=lambda ws: min(w["top"] for w in ws)):
        line = sorted(line, key=lambda w: w["x0"])
        parts = [line[0]["text"]]
        for prev, word in zip(line, line[1:]):
            size = (prev["bottom"] - prev["top"]) or 10
            parts.append("\t" if word["x0"] - prev["x1"] > column_gap_em * size else " ")
            parts.append(word["text"])
        lines.append("".join(parts))
    return "\n".join(lines)


def pdf_text_pdfplumber(data: bytes, column_gap_em: float = 0.0) -> list[str]:
    import io

    import pdfplumber

    def page_text(page) -> str:
        if column_gap_em <= 0:
            return page.extract_text() or ""
        words = page.extract_words(x_tolerance=3, y_tolerance=3)
        return words_to_lines(words, column_gap_em) if words else ""

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [page_text(page) for page in pdf.pages]
    except Exception as exc:  # pdfminer raises many internal types on damaged files
        raise pdf_error(data, exc) from exc


def pdf_error(data: bytes, exc: Exception) -> IngestError:
    """Name the failure: a PDF with an /Encrypt dictionary that cannot be opened needs a password."""
    if b"/Encrypt" in data or "password" in str(exc).lower():
        return EncryptedFile("encrypted PDF (password required)")
    return CorruptFile(f"corrupt PDF ({exc.__class__.__name__}{': ' + str(exc) if str(exc) else ''})")


def pdf_text_pdfium(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise pdf_error(data, exc) from exc
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def ocr_pdf(data: bytes, settings: IngestSettings, doc_id: str) -> list[str]:
    try:
        return ocr_pdf_pages(data, doc_id, settings.ocr_languages, settings.ocr_dpi, settings.ocr_cache_dir)
    except OCRUnavailable as exc:
        raise ScannedWithoutOCR(
            "scanned PDF without text layer; OCR needs tesseract with language "
            f"'{settings.ocr_languages}' (Debian: tesseract-ocr tesseract-ocr-nor)"
        ) from exc


# --- one file ------------------------------------------------------------------------------

PLAIN_TYPES = {"txt": "txt", "md": "md", "markdown": "md", "text": "txt"}
HTML_TYPES = {"html": "html", "htm": "html"}


def file_type_of(path: Path, head: bytes, settings: IngestSettings) -> str:
    ext = path.suffix.lower().lstrip(".")
    if ext in settings.extensions or ext in PLAIN_TYPES or ext in HTML_TYPES:
        return PLAIN_TYPES.get(ext) or HTML_TYPES.get(ext) or ext
    if head.startswith(b"%PDF"):
        return "pdf"  # a PDF saved without its extension is still a PDF
    raise UnsupportedFileType(f"unsupported file type '.{ext}' (supported: {', '.join(settings.extensions)})" if ext else "file has no extension and is not a PDF")


def read_document(path: Path, data: bytes, settings: IngestSettings, display_path: str) -> ParsedDocument:
    if len(data) > settings.max_bytes:
        raise FileTooLarge(f"file is {len(data):,} bytes; the limit is ingest.max_bytes={settings.max_bytes:,}")
    if not data.strip():
        raise EmptyDocument("empty file")
    doc_id = content_hash(data)
    file_type = file_type_of(path, data[:8], settings)
    if file_type == "pdf":
        page_texts, method = read_pdf(data, settings, doc_id)
    elif file_type == "docx":
        page_texts, method = read_docx(data)
    elif file_type == "html":
        page_texts, method = read_html(data)
    elif file_type in ("txt", "md"):
        page_texts, method = read_plain(data)
    else:  # listed in settings.extensions but no reader
        raise UnsupportedFileType(f"no reader for '.{file_type}'")
    text, pages = join_pages(page_texts)
    if not text.strip():
        raise EmptyDocument("no text could be extracted")
    warnings = ["decoded as cp1252, not UTF-8"] if method == "cp1252" else []
    return ParsedDocument(doc_id, display_path, [], file_type, method, len(data), text, pages, warnings)


# --- a folder ------------------------------------------------------------------------------


@dataclass
class IngestResult:
    documents: list[ParsedDocument]
    errors: list[IngestErrorRow]
    paths: list[dict]                      # every input path → doc_id or error

    def summary(self) -> str:
        duplicates = sum(1 for p in self.paths if p["status"] == "duplicate")
        extra = f" (+{duplicates} duplicate{'s' if duplicates > 1 else ''})" if duplicates else ""
        return f"{len(self.documents)} parsed{extra}, {len(self.errors)} failed, {len(self.paths)} files"


def display_path(path: Path) -> str:
    rel = os.path.relpath(path)
    return path.as_posix() if rel.startswith("..") else Path(rel).as_posix()


def input_files(folder: Path) -> list[Path]:
    """All files under folder, sorted; hidden files (.gitkeep, .DS_Store) are not inputs."""
    files = [p for p in folder.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)]
    return sorted(files, key=lambda p: p.as_posix())


def parse_file(job: tuple[str, str, IngestSettings]) -> ParsedDocument | IngestErrorRow:
    """Read one file (runs in a worker process): a document, or the row saying why not."""
    path, shown, settings = job
    try:
        return read_document(Path(path), Path(path).read_bytes(), settings, shown)
    except IngestError as exc:
        return IngestErrorRow(shown, "ingest", exc.__class__.__name__, str(exc))
    except OSError as exc:
        return IngestErrorRow(shown, "ingest", "OSError", f"cannot read file: {exc.strerror or exc}")


def parse_all(jobs: list[tuple[str, str, IngestSettings]], workers: int) -> list[ParsedDocument | IngestErrorRow]:
    """parse_file over jobs, in input order; PDF text extraction and OCR are CPU-bound."""
    progress.total("ingest", len(jobs))
    if workers <= 1 or len(jobs) <= 1:
        return [progress_after(parse_file(job)) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor

    with progress.worker_channel() as channel, \
            ProcessPoolExecutor(max_workers=workers, initializer=progress.worker_init, initargs=(channel,)) as pool:
        return [progress_after(result) for result in pool.map(parse_file, jobs)]


def progress_after(result: ParsedDocument | IngestErrorRow) -> ParsedDocument | IngestErrorRow:
    progress.advance("ingest")
    return result


def ingest_folder(folder: Path, settings: IngestSettings) -> IngestResult:
    """Every file → a parsed document, a duplicate path of one, or an error row, in path order."""
    plan: list[tuple[str, str, object]] = []          # (status, shown path, doc_id | error row)
    first_path: dict[str, str] = {}
    jobs = []
    for path in input_files(folder):
        shown = display_path(path)
        try:
            size = path.stat().st_size
            if size > settings.max_bytes:
                raise FileTooLarge(f"file is {size:,} bytes; the limit is ingest.max_bytes={settings.max_bytes:,}")
            doc_id = content_hash(path.read_bytes())
        except IngestError as exc:
            plan.append(("error", shown, IngestErrorRow(shown, "ingest", exc.__class__.__name__, str(exc))))
            continue
        except OSError as exc:
            plan.append(("error", shown, IngestErrorRow(shown, "ingest", "OSError", f"cannot read file: {exc.strerror or exc}")))
            continue
        if doc_id in first_path:  # same content under another name: one document, both paths
            plan.append(("duplicate", shown, doc_id))
            continue
        first_path[doc_id] = shown
        plan.append(("parse", shown, doc_id))
        jobs.append((str(path), shown, settings))
    parsed = iter(parse_all(jobs, settings.workers))
    documents: dict[str, ParsedDocument] = {}
    errors: list[IngestErrorRow] = []
    paths: list[dict] = []
    for status, shown, value in plan:
        if status == "parse":
            result = next(parsed)
            if isinstance(result, ParsedDocument):
                documents[result.doc_id] = result
                paths.append({"source_path": shown, "doc_id": result.doc_id, "status": "parsed"})
                continue
            status, value = "error", result
        if status == "duplicate":
            if value in documents:
                documents[value].other_paths.append(shown)
                paths.append({"source_path": shown, "doc_id": value, "status": "duplicate"})
            else:  # the first copy failed: this copy fails the same way
                original = next(e for e in errors if e.source_path == first_path[value])
                errors.append(IngestErrorRow(shown, "ingest", original.error_type, original.error))
                paths.append({"source_path": shown, "doc_id": None, "status": "error"})
            continue
        errors.append(value)
        paths.append({"source_path": shown, "doc_id": None, "status": "error"})
    return IngestResult(list(documents.values()), errors, paths)
