"""Audit: every regular expression the pipeline compiles, timed on adversarial text at two sizes.

Records each pattern compiled while the pipeline runs over the bundled corpus and layout set
(module constants, rule-file patterns and inline ``re.search(r"...")`` calls alike: ``re`` is
wrapped before anything is imported), then runs ``finditer`` of every pattern over hostile
inputs of N and 4N characters (runs of spaces, tabs, letters, digits, dots, '#', '*', and a
mix of words and space runs).  Linear work grows about 4x; a pattern growing more than
--limit x (default 8) is listed with the input that shows it.

Usage:  .venv/bin/python bench/regex_audit.py [--n 2000] [--limit 8]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEEN: dict[tuple[str, int], str] = {}          # (pattern, flags) -> where it was compiled or used
_compile = re._compile  # type: ignore[attr-defined]
OWN = (str(ROOT / "extractors"), str(ROOT / "pipeline"))


def _caller() -> str | None:
    """The first frame in the project's own code (extractors/, pipeline/) that led here."""
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith(OWN):
            return f"{Path(name).relative_to(ROOT)}:{frame.f_lineno}"
        if "/re/" not in name and not name.endswith(("re.py", "regex_audit.py")):
            return None  # compiled by a library (json, fnmatch, duckdb, ...)
        frame = frame.f_back
    return None


def _recording_compile(pattern, flags):
    compiled = _compile(pattern, flags)
    if isinstance(pattern, str) and (pattern, int(compiled.flags)) not in SEEN:
        where = _caller()
        if where:
            SEEN[(pattern, int(compiled.flags))] = where
    return compiled


re._compile = _recording_compile  # type: ignore[attr-defined]


def run_pipeline() -> None:
    """Every stage over the corpus and the layout set, to compile every pattern once."""
    import tempfile

    from pipeline.cli import main

    with tempfile.TemporaryDirectory() as tmp:
        for name, folder in (("dev", ROOT / "corpus" / "raw"), ("layouts", ROOT / "tests" / "layouts" / "raw")):
            main(["--params", str(ROOT / "params.yaml"), "run", str(folder), "--db", f"{tmp}/{name}.duckdb",
                  "--work", f"{tmp}/{name}"])


def hostile(n: int) -> dict[str, str]:
    words = "Sak 24/2017 Vedtak: Kari Nordmann (AP) for Ola Hansen, 12. mars 2018 kr 1 500 000. "
    return {
        "spaces": "a" + " " * n + "b",
        "spaces-end": "# " + "x " + " " * n + "x",
        "tabs": "a\t" + "\t" * n + "b",
        "letters": "A" + "a" * n + " 1",
        "digits": "1" * n + "x",
        "dots": "Sak " + "." * n + " 5",
        "hashes": "#" * n + " x",
        "stars": "**" + "*" * n + "x",
        "words+spaces": (words + " " * 50) * max(1, n // (len(words) + 50)),
        "capitals": ("Ola " * (n // 4)) + "x",
        "dash": "-" * n + " x",
        "colons": "Til stede: " + ": " * (n // 2) + "x",
    }


def time_pattern(pattern: re.Pattern, text: str, deadline: float) -> float:
    start = time.perf_counter()
    for _ in pattern.finditer(text):
        if time.perf_counter() - start > deadline:
            break
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--limit", type=float, default=8.0)
    parser.add_argument("--deadline", type=float, default=5.0, help="seconds before a pattern run is cut")
    args = parser.parse_args()
    run_pipeline()
    patterns = list(SEEN)
    small, large = hostile(args.n), hostile(4 * args.n)
    flagged = []
    start = time.perf_counter()
    for source, flags in patterns:
        pattern = _compile(source, flags)
        for kind in small:
            t1 = time_pattern(pattern, small[kind], args.deadline)
            if t1 < 0.0005:
                t1 = 0.0005  # below timer noise: compare against a floor
            t4 = time_pattern(pattern, large[kind], args.deadline)
            if t4 / t1 > args.limit and t4 > 0.01:
                flagged.append((t4 / t1, t4, kind, source, SEEN[(source, flags)]))
    print(f"{len(patterns)} patterns x {len(small)} inputs ({args.n} and {4 * args.n} chars) "
          f"in {time.perf_counter() - start:.1f} s")
    if not flagged:
        print(f"no pattern grows more than {args.limit:g}x when the input grows 4x")
    for ratio, t4, kind, source, where in sorted(flagged, reverse=True):
        print(f"{ratio:7.1f}x {t4:7.3f}s {kind:<13} {where:<28} {source[:120]!r}")


if __name__ == "__main__":
    main()
