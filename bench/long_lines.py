"""Benchmark: every extractor and the segmenter on one very long line, and the whole pipeline
on single-line files of growing size — regexes must not take super-linear time.

Inputs, all one line (no newline), built from the corpus's own text files:
  repeated  the corpus text with line breaks turned into spaces, repeated to the size
  mutated   the same with seeded random mutations (runs of spaces and tabs, #, *, |, :, digits)
  spaces    words separated by runs of 1-3000 spaces (the classic trigger of backtracking)

Each (target, input, size) runs in a worker process with a deadline (--timeout, default 120 s)
and prints its time; for two sizes it prints the ratio of the times (linear work: about the
ratio of the sizes).  Then the whole pipeline (`motebok run` in a subprocess) on single-line
files of 1 MB and 4 MB (target: 4 MB costs at most 5x 1 MB), and with --big a 49 MB file.

Usage:  .venv/bin/python bench/long_lines.py [--sizes 1000000,5000000] [--timeout 120] [--only NAME] [--big]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.pool import JobFailed, run_jobs  # noqa: E402


def corpus_line() -> str:
    files = sorted((ROOT / "corpus" / "raw").glob("*.txt")) + sorted((ROOT / "corpus" / "raw").glob("*.md"))
    files += sorted((ROOT / "tests" / "layouts" / "raw").glob("*.txt"))
    return " ".join(" ".join(f.read_text(encoding="utf-8").split("\n")) for f in files)


def repeated(size: int) -> str:
    base = corpus_line()
    return (base * (size // len(base) + 1))[:size]


def mutated(size: int, seed: int = 11) -> str:
    rng = random.Random(seed)
    text = list(repeated(size))
    pieces = [lambda: " " * rng.randint(2, 400), lambda: "\t" * rng.randint(1, 20), lambda: "#" * rng.randint(1, 8),
              lambda: "*" * rng.randint(1, 6), lambda: "|" * rng.randint(1, 4), lambda: ":" * rng.randint(1, 3),
              lambda: str(rng.randint(0, 10 ** rng.randint(1, 12))), lambda: "/" + str(rng.randint(1, 99))]
    for _ in range(size // 200):
        at = rng.randrange(len(text))
        text[at] = rng.choice(pieces)()
    return "".join(text)[:size]


def spaces(size: int, seed: int = 11) -> str:
    rng = random.Random(seed)
    words = corpus_line().split()
    out, n, i = [], 0, 0
    while n < size:
        part = words[i % len(words)] + " " * rng.choice([1, 1, 2, 40, 3000])
        out.append(part)
        n += len(part)
        i += 1
    return "".join(out)[:size]


INPUTS = {"repeated": repeated, "mutated": mutated, "spaces": spaces}


def document(text: str):
    from pipeline.ingest import join_pages
    from pipeline.records import ParsedDocument

    joined, pages = join_pages([text])
    return ParsedDocument("bench", "bench.txt", [], "txt", "utf-8", len(joined), joined, pages)


def run_target(job: tuple[str, str, int]) -> float:
    """Build the input and run one target on it (in a worker); returns seconds."""
    name, kind, size = job
    text = INPUTS[kind](size)
    start = time.perf_counter()
    inner = TARGETS[name](text)   # an extract builder returns its own time (segmenting is not counted)
    return inner if isinstance(inner, float) else time.perf_counter() - start


def _segment(text):
    from pipeline.segment import segment_document
    from pipeline.settings import SegmentSettings

    return segment_document(document(text), SegmentSettings())


def _extract_table(table: str):
    def run(text):
        from pipeline.extract import TABLES
        from pipeline.segment import segment_document
        from pipeline.settings import ExtractSettings, SegmentSettings

        doc = document(text)
        seg = segment_document(doc, SegmentSettings())
        built: dict = {}
        for name, builder in TABLES.items():  # earlier tables are inputs of later ones
            if name == table:
                start = time.perf_counter()
                builder(doc, seg, ExtractSettings(), built)
                return time.perf_counter() - start
            built[name] = builder(doc, seg, ExtractSettings(), built)
    return run


def _targets() -> dict:
    from extractors import (agreements, amounts, attendance, boilerplate, case_links, case_numbers, dates, header,
                            labels, lines, references, standing_items, timeline, votes)

    return {
        "lines.iter_lines": lambda t: list(lines.iter_lines(t)),
        "lines.strip_markup": lines.strip_markup,
        "dates.find_dates": dates.find_dates,
        "case_numbers.find_case_mentions": case_numbers.find_case_mentions,
        "references.find_case_references": lambda t: references.find_case_references(t, 0, len(t), set(), 400),
        "agreements.extract_agreements": agreements.extract_agreements,
        "amounts.extract_amounts": amounts.extract_amounts,
        "attendance.extract_attendance": attendance.extract_attendance,
        "attendance.surname_first_layout": attendance.surname_first_layout,
        "votes.extract_votes": votes.extract_votes,
        "timeline.find_timeline": lambda t: timeline.find_timeline(t, 0, len(t), []),
        "case_links.find_case_links": lambda t: case_links.find_case_links(t, 0, len(t), [], None, None),
        "boilerplate.content_end": boilerplate.content_end,
        "labels.find_blocks": lambda t: labels.find_blocks(t, 0, len(t)),
        "standing_items.standing_item_headings": lambda t: standing_items.standing_item_headings(t, 0, len(t)),
        "header.extract_header": lambda t: header.extract_header(t, 0, min(len(t), 2000), len(t), []),
        "segment (whole)": _segment,
    }


class _Targets(dict):
    """Targets by name; `extract:<table>` times one extract builder after segmenting."""

    def __missing__(self, name):
        if name.startswith("extract:"):
            return _extract_table(name.split(":", 1)[1])
        return _targets()[name]


TARGETS = _Targets()


def target_names() -> list[str]:
    from pipeline.extract import TABLES

    return list(_targets()) + [f"extract:{table}" for table in TABLES]


def whole_pipeline(size: int, kind: str = "repeated") -> float:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "raw"
        folder.mkdir()
        (folder / "one_line.txt").write_text(INPUTS[kind](size), encoding="utf-8")
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pipeline.cli", "--params", str(ROOT / "params.yaml"), "run",
                               str(folder), "--db", str(Path(tmp) / "db.duckdb"), "--work", str(Path(tmp) / "work")],
                              capture_output=True, text=True, cwd=ROOT)
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            print(done.stderr[-2000:])
        return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000000,5000000", help="comma-separated input sizes in characters")
    parser.add_argument("--inputs", default=",".join(INPUTS))
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--only", help="run targets whose name contains this")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--big", action="store_true", help="also a 49 MB single-line file through the pipeline")
    parser.add_argument("--no-pipeline", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    names = [n for n in target_names() if not args.only or args.only in n]
    kinds = args.inputs.split(",")
    jobs = [(name, kind, size) for name in names for kind in kinds for size in sizes]
    results = dict(zip(jobs, run_jobs(run_target, jobs, args.workers, args.timeout)))
    header = f"{'target':<36} {'input':<9}" + "".join(f" {s / 1e6:>7.1f}MB" for s in sizes) + "   ratio"
    print(header)
    worst = 0.0
    for name in names:
        for kind in kinds:
            times = [results[(name, kind, s)] for s in sizes]
            cells = "".join(f" {'TIMEOUT':>9}" if isinstance(t, JobFailed) else f" {t:8.2f}s" for t in times)
            ratio = ""
            if len(times) > 1 and not any(isinstance(t, JobFailed) for t in times) and times[0] > 0.05:
                r = times[-1] / times[0]
                worst = max(worst, r)
                ratio = f"  {r:5.1f}x"
            elif any(isinstance(t, JobFailed) for t in times):
                ratio = "  over deadline"
            print(f"{name:<36} {kind:<9}{cells}{ratio}")
    if len(sizes) > 1:
        print(f"\nsize ratio {sizes[-1] / sizes[0]:.1f}x; worst time ratio (of targets over 0.05 s) {worst:.1f}x")
    if not args.no_pipeline:
        print()
        for kind in kinds:
            one, four = whole_pipeline(1_000_000, kind), whole_pipeline(4_000_000, kind)
            print(f"whole pipeline (motebok run), one line of {kind:<9}: 1 MB {one:6.1f} s, 4 MB {four:6.1f} s "
                  f"-> {four / one:.2f}x (target <= 5x)", flush=True)
        if args.big:
            print(f"whole pipeline, one line of 49 MB (repeated): {whole_pipeline(49_000_000):.1f} s")


if __name__ == "__main__":
    main()
