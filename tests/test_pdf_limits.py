"""Bounded work per PDF: page limits, scanned pages decided per page, capped render size,
tesseract with a timeout and its exit code checked, and an OCR cache that survives bad entries.
These tests assert that the work finishes and what it produces, never how fast."""

import io
import json
import os
import stat

import pytest

import pipeline.ocr as ocr
from pipeline.ingest import read_document
from pipeline.settings import IngestSettings

from .conftest import FIXTURES


def blank_pages_pdf(n: int, width: float = 595, height: float = 842) -> bytes:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(n):
        pdf.new_page(width, height)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def pdf_with_pages(pages: list[str], size=(595, 842)) -> bytes:
    """reportlab PDF; a page "TEXT:..." has a text layer, a page "SCAN" is one full-page image."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=size)
    for page in pages:
        if page == "SCAN":
            c.drawImage(ImageReader(Image.new("L", (200, 280), 200)), 0, 0, *size)
        else:
            c.drawString(72, size[1] - 72, page)
        c.showPage()
    c.save()
    return buf.getvalue()


def read(data: bytes, tmp_path, **settings):
    return read_document(tmp_path / "x.pdf", data, IngestSettings(ocr_cache_dir=str(tmp_path / "ocr"), **settings), "x.pdf")


@pytest.fixture
def fake_ocr(monkeypatch):
    """Tesseract replaced: records the size of every page image it gets."""
    seen = []

    def fake(image, dpi, languages, workdir, timeout_s=0):
        seen.append(image.size)
        return "Skannet side med tekst fra OCR, lest av tesseract"

    monkeypatch.setattr(ocr, "ocr_page_image", fake)
    monkeypatch.setattr(ocr, "tesseract_available", lambda languages: True)
    return seen


def test_two_thousand_blank_pages_are_not_ocrd(tmp_path, fake_ocr):
    from pipeline.errors import EmptyDocument

    with pytest.raises(EmptyDocument, match="blank PDF"):
        read(blank_pages_pdf(2000), tmp_path)
    assert fake_ocr == []


def test_only_scanned_pages_are_ocrd(tmp_path, fake_ocr):
    doc = read(pdf_with_pages(["Sak 5/2026 Budsjett for kommunen og vedtak", "SCAN"]), tmp_path)
    assert doc.method == "poppler+ocr-tesseract-nor+deu"
    assert "Sak 5/2026 Budsjett" in doc.text and "Skannet side med tekst fra OCR" in doc.text
    assert len(fake_ocr) == 1


def test_a_huge_page_renders_at_a_capped_size(tmp_path, fake_ocr):
    doc = read(pdf_with_pages(["SCAN"], size=(4500, 4500)), tmp_path, ocr_max_pixels=4_000_000)
    (width, height), = fake_ocr
    assert width * height <= 4_000_000 * 1.01
    assert doc.warnings and "ocr_max_pixels" in doc.warnings[0]


def test_page_limits(tmp_path, fake_ocr):
    from pipeline.errors import LimitExceeded

    with pytest.raises(LimitExceeded, match="max_pages=10"):
        read(blank_pages_pdf(11), tmp_path, max_pages=10)
    with pytest.raises(LimitExceeded, match="max_ocr_pages=1"):
        read(pdf_with_pages(["SCAN", "SCAN"]), tmp_path, max_ocr_pages=1)
    assert fake_ocr == []


def test_corrupt_cache_entry_is_rebuilt(tmp_path, fake_ocr):
    data = pdf_with_pages(["SCAN"])
    first = read(data, tmp_path)
    entries = list((tmp_path / "ocr").iterdir())
    assert len(entries) == 1 and len(fake_ocr) == 1
    entries[0].write_text('{"text": "half-writ', encoding="utf-8")     # a killed writer's leftovers
    again = read(data, tmp_path)
    assert again.text == first.text and len(fake_ocr) == 2
    assert json.loads(entries[0].read_text(encoding="utf-8"))["text"] in first.text
    assert [p.name for p in (tmp_path / "ocr").iterdir()] == [entries[0].name]   # no temp files left
    read(data, tmp_path)
    assert len(fake_ocr) == 2                                               # now served from the cache


def fake_tesseract(tmp_path, body: str) -> str:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    script = bin_dir / "tesseract"
    script.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(bin_dir)


@pytest.mark.parametrize("body, message", [
    ("echo 'Error: cannot read image' >&2; exit 1", "tesseract exit 1: Error: cannot read image"),
    ("exec sleep 30", "tesseract stopped after 0.5 s"),
])
def test_tesseract_failure_or_timeout_is_named(tmp_path, monkeypatch, body, message):
    from PIL import Image

    monkeypatch.setenv("PATH", fake_tesseract(tmp_path, body) + os.pathsep + os.environ["PATH"])
    with pytest.raises(ocr.PageOCRFailed, match=message):
        ocr.ocr_page_image(Image.new("L", (100, 100), 255), 200, "nor", str(tmp_path), timeout_s=0.5)


def test_failed_page_is_a_warning_not_a_lost_document(tmp_path, monkeypatch):
    def failing(image, dpi, languages, workdir, timeout_s=0):
        raise ocr.PageOCRFailed("tesseract exit 1: boom")

    monkeypatch.setattr(ocr, "ocr_page_image", failing)
    monkeypatch.setattr(ocr, "tesseract_available", lambda languages: True)
    doc = read(pdf_with_pages(["Sak 5/2026 Budsjett for kommunen og vedtak", "SCAN"]), tmp_path)
    assert "Sak 5/2026" in doc.text
    assert doc.warnings == ["OCR of page 2 failed: tesseract exit 1: boom"]
    assert not (tmp_path / "ocr").exists() or not any((tmp_path / "ocr").iterdir())  # failures are not cached


def test_render_dpi_is_capped():
    assert ocr.render_dpi(595, 842, 200, 25_000_000) == 200
    assert ocr.render_dpi(4500, 4500, 200, 25_000_000) == pytest.approx(80.0)


def test_engines_agree_on_the_two_column_fixture():
    """poppler's words and pdfplumber's words give the same lines and column tabs."""
    from pipeline.ingest import pdf_text_pdfplumber, pdf_text_poppler

    data = (FIXTURES / "two_column_attendance.pdf").read_bytes()
    assert pdf_text_poppler(data, 1.5) == pdf_text_pdfplumber(data, 1.5)
