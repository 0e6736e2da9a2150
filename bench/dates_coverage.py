"""How dates in the corpus are read: regexes vs the dateparser fallback.

Runs extractors.dates.find_dates over every document text of a pipeline run
(default: the ingest output in corpus/parsed) and prints, per document and in
total, how many date mentions were found, by precision, and how many needed
dateparser.  Usage:  .venv/bin/python bench/dates_coverage.py [PARSED_DIR]
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors import dates  # noqa: E402
from pipeline.stages import load_documents  # noqa: E402


def main() -> None:
    parsed = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "corpus" / "parsed"
    documents = load_documents(parsed)
    dates.reset_dateparser_calls()
    precision: Counter = Counter()
    methods: Counter = Counter()
    start = time.perf_counter()
    for doc in documents:
        found = dates.find_dates(doc.text)
        precision.update(m.precision for m in found)
        methods.update(m.method for m in found)
        print(f"{Path(doc.source_path).name[:60]:<60} {len(found):5d} dates")
    seconds = time.perf_counter() - start
    total = sum(methods.values())
    print(f"\n{total} date mentions in {len(documents)} documents in {seconds:.2f} s")
    print("by precision: " + ", ".join(f"{k} {v}" for k, v in precision.most_common()))
    print(f"by method: regex {methods['regex']}, dateparser {methods['dateparser']} "
          f"({dates.dateparser_calls()} dateparser calls; {methods['dateparser'] / total:.1%} of mentions)")


if __name__ == "__main__":
    main()
