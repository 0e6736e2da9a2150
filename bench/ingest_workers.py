"""Benchmark: ingest with 1 worker vs N worker processes, side by side in one run.

Prints wall time per setting and checks that the output is identical.  OCR is
served from the cache (.cache/ocr) so the numbers measure text extraction.
Usage:  .venv/bin/python bench/ingest_workers.py [FOLDER] [--workers N]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.ingest import ingest_folder  # noqa: E402
from pipeline.settings import stage_settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", default=str(ROOT / "corpus" / "raw"))
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    base = stage_settings("ingest", ROOT / "params.yaml")
    results = {}
    for workers in (1, args.workers):
        settings = dataclasses.replace(base, workers=workers)
        start = time.perf_counter()
        result = ingest_folder(Path(args.folder), settings)
        results[workers] = (time.perf_counter() - start, result)
        print(f"workers={workers}: {results[workers][0]:.2f} s  ({result.summary()})")
    (t1, r1), (tn, rn) = results[1], results[args.workers]
    same = [dataclasses.asdict(d) for d in r1.documents] == [dataclasses.asdict(d) for d in rn.documents]
    print(f"speed-up {t1 / tn:.2f}x with {args.workers} workers; identical output: {same}")


if __name__ == "__main__":
    main()
