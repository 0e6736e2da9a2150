"""Stage 1, ingest: every file in the input folder → normalised text with a page map.

Pure core: ``read_document(path, settings) -> ParsedDocument`` raises a named
IngestError for bad input.  ``ingest_folder`` turns those into error rows so a
run always accounts for every input file.  Identical content under several
names is one document (the id is a content hash) with all its paths kept.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
import stat
import subprocess
import unicodedata
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from .errors import (
    CorruptFile,
    EmptyDocument,
    EncryptedFile,
    FileTooLarge,
    DocumentTimeout,
    IngestError,
    LimitExceeded,
    NotARegularFile,
    ScannedWithoutOCR,
    SymlinkNotFollowed,
    UnsupportedFileType,
    WorkerDied,
)
from . import progress
from .ocr import OCRSettings, OCRUnavailable, ocr_pdf_pages
from .pool import JobFailed, run_jobs
from .records import IngestErrorRow, PageSpan, ParsedDocument
from .settings import IngestSettings

PAGE_SEPARATOR = "\n\n"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def normalise_text(text: str) -> str:
    """One canonical form for all readers: NFC, \\n line ends, no NUL/soft hyphens, and no lone
    surrogates (a broken UTF-16 text layer), which no UTF-8 output could hold."""
    text = _LONE_SURROGATE.sub("\ufffd", text)
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
    """Decode plain text: UTF-8 first, then cp1252 (common for Norwegian Windows files).
    UTF-16 (by its byte-order mark) that is cut (odd length) or holds a lone surrogate is read
    with U+FFFD in place of the broken unit: one bad character must not lose the document."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return data.decode("utf-16", errors="replace"), "utf-16/repaired"
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


def check_unpacked_size(data: bytes, limit: int, what: str) -> None:
    """Zip-bomb guard: refuse a ZIP container whose members unpack to more than `limit` bytes.
    The sizes in the central directory bound the work: zipfile never inflates a member past its
    declared size (a lying header ends in a CRC error, not in gigabytes)."""
    import io
    import zipfile

    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise CorruptFile(f"not a readable {what} ({exc.__class__.__name__}: {one_line(exc)})") from exc
    unpacked = sum(m.file_size for m in members)
    if unpacked > limit:
        raise LimitExceeded(f"{what} unpacks to {unpacked:,} bytes; the limit is ingest.max_unpacked_bytes={limit:,}")


def read_docx(data: bytes, settings: IngestSettings | None = None) -> tuple[list[str], str]:
    import io
    import zipfile

    import docx

    check_unpacked_size(data, (settings or IngestSettings()).max_unpacked_bytes, "DOCX")
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as exc:  # lxml's XMLSyntaxError is a SyntaxError
        raise CorruptFile(f"not a readable DOCX ({exc.__class__.__name__}: {one_line(exc)})") from exc
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


@dataclass
class PdfPages:
    """What a PDF holds before its text is read: page sizes (points) from pdfium."""

    sizes: list[tuple[float, float]]


def pdf_pages(data: bytes) -> PdfPages:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise pdf_error(data, exc) from exc
    try:
        return PdfPages([pdf.get_page_size(i) for i in range(len(pdf))])
    finally:
        pdf.close()


def read_pdf(data: bytes, settings: IngestSettings, doc_id: str) -> tuple[list[str], str, list[str]]:
    """Page texts, the method that made them, and warnings.  The text layer comes from the
    chosen engine; a page with (almost) no text layer whose area is mostly an image is a
    scanned page and is OCR'd — a blank page is not, so a 2000-page blank PDF costs nothing."""
    if not data.startswith(b"%PDF"):
        raise CorruptFile("not a PDF (no %PDF header)")
    layout = pdf_pages(data)
    if len(layout.sizes) > settings.max_pages:
        raise LimitExceeded(f"PDF has {len(layout.sizes):,} pages; the limit is ingest.max_pages={settings.max_pages:,}")
    pages, method = pdf_text_layer(data, settings)
    scanned = scanned_pages(data, pages, settings)
    if not scanned:
        if not any(text.strip() for text in pages):
            raise EmptyDocument(f"blank PDF: no text layer and no page images on {len(pages)} pages")
        return pages, method, []
    if not settings.ocr:
        if len(scanned) == len(pages):
            raise ScannedWithoutOCR(f"scanned PDF: no text layer on {len(pages)} pages and OCR is off")
        return pages, method, [f"{len(scanned)} scanned pages without a text layer not read (OCR is off)"]
    if len(scanned) > settings.max_ocr_pages:
        raise LimitExceeded(f"{len(scanned):,} scanned pages to OCR; the limit is ingest.max_ocr_pages={settings.max_ocr_pages:,}")
    texts, warnings = ocr_pdf(data, settings, doc_id, scanned)
    for index, text in texts.items():
        pages[index] = text
    ocr_method = f"ocr-tesseract-{settings.ocr_languages}"
    return pages, ocr_method if len(scanned) == len(pages) else f"{method}+{ocr_method}", warnings


def pdf_text_layer(data: bytes, settings: IngestSettings) -> tuple[list[str], str]:
    """The text layer by the configured engine; `auto` is poppler's words when pdftotext is
    installed (about 15x faster than pdfplumber, same lines and column tabs), else pdfplumber."""
    engine = settings.pdf_engine
    if engine == "auto":
        engine = "poppler" if shutil.which("pdftotext") else "pdfplumber"
    if engine == "poppler":
        try:
            return pdf_text_poppler(data, settings.pdf_column_gap_em, settings.document_timeout_s), "poppler"
        except PopplerFailed:
            engine = "pdfplumber"  # a file poppler cannot read may still be readable by pdfminer
    if engine == "pdfplumber":
        return pdf_text_pdfplumber(data, settings.pdf_column_gap_em), "pdfplumber"
    return pdf_text_pdfium(data), "pypdfium2"


class PopplerFailed(Exception):
    pass


_BBOX_ITEM = re.compile(r'<page width="[^"]*" height="[^"]*">|</page>|<word xMin="([^"]*)" yMin="([^"]*)" '
                        r'xMax="([^"]*)" yMax="([^"]*)">([^<]*)</word>')


def pdf_text_poppler(data: bytes, column_gap_em: float = 0.0, timeout_s: float = 0) -> list[str]:
    """Page texts from poppler's word boxes (`pdftotext -bbox`), joined into lines by the same
    rule as pdfplumber's words (words_to_lines), so layout and column tabs are kept."""
    try:
        done = subprocess.run(["pdftotext", "-q", "-bbox", "-enc", "UTF-8", "-", "-"], input=data,
                              capture_output=True, timeout=timeout_s or None)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PopplerFailed(str(exc)) from exc
    if done.returncode != 0:
        raise PopplerFailed(f"pdftotext exit {done.returncode}")
    pages: list[str] = []
    words: list[tuple[float, float, float, float, str]] = []
    for m in _BBOX_ITEM.finditer(done.stdout.decode("utf-8", errors="replace")):
        x0, top, x1, bottom, text = m.groups()
        if text is not None:
            words.append((float(top), float(x0), float(x1), float(bottom), html.unescape(text) if "&" in text else text))
        elif m.group(0) == "</page>":
            pages.append(join_lines(words, column_gap_em) if words else "")
        else:
            words = []
    return pages


def scanned_pages(data: bytes, pages: list[str], settings: IngestSettings) -> list[int]:
    """Indexes of pages with fewer than min_chars_per_page characters whose area is at least
    ocr_min_image_cover images: scanned pages (a logo on a cover page is not)."""
    low = [i for i, text in enumerate(pages) if len(text.strip()) < settings.min_chars_per_page]
    if not low:
        return []
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(data)
    try:
        scanned = []
        for i in low:
            page = pdf[i]
            width, height = page.get_size()
            covered = 0.0
            for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
                left, bottom, right, top = obj.get_bounds()
                covered += max(0.0, min(right, width) - max(left, 0.0)) * max(0.0, min(top, height) - max(bottom, 0.0))
            if width * height > 0 and covered / (width * height) >= settings.ocr_min_image_cover:
                scanned.append(i)
        return scanned
    finally:
        pdf.close()


def words_to_lines(words: list[dict], column_gap_em: float) -> str:
    """Words → text lines; a gap wider than column_gap_em × the font size becomes a tab,
    so side-by-side columns ("Ola Nordmann (AP)      Kari Nilsen (H)") stay apart."""
    return join_lines([(w["top"], w["x0"], w["x1"], w["bottom"], w["text"]) for w in words], column_gap_em)


def join_lines(words: list[tuple[float, float, float, float, str]], column_gap_em: float) -> str:
    """(top, x0, x1, bottom, text) words in reading order → lines: words whose tops lie within
    3 pt of the previous top (a chain, as pdfplumber's cluster_objects) are one line, left to
    right; a gap wider than column_gap_em × the word height is a tab."""
    tops = sorted({w[0] for w in words})
    line_of, line, last = {}, 0, tops[0]
    for top in tops:
        if top > last + 3:
            line += 1
        line_of[top], last = line, top
    lines: list[list[tuple]] = [[] for _ in range(line + 1)]
    for word in words:
        lines[line_of[word[0]]].append(word)
    out = []
    for words_of_line in lines:
        words_of_line.sort(key=itemgetter(1))
        parts = [words_of_line[0][4]]
        for prev, word in zip(words_of_line, words_of_line[1:]):
            size = (prev[3] - prev[0]) or 10
            parts.append("\t" if word[1] - prev[2] > column_gap_em * size else " ")
            parts.append(word[4])
        out.append("".join(parts))
    return "\n".join(out)


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
    return CorruptFile(f"corrupt PDF ({exc.__class__.__name__}{': ' + one_line(exc) if str(exc) else ''})")


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


def ocr_pdf(data: bytes, settings: IngestSettings, doc_id: str, indexes: list[int]) -> tuple[dict[int, str], list[str]]:
    try:
        return ocr_pdf_pages(data, doc_id, indexes, OCRSettings.of(settings))
    except OCRUnavailable as exc:
        raise ScannedWithoutOCR(
            "scanned PDF without text layer; OCR needs tesseract with language "
            f"'{settings.ocr_languages}' (Debian: tesseract-ocr tesseract-ocr-nor tesseract-ocr-deu)"
        ) from exc


# --- one file ------------------------------------------------------------------------------

DECODING_WARNINGS = {
    "cp1252": "decoded as cp1252, not UTF-8",
    "utf-16/repaired": "broken UTF-16 (cut or with a lone surrogate): bad units replaced by U+FFFD",
}
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
    warnings: list[str] = []
    if file_type == "pdf":
        page_texts, method, warnings = read_pdf(data, settings, doc_id)
    elif file_type == "docx":
        page_texts, method = read_docx(data, settings)
    elif file_type == "html":
        page_texts, method = read_html(data)
    elif file_type in ("txt", "md"):
        page_texts, method = read_plain(data)
    else:  # listed in settings.extensions but no reader
        raise UnsupportedFileType(f"no reader for '.{file_type}'")
    text, pages = join_pages(page_texts)
    if not text.strip():
        raise EmptyDocument("no text could be extracted")
    warnings += [DECODING_WARNINGS[method]] if method in DECODING_WARNINGS else []
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


def one_line(exc: BaseException, limit: int = 200) -> str:
    """An exception's message as one short line (library messages can span many)."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def display_path(path: Path) -> str:
    """The path as shown in rows: relative when below the working folder, and always valid
    UTF-8 (a name with invalid bytes keeps them as \\xNN escapes instead of breaking the output)."""
    rel = os.path.relpath(path)
    shown = path.as_posix() if rel.startswith("..") else Path(rel).as_posix()
    return os.fsencode(shown).decode("utf-8", errors="backslashreplace")


@dataclass(frozen=True)
class InputEntry:
    """One entry of the input folder: a file to read (at `path`, a link's resolved target), or
    an entry that is listed with the reason it is not read."""

    shown: str
    path: str
    problem: IngestError | None = None


def is_hidden(name: str) -> bool:
    return name.startswith(".")  # .gitkeep, .DS_Store, editor swap files are not inputs


def looks_like_document(name: str, settings: IngestSettings) -> bool:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return ext in settings.extensions or ext in PLAIN_TYPES or ext in HTML_TYPES


def classify_link(path: Path, root: Path) -> tuple[str | None, IngestError | None]:
    """A symlink is read only when it ends at a regular file inside the input folder."""
    target = Path(os.path.realpath(path))
    if not target.exists():
        return None, NotARegularFile(f"dangling symlink (to {os.readlink(path)})")
    if target != root and root not in target.parents:
        return None, SymlinkNotFollowed("symlink to a path outside the input folder: not followed")
    if target.is_dir():
        return None, SymlinkNotFollowed("symlink to a folder: not followed")
    if not target.is_file():
        return None, NotARegularFile("symlink to something that is not a regular file")
    return str(target), None


def special_kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a regular file"


def scan_inputs(folder: Path, settings: IngestSettings) -> list[InputEntry]:
    """Every non-hidden entry under folder, sorted by shown path: files to read, and the entries
    that are listed, not read — links out of the folder or to folders, dangling links, FIFOs,
    sockets, devices, and folders named like a document (whose contents are still read)."""
    root = Path(os.path.realpath(folder))
    entries: list[InputEntry] = []
    stack = [Path(folder)]
    while stack:
        current = stack.pop()
        try:
            children = list(os.scandir(current))
        except OSError as exc:
            entries.append(InputEntry(display_path(current), str(current),
                                      NotARegularFile(f"cannot list folder: {exc.strerror or exc}")))
            continue
        for child in children:
            if is_hidden(child.name):
                continue
            path = Path(child.path)
            shown = display_path(path)
            try:
                if child.is_symlink():
                    target, problem = classify_link(path, root)
                    entries.append(InputEntry(shown, target or str(path), problem))
                elif child.is_dir(follow_symlinks=False):
                    if looks_like_document(child.name, settings):
                        entries.append(InputEntry(shown, str(path), NotARegularFile("a folder, not a file")))
                    stack.append(path)
                elif child.is_file(follow_symlinks=False):
                    entries.append(InputEntry(shown, str(path)))
                else:
                    kind = special_kind(child.stat(follow_symlinks=False).st_mode)
                    entries.append(InputEntry(shown, str(path), NotARegularFile(f"{kind}, not a regular file")))
            except OSError as exc:
                entries.append(InputEntry(shown, str(path), NotARegularFile(f"cannot inspect: {exc.strerror or exc}")))
    return sorted(entries, key=lambda e: e.shown)


def input_files(folder: Path) -> list[Path]:
    """The readable files under folder, sorted (see scan_inputs for the entries that are not)."""
    return [Path(e.path) for e in scan_inputs(folder, IngestSettings()) if e.problem is None]


def read_regular_file(path: str, max_bytes: int) -> bytes:
    """The bytes of a regular file, never blocking on a FIFO swapped in after the scan and never
    reading past the size limit."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(f"{special_kind(info.st_mode)}, not a regular file")
        if info.st_size > max_bytes:
            raise FileTooLarge(f"file is {info.st_size:,} bytes; the limit is ingest.max_bytes={max_bytes:,}")
        with os.fdopen(os.dup(fd), "rb") as fh:
            data = fh.read(max_bytes + 1)
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise FileTooLarge(f"file is over {max_bytes:,} bytes; the limit is ingest.max_bytes={max_bytes:,}")
    return data


def error_row(shown: str, exc: BaseException) -> IngestErrorRow:
    """Named errors keep their message; any other exception is named by its type, in one line."""
    if isinstance(exc, IngestError):
        return IngestErrorRow(shown, "ingest", exc.__class__.__name__, str(exc))
    if isinstance(exc, OSError):
        return IngestErrorRow(shown, "ingest", "OSError", f"cannot read file: {exc.strerror or one_line(exc)}")
    if isinstance(exc, MemoryError):
        return IngestErrorRow(shown, "ingest", "MemoryError", "ran out of memory while reading the file")
    return IngestErrorRow(shown, "ingest", exc.__class__.__name__,
                          f"unexpected error while reading the file: {one_line(exc) or exc.__class__.__name__}")


def parse_file(job: tuple[str, str, IngestSettings]) -> ParsedDocument | IngestErrorRow:
    """Read one file (runs in a worker process): a document, or the row saying why not.
    Nothing escapes: one bad file never costs the others."""
    path, shown, settings = job
    try:
        return read_document(Path(path), read_regular_file(path, settings.max_bytes), settings, shown)
    except Exception as exc:  # noqa: BLE001 — every failure of one file becomes its row
        return error_row(shown, exc)


def failed_job_row(shown: str, failure: JobFailed, settings: IngestSettings) -> IngestErrorRow:
    if failure.reason == "timeout":
        exc: IngestError = DocumentTimeout(
            f"reading took longer than ingest.document_timeout_s={settings.document_timeout_s:g} s")
    else:
        exc = WorkerDied(f"the process reading the file died ({failure.detail}; a crash or out of memory)")
    return error_row(shown, exc)


def parse_all(jobs: list[tuple[str, str, IngestSettings]], settings: IngestSettings) -> list[ParsedDocument | IngestErrorRow]:
    """parse_file over jobs, in input order, in worker processes with a deadline per file."""
    progress.total("ingest", len(jobs))
    with progress.worker_channel() as channel:
        results = run_jobs(parse_file, jobs, settings.workers, settings.document_timeout_s,
                           initializer=progress.worker_init if channel is not None else None, initargs=(channel,),
                           on_result=lambda result: progress.advance("ingest"))
    return [failed_job_row(job[1], r, settings) if isinstance(r, JobFailed) else r for job, r in zip(jobs, results)]


@dataclass
class InputPlan:
    """What a folder holds before any file is parsed: per entry (in path order) its status —
    parse (the first path of a content), duplicate (same content as an earlier path) or error
    (listed with its reason) — and one parse job per distinct content."""

    steps: list[tuple[str, str, object]]   # (status, shown path, doc_id | IngestErrorRow)
    jobs: list[tuple[str, str, IngestSettings]]
    doc_ids: list[str]                     # content hash of each job's file
    extensions: list[str]                  # each job's file extension (decides its reader)
    first_path: dict[str, str]


def plan_inputs(folder: Path, settings: IngestSettings) -> InputPlan:
    """Scan the folder and hash every readable file (identical content is one document)."""
    plan = InputPlan([], [], [], [], {})
    for entry in scan_inputs(folder, settings):
        shown = entry.shown
        try:
            if entry.problem is not None:
                raise entry.problem
            doc_id = content_hash(read_regular_file(entry.path, settings.max_bytes))
        except Exception as exc:  # noqa: BLE001
            plan.steps.append(("error", shown, error_row(shown, exc)))
            continue
        if doc_id in plan.first_path:  # same content under another name: one document, both paths
            plan.steps.append(("duplicate", shown, doc_id))
            continue
        plan.first_path[doc_id] = shown
        plan.steps.append(("parse", shown, doc_id))
        plan.jobs.append((entry.path, shown, settings))
        plan.doc_ids.append(doc_id)
        plan.extensions.append(Path(entry.path).suffix.lower())
    return plan


@dataclass
class Accounting:
    """Every input path → parsed, duplicate or error; the parsed documents' other paths."""

    parsed: list[str]                      # doc_ids, in path order
    other_paths: dict[str, list[str]]
    errors: list[IngestErrorRow]
    paths: list[dict]


def account(plan: InputPlan, outcome: dict[str, IngestErrorRow | None]) -> Accounting:
    """Paths and error rows from each job's outcome (None: parsed; else its error row)."""
    result = Accounting([], {}, [], [])
    for status, shown, value in plan.steps:
        if status == "parse":
            failure = outcome[value]
            if failure is None:
                result.parsed.append(value)
                result.other_paths[value] = []
                result.paths.append({"source_path": shown, "doc_id": value, "status": "parsed"})
                continue
            status, value = "error", failure
        if status == "duplicate":
            if value in result.other_paths:
                result.other_paths[value].append(shown)
                result.paths.append({"source_path": shown, "doc_id": value, "status": "duplicate"})
            else:  # the first copy failed: this copy fails the same way
                original = outcome[value]
                result.errors.append(IngestErrorRow(shown, "ingest", original.error_type, original.error))
                result.paths.append({"source_path": shown, "doc_id": None, "status": "error"})
            continue
        result.errors.append(value)
        result.paths.append({"source_path": shown, "doc_id": None, "status": "error"})
    return result


def ingest_folder(folder: Path, settings: IngestSettings) -> IngestResult:
    """Every entry → a parsed document, a duplicate path of one, or an error row, in path order
    (in memory; the ingest stage writes the same per document, see pipeline/stages.py)."""
    plan = plan_inputs(folder, settings)
    parsed = parse_all(plan.jobs, settings)
    documents = {doc_id: r for doc_id, r in zip(plan.doc_ids, parsed) if isinstance(r, ParsedDocument)}
    outcome = {doc_id: None if isinstance(r, ParsedDocument) else r for doc_id, r in zip(plan.doc_ids, parsed)}
    books = account(plan, outcome)
    for doc_id, others in books.other_paths.items():
        documents[doc_id].other_paths.extend(others)
    return IngestResult([documents[d] for d in books.parsed], books.errors, books.paths)
