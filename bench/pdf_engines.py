"""Benchmark: pdfplumber vs pypdfium2 as the PDF text engine, side by side in one run.

For every text-layer PDF in a folder (default corpus/raw) it prints the time
each engine takes, how many characters it returns, and how much of the text
the two share (difflib ratio on the first 5 000 characters), plus how many
gold attendee names each engine's text contains — the field most sensitive
to layout.  Usage:  .venv/bin/python bench/pdf_engines.py [FOLDER] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.ingest import join_pages, pdf_text_pdfium, pdf_text_pdfplumber  # noqa: E402

ENGINES = {"pdfplumber": pdf_text_pdfplumber, "pypdfium2": pdf_text_pdfium}


def gold_names(pdf: Path) -> list[str]:
    gold = ROOT / "tests" / "gold" / (pdf.stem + ".gold.json")
    if not gold.exists():
        return []
    return [a["name"] for a in json.loads(gold.read_text(encoding="utf-8")).get("attendees", [])]


def normalised(text: str) -> str:
    return " ".join(text.split())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", default=str(ROOT / "corpus" / "raw"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pdfs = sorted(p for p in Path(args.folder).glob("*.pdf") if "SCANNED" not in p.name)
    totals = {name: 0.0 for name in ENGINES}
    found = {name: 0 for name in ENGINES}
    expected = 0
    print(f"{'file':<58} {'plumber s':>9} {'pdfium s':>9} {'chars p':>8} {'chars i':>8} {'same':>5}")
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
        same = SequenceMatcher(None, normalised(texts["pdfplumber"])[:5000], normalised(texts["pypdfium2"])[:5000],
                               autojunk=False).ratio()
        print(f"{pdf.name[:58]:<58} {times['pdfplumber']:9.3f} {times['pypdfium2']:9.3f} "
              f"{len(texts['pdfplumber']):8d} {len(texts['pypdfium2']):8d} {same:5.2f}")
    ratio = totals["pdfplumber"] / totals["pypdfium2"] if totals["pypdfium2"] else float("inf")
    print(f"\ntotal seconds (median of {args.repeat}): pdfplumber {totals['pdfplumber']:.2f}, "
          f"pypdfium2 {totals['pypdfium2']:.2f}  (pypdfium2 is {ratio:.1f}x faster)")
    print(f"gold attendee names found verbatim in the text: pdfplumber {found['pdfplumber']}/{expected}, "
          f"pypdfium2 {found['pypdfium2']}/{expected}")


if __name__ == "__main__":
    main()
