"""Benchmark: the PDF text engines side by side in one run — pdfplumber's words and poppler's
word boxes (both joined into lines with column tabs by ingest.words_to_lines), and pypdfium2's
plain text dump.

For every text-layer PDF in the folders (default: corpus/raw, tests/fixtures, tests/layouts/raw)
it prints each engine's time (median of --repeat), whether poppler's text is identical to
pdfplumber's and how many lines differ, and pypdfium2's similarity to pdfplumber (difflib ratio
of the first 5 000 characters); then totals, and how many gold attendee names each engine's text
holds verbatim (the field most sensitive to layout).
Usage:  .venv/bin/python bench/pdf_engines.py [FOLDER ...] [--repeat N] [--diff]
"""

from __future__ import annotations

import argparse
import difflib
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.ingest import join_pages, pdf_text_pdfium, pdf_text_pdfplumber, pdf_text_poppler  # noqa: E402
from pipeline.settings import IngestSettings  # noqa: E402

GAP = IngestSettings().pdf_column_gap_em
ENGINES = {
    "pdfplumber": lambda data: pdf_text_pdfplumber(data, GAP),
    "poppler": lambda data: pdf_text_poppler(data, GAP),
    "pypdfium2": pdf_text_pdfium,
}
DEFAULT_FOLDERS = [ROOT / "corpus" / "raw", ROOT / "tests" / "fixtures", ROOT / "tests" / "layouts" / "raw"]


def gold_names(pdf: Path) -> list[str]:
    for gold_dir in (ROOT / "tests" / "gold", ROOT / "tests" / "layouts" / "gold"):
        gold = gold_dir / (pdf.stem + ".gold.json")
        if gold.exists():
            return [a["name"] for a in json.loads(gold.read_text(encoding="utf-8")).get("attendees", [])]
    return []


def normalised(text: str) -> str:
    return " ".join(text.split())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folders", nargs="*", default=[str(f) for f in DEFAULT_FOLDERS])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--diff", action="store_true", help="print the differing lines (pdfplumber -, poppler +)")
    args = parser.parse_args()
    pdfs = sorted(p for folder in args.folders for p in Path(folder).glob("*.pdf")
                  if "SCANNED" not in p.name and p.name != "encrypted.pdf")
    totals = {name: 0.0 for name in ENGINES}
    found = {name: 0 for name in ENGINES}
    expected = identical = 0
    print(f"{'file':<56} {'plumber s':>9} {'poppler s':>9} {'pdfium s':>9} {'poppler=plumber':>16} {'pdfium~':>7}")
    for pdf in pdfs:
        data = pdf.read_bytes()
        times, texts = {}, {}
        for name, engine in ENGINES.items():
            runs = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                pages = engine(data)
                runs.append(time.perf_counter() - start)
            times[name] = statistics.median(runs)
            totals[name] += times[name]
            texts[name] = join_pages(pages)[0]
        names = gold_names(pdf)
        expected += len(names)
        for name, text in texts.items():
            flat = normalised(text)
            found[name] += sum(1 for n in names if n in flat)
        diff = [line for line in difflib.unified_diff(texts["pdfplumber"].splitlines(), texts["poppler"].splitlines(),
                                                       lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("---", "+++")]
        identical += not diff
        same = difflib.SequenceMatcher(None, normalised(texts["pdfplumber"])[:5000],
                                       normalised(texts["pypdfium2"])[:5000], autojunk=False).ratio()
        verdict = "identical" if not diff else f"{len(diff)} lines"
        print(f"{pdf.parent.name + '/' + pdf.name:<56.56} {times['pdfplumber']:9.3f} {times['poppler']:9.3f} "
              f"{times['pypdfium2']:9.3f} {verdict:>16} {same:7.2f}")
        if args.diff:
            for line in diff:
                print(f"      {line[:150]}")
    print(f"\ntotal seconds (median of {args.repeat}): pdfplumber {totals['pdfplumber']:.2f}, "
          f"poppler {totals['poppler']:.2f} ({totals['pdfplumber'] / totals['poppler']:.1f}x faster), "
          f"pypdfium2 {totals['pypdfium2']:.2f} ({totals['pdfplumber'] / totals['pypdfium2']:.1f}x faster)")
    print(f"poppler's text identical to pdfplumber's in {identical} of {len(pdfs)} PDFs")
    print("gold attendee names found verbatim: " + ", ".join(f"{n} {found[n]}/{expected}" for n in ENGINES))


if __name__ == "__main__":
    main()
