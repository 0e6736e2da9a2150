"""OCR preprocessing: table rules are erased, glyph-sized strokes are kept."""

import shutil

import numpy as np
import pytest

from pipeline.ocr import remove_rule_lines, straight_runs, tesseract_available


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


@pytest.mark.skipif(not (shutil.which("tesseract") and tesseract_available("nor")), reason="tesseract-ocr-nor not installed")
def test_scanned_member_table_is_read():
    from pipeline.ingest import read_document
    from pipeline.settings import IngestSettings

    from .conftest import RAW, ROOT

    path = RAW / "elections_osen_valgstyrets_motebok_fylkesting_2019_SCANNED.pdf"
    doc = read_document(path, path.read_bytes(), IngestSettings(ocr_cache_dir=str(ROOT / ".cache" / "ocr")), str(path))
    assert doc.method == "ocr-tesseract-nor"
    for row in ("Høvik John Einar Leder", "Stein Line Nestleder", "Rødøy Per Asbjørn Medlem"):
        assert row in doc.text
