"""Bad input becomes an error row with a clear reason; the run goes on; nothing is lost."""

import io

import pytest

from pipeline.ingest import ingest_folder, join_pages, normalise_text
from pipeline.settings import IngestSettings

from .conftest import FIXTURES

GOOD = "Referat fra møte i Formannskapet 12. februar 2026\n\nSak 5/2026 Budsjett\n\nVedtak:\nGodkjent.\n"


def make_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def scanned_pdf() -> bytes:
    """A one-page PDF that is one image and no text layer: what a scanner without OCR produces."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (850, 1100), 255)
    ImageDraw.Draw(image).rectangle((100, 100, 700, 140), fill=0)
    buf = io.BytesIO()
    image.save(buf, "PDF", resolution=100)
    return buf.getvalue()


def blank_pdf() -> bytes:
    # a one-page PDF with no text layer and no image
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


@pytest.fixture
def messy_folder(tmp_path):
    folder = tmp_path / "raw"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "sub" / "copy of good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text("  \n\n", encoding="utf-8")
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf" * 5)
    (folder / "notpdf.pdf").write_bytes(b"<html>oops</html>")
    (folder / "encrypted.pdf").write_bytes((FIXTURES / "encrypted.pdf").read_bytes())
    (folder / "plain.pdf").write_bytes((FIXTURES / "plain.pdf").read_bytes())
    (folder / "scan.pdf").write_bytes(scanned_pdf())
    (folder / "blank.pdf").write_bytes(blank_pdf())
    (folder / "budget.xlsx").write_bytes(b"PK\x03\x04 spreadsheet")
    (folder / "windows.txt").write_bytes("Møtet ble hevet kl. 15. Vedtak: Godkjent – enstemmig.".encode("cp1252"))
    (folder / "minutes.docx").write_bytes(make_docx(GOOD))
    (folder / "page.html").write_text(f"<html><body><h1>Referat</h1><p>{GOOD}</p><script>x=1</script></body></html>", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    return folder


def test_every_file_is_parsed_or_listed_with_its_error(messy_folder):
    result = ingest_folder(messy_folder, IngestSettings(ocr=False))
    by_path = {p["source_path"].rsplit("/", 1)[-1]: p["status"] for p in result.paths}
    assert by_path == {
        "good.txt": "parsed", "copy of good.txt": "duplicate", "empty.txt": "error", "blank.md": "error",
        "corrupt.pdf": "error", "notpdf.pdf": "error", "encrypted.pdf": "error", "plain.pdf": "parsed",
        "scan.pdf": "error", "blank.pdf": "error", "budget.xlsx": "error", "windows.txt": "parsed", "minutes.docx": "parsed",
        "page.html": "parsed", "binary.txt": "error",
    }
    errors = {e.source_path.rsplit("/", 1)[-1]: (e.error_type, e.error) for e in result.errors}
    assert errors["empty.txt"] == ("EmptyDocument", "empty file")
    assert errors["encrypted.pdf"][0] == "EncryptedFile" and "password" in errors["encrypted.pdf"][1]
    assert errors["corrupt.pdf"][0] == "CorruptFile"
    assert errors["notpdf.pdf"] == ("CorruptFile", "not a PDF (no %PDF header)")
    assert errors["scan.pdf"][0] == "ScannedWithoutOCR"
    assert errors["blank.pdf"] == ("EmptyDocument", "blank PDF: no text layer and no page images on 1 pages")
    assert errors["budget.xlsx"][0] == "UnsupportedFileType" and ".xlsx" in errors["budget.xlsx"][1]
    assert errors["binary.txt"][0] == "CorruptFile"
    assert result.summary() == "5 parsed (+1 duplicate), 9 failed, 15 files"


def test_duplicate_is_one_document_with_both_paths(messy_folder):
    result = ingest_folder(messy_folder, IngestSettings(ocr=False))
    good = [d for d in result.documents if d.source_path.endswith("good.txt")]
    assert len(good) == 1 and good[0].other_paths[0].endswith("sub/copy of good.txt")


def test_wrong_encoding_is_decoded_with_a_warning(messy_folder):
    result = ingest_folder(messy_folder, IngestSettings(ocr=False))
    doc = next(d for d in result.documents if d.source_path.endswith("windows.txt"))
    assert "Møtet" in doc.text and "–" in doc.text
    assert doc.warnings == ["decoded as cp1252, not UTF-8"]


def test_docx_html_and_pdf_text(messy_folder):
    result = ingest_folder(messy_folder, IngestSettings(ocr=False))
    texts = {d.source_path.rsplit("/", 1)[-1]: d for d in result.documents}
    assert "Sak 5/2026 Budsjett" in texts["minutes.docx"].text
    assert "Sak 5/2026 Budsjett" in texts["page.html"].text and "x=1" not in texts["page.html"].text
    assert texts["plain.pdf"].file_type == "pdf" and "Sak 5/2026" in texts["plain.pdf"].text


def test_too_large_file_is_refused_without_reading(messy_folder):
    result = ingest_folder(messy_folder, IngestSettings(ocr=False, max_bytes=50))
    error = next(e for e in result.errors if e.source_path.endswith("good.txt"))
    assert error.error_type == "FileTooLarge" and "max_bytes" in error.error


def test_document_id_is_a_content_hash(messy_folder, tmp_path):
    first = ingest_folder(messy_folder, IngestSettings(ocr=False))
    moved = tmp_path / "elsewhere"
    messy_folder.rename(moved)
    second = ingest_folder(moved, IngestSettings(ocr=False))
    assert sorted(d.doc_id for d in first.documents) == sorted(d.doc_id for d in second.documents)


def test_page_map_and_normalisation():
    text, pages = join_pages(["Side en\r\n", "Side\u00a0to"])
    assert text == "Side en\n\n\nSide to"
    assert [(p.page, text[p.char_start:p.char_end]) for p in pages] == [(1, "Side en\n"), (2, "Side to")]
    assert normalise_text("e\u0301") == "é"


def test_parallel_ingest_gives_the_same_result(messy_folder):
    serial = ingest_folder(messy_folder, IngestSettings(ocr=False, workers=1))
    parallel = ingest_folder(messy_folder, IngestSettings(ocr=False, workers=2))
    assert serial == parallel


def test_failed_first_copy_fails_its_duplicate_too(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4 broken" * 3)
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4 broken" * 3)
    result = ingest_folder(tmp_path, IngestSettings(ocr=False))
    assert [(e.source_path.rsplit("/", 1)[-1], e.error_type) for e in result.errors] == [
        ("a.pdf", "CorruptFile"), ("b.pdf", "CorruptFile")]


def test_wide_word_gaps_become_tabs():
    from pipeline.ingest import words_to_lines

    def word(text, x0, x1, top=100):
        return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": top + 10}

    words = [word("Ola", 72, 90), word("Nordmann", 93, 140), word("Kari", 300, 320), word("Nilsen", 323, 360),
             word("Forfall:", 72, 110, top=120)]
    assert words_to_lines(words, 1.5) == "Ola Nordmann\tKari Nilsen\nForfall:"


def test_docx_tables_stay_in_document_order(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Møteprotokoll")
    document.add_paragraph("Til stede:")
    table = document.add_table(rows=2, cols=2)
    for r, (a, b) in enumerate([("Ola Nordmann/Asker", "Kari Nilsen/Bærum"), ("Per Hansen/Lier", "")]):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    document.add_paragraph("Sak 5/2024 Budsjett")
    path = tmp_path / "protokoll.docx"
    document.save(path)
    result = ingest_folder(tmp_path, IngestSettings(ocr=False))
    text = result.documents[0].text
    assert text.index("| Ola Nordmann/Asker | Kari Nilsen/Bærum |") < text.index("Sak 5/2024")
    from extractors.attendance import extract_attendance
    assert [(a.name, a.affiliation) for a in extract_attendance(text)] == [
        ("Ola Nordmann", "Asker"), ("Kari Nilsen", "Bærum"), ("Per Hansen", "Lier")]


def test_html_table_rows_become_lines(tmp_path):
    html = ("<html><body><h1>Møteprotokoll</h1><p>Til stede:</p><table><tr><td>Ola Nordmann</td><td>AP</td></tr>"
            "<tr><td>Kari Nilsen</td><td>H</td></tr></table><h2>PS 6/26 Budsjett</h2></body></html>")
    (tmp_path / "p.html").write_text(html, encoding="utf-8")
    text = ingest_folder(tmp_path, IngestSettings(ocr=False)).documents[0].text
    assert "| Ola Nordmann | AP |" in text and "| Kari Nilsen | H |" in text
    assert text.index("| Kari Nilsen | H |") < text.index("PS 6/26 Budsjett")
    from extractors.attendance import extract_attendance
    assert [(a.name, a.affiliation) for a in extract_attendance(text)] == [("Ola Nordmann", "AP"), ("Kari Nilsen", "H")]
