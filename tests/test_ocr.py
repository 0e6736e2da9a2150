"""OCR preprocessing: table rules are erased, glyph-sized strokes are kept; a ruled grid's
cells are read one by one and put back in the page's reading order."""

import io
import shutil

import numpy as np
import pytest

import pipeline.ocr as ocr
from pipeline.ocr import GridRow, TSVLine, grid_rows, page_text, remove_rule_lines, straight_runs, tesseract_available

HAS_TESSERACT = bool(shutil.which("tesseract")) and tesseract_available("nor")


def ruled_cell(dpi=200):
    page = np.full((400, 800), 255, dtype=np.uint8)
    page[100, 50:750] = 0            # horizontal rule, 3.5 in
    page[300, 50:750] = 0
    page[100:301, 50] = 0            # vertical rules, 1 in
    page[100:301, 749] = 0
    page[180:210, 200:204] = 0       # a glyph stroke, 0.15 in tall
    page[195:199, 300:330] = 0       # a glyph bar, 0.15 in wide
    return page


def test_rules_are_erased_and_glyphs_kept():
    cleaned = remove_rule_lines(ruled_cell(), dpi=200)
    assert (cleaned[100, 50:750] == 255).all() and (cleaned[100:301, 50] == 255).all()
    assert (cleaned[180:210, 200:204] == 0).all() and (cleaned[195:199, 300:330] == 0).all()


def test_straight_runs_marks_whole_run():
    dark = np.zeros((1, 20), dtype=np.int32)
    dark[0, 3:13] = 1
    assert straight_runs(dark, 10, axis=1)[0].nonzero()[0].tolist() == list(range(3, 13))
    assert not straight_runs(dark, 11, axis=1).any()


@pytest.mark.skipif(not HAS_TESSERACT, reason="tesseract-ocr-nor not installed")
def test_scanned_member_table_is_read():
    from pipeline.ingest import read_document
    from pipeline.settings import IngestSettings

    from .conftest import RAW, ROOT

    path = RAW / "elections_osen_valgstyrets_motebok_fylkesting_2019_SCANNED.pdf"
    doc = read_document(path, path.read_bytes(), IngestSettings(ocr_cache_dir=str(ROOT / ".cache" / "ocr")), str(path))
    assert doc.method == "ocr-tesseract-nor+deu"
    for row in ("Høvik John Einar\tLeder", "Stein Line\tNestleder", "Rødøy Per Asbjørn\tMedlem"):
        assert row in doc.text


# --- a ruled grid read cell by cell -------------------------------------------------------------

MEMBERS = [("Navn", "Funksjon"), ("Nilssen Stein Roar", "Leder"), ("Killie Christine Bertheussen", "Nestleder"),
           ("Andreassen Gunnhill Margy", "Medlem"), ("Berg Ove", "Varamedlem")]


def ruled_form(dpi: int = 200, rows=MEMBERS, heading="Medlemmer og varamedlemmer:",
               footer="Stemmekretser og tid:"):
    """A synthetic scanned form page (A4 at dpi): a heading, a ruled two-column member table, a line below."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = round(8.27 * dpi), round(11.69 * dpi)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=round(dpi * 11 / 72))
    x0, x1, x2 = round(0.6 * dpi), round(4.6 * dpi), round(7.6 * dpi)
    y, row_height = round(2.0 * dpi), round(0.27 * dpi)
    draw.text((x0, y - round(0.5 * dpi)), heading, fill=0, font=font)
    for n, (name, function) in enumerate(rows):
        top = y + n * row_height
        draw.text((x0 + round(0.06 * dpi), top + round(0.05 * dpi)), name, fill=0, font=font)
        draw.text((x1 + round(0.06 * dpi), top + round(0.05 * dpi)), function, fill=0, font=font)
    bottom = y + len(rows) * row_height
    for n in range(len(rows) + 1):
        draw.line([(x0, y + n * row_height), (x2, y + n * row_height)], fill=0, width=3)
    for x in (x0, x1, x2):
        draw.line([(x, y), (x, bottom)], fill=0, width=3)
    draw.text((x0, bottom + round(0.4 * dpi)), footer, fill=0, font=font)
    return page


def test_grid_rows_are_the_ruled_bands_and_their_cells():
    gray = np.asarray(ruled_form())
    rows = grid_rows(gray, 200)
    assert len(rows) == len(MEMBERS)
    assert all(len(row.cells) == 2 for row in rows)
    assert all(b.top <= a.bottom for a, b in zip(rows, rows[1:]))      # adjacent rows share their rule
    for row in rows:   # the cells lie inside the rules: the separator at 4.6 in is between them
        (a, b), (c, d) = row.cells
        assert row.left < a < b < 920 < c < d < row.right


def test_a_page_without_a_grid_has_no_rows():
    page = np.full((2339, 1654), 255, dtype=np.uint8)
    page[400, 100:1500] = 0                  # a lone horizontal rule (under a page header)
    page[800:806, 100:1500] = 0              # a thick bar
    page[1000:1040, 300:304] = 0             # a glyph stroke
    page[1200, 100:1500] = page[1260, 100:1500] = 0     # two rules with nothing crossing them
    assert grid_rows(page, 200) == []


def row(top, bottom, cells=((110, 890), (910, 1490))):
    return GridRow(top, bottom, 100, 1500, top + 3, bottom - 3, cells)


def test_page_text_replaces_the_grid_words_with_the_rows():
    lines = [TSVLine((1, 1), [(400, 200, "Medlemmer:")]),
             TSVLine((2, 1), [(300, 430, "Nilssen"), (500, 430, "Stem"), (700, 430, "Roar"), (1000, 430, "Leder")]),
             TSVLine((2, 1), [(50, 480, "|"), (300, 485, "Kill"), (1000, 485, "Medlem")]),
             TSVLine((3, 1), [(300, 700, "A2"), (400, 700, "Valgtinget")])]
    rows = [row(400, 460), row(460, 520)]
    text = page_text(lines, rows, ["Nilssen Stein Roar\tLeder", "Killie Christine\tMedlem"], tolerance=6)
    assert text == "Medlemmer:\n\nNilssen Stein Roar\tLeder\nKillie Christine\tMedlem\n\n|\n\nA2 Valgtinget\n"
    # without a grid the text is tesseract's own: words joined by spaces, a blank line between paragraphs
    assert page_text(lines, [], []) == "Medlemmer:\n\nNilssen Stem Roar Leder\n| Kill Medlem\n\nA2 Valgtinget\n"


def test_a_heading_beside_the_first_row_stays_before_the_table():
    lines = [TSVLine((1, 1), [(300, 415, "B1.1"), (500, 415, "Totalt")]),     # left of the table, by its first row
             TSVLine((2, 1), [(300, 600, "B1.2")])]
    rows = [GridRow(400, 440, 900, 1500, 403, 437, ((905, 1495),)), GridRow(440, 480, 100, 1500, 443, 477, ((105, 1495),))]
    assert page_text(lines, rows, ["Antall", "Sum\t208"]) == "B1.1 Totalt\n\nAntall\nSum\t208\n\nB1.2\n"


def image_pdf(image) -> bytes:
    """A scanned PDF: one page that is only an image."""
    buf = io.BytesIO()
    image.convert("L").save(buf, format="PDF", resolution=200)
    return buf.getvalue()


@pytest.mark.skipif(not HAS_TESSERACT, reason="tesseract-ocr-nor not installed")
def test_a_scanned_member_table_is_read_cell_by_cell(tmp_path):
    from pipeline.ingest import read_document
    from pipeline.settings import IngestSettings

    path = tmp_path / "protokoll.pdf"
    path.write_bytes(image_pdf(ruled_form()))
    doc = read_document(path, path.read_bytes(), IngestSettings(ocr_cache_dir=str(tmp_path / "ocr")), str(path))
    assert doc.method == "ocr-tesseract-nor+deu" and not doc.warnings
    lines = doc.text.splitlines()
    table = ["\t".join(cells) for cells in MEMBERS]
    assert [line for line in lines if "\t" in line] == table              # a row a line, its cells apart
    start = lines.index(table[0])
    assert lines[start:start + len(table)] == table
    assert "Medlemmer" in " ".join(lines[:start]) and "Stemmekretser" in " ".join(lines[start + len(table):])


def test_cells_not_read_in_time_leave_the_page_as_read_whole(tmp_path, monkeypatch):
    """The cells share the page's time limit; when they cannot be read the page's own text is
    kept, with a warning, and not cached (the next run tries again)."""
    tsv = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
           "5\t1\t1\t1\t1\t1\t130\t410\t150\t30\t90\tNilssen\n"
           "5\t1\t1\t1\t1\t2\t300\t410\t80\t30\t90\tStem\n")
    calls = []

    def fake_tesseract(args, timeout_s):
        calls.append(args)
        if args[-1] == "tsv":
            return tsv
        raise ocr.PageOCRFailed(f"tesseract stopped after {timeout_s:g} s (ingest.ocr_page_timeout_s)")

    monkeypatch.setattr(ocr, "run_tesseract", fake_tesseract)
    monkeypatch.setattr(ocr, "tesseract_available", lambda languages: True)
    settings = ocr.OCRSettings(cache_dir=str(tmp_path / "ocr"), page_timeout_s=5)
    texts, warnings = ocr.ocr_pdf_pages(image_pdf(ruled_form()), "doc", [0], settings)
    assert texts == {0: "Nilssen Stem\n"}
    assert len(calls) == 2 and calls[1][0].endswith(".txt")                 # all cells in one tesseract run
    assert warnings and "table cells not read" in warnings[0] and "ocr_page_timeout_s" in warnings[0]
    assert not (tmp_path / "ocr").exists() or not any((tmp_path / "ocr").iterdir())


def test_ocr_reads_with_the_installed_languages_only(monkeypatch):
    """nor+deu on a machine with only the Norwegian model: Norwegian alone, not a failed OCR."""
    import subprocess as sp

    from pipeline import ocr

    monkeypatch.setattr(ocr.shutil, "which", lambda name: "/usr/bin/tesseract")
    monkeypatch.setattr(ocr.subprocess, "run", lambda *a, **k: sp.CompletedProcess(a, 0, "List of languages:\neng\nnor\n", ""))
    assert ocr.installed_languages("nor+deu") == "nor"
    assert ocr.installed_languages("deu") is None
