"""Thin command line over the library: `motebok ingest|segment|extract|load|run|eval`.

User errors (named MotebokError subclasses) print one line and exit 1; only
bugs give a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from .errors import MotebokError
from .coverage import coverage_table, format_report
from .evaluate import evaluate, format_table, metrics_dict
from .settings import stage_settings
from .stages import run_extract, run_ingest, run_load, run_segment

DEFAULT_PARSED = Path("corpus/parsed")
DEFAULT_DB = Path("corpus/motebok.duckdb")
DEFAULT_PARAMS = Path("params.yaml")
CUT_WARNING_SHARE = 0.10  # a larger cut is reported (web chrome is the only evidence that allows it)


def cmd_ingest(args) -> None:
    result = run_ingest(Path(args.input_dir), Path(args.parsed), stage_settings("ingest", args.params))
    print(f"ingest: {result.summary()}")
    for err in result.errors:
        print(f"  failed: {err.source_path}: {err.error}")


def cmd_segment(args) -> None:
    segments = run_segment(Path(args.parsed), stage_settings("segment", args.params))
    n_items = sum(len(s.items) for s in segments)
    print(f"segment: {len(segments)} documents, {n_items} agenda items")
    for seg in segments:
        if seg.dropped_share() > CUT_WARNING_SHARE:
            reasons = sorted({d.reason for d in seg.dropped})
            print(f"  warning: {seg.source_path or seg.doc_id}: {seg.dropped_share():.0%} of the text cut or left out "
                  f"({', '.join(reasons)}); see the dropped_spans table")


def cmd_extract(args) -> None:
    counts = run_extract(Path(args.parsed), stage_settings("extract", args.params))
    print("extract: " + ", ".join(f"{n} {name}" for name, n in counts.items()))


def cmd_load(args) -> None:
    counts = run_load(Path(args.parsed), Path(args.db), stage_settings("load", args.params))
    print(f"load: {args.db}: " + ", ".join(f"{n} {name}" for name, n in counts.items()))


def cmd_run(args) -> None:
    """All stages on any folder, without DVC (the same code the DVC stages run)."""
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="motebok-"))
    args.parsed = str(work)
    args.input_dir = args.input_dir
    cmd_ingest(args)
    cmd_segment(args)
    cmd_extract(args)
    cmd_load(args)


def cmd_eval(args) -> None:
    settings = stage_settings("evaluate", args.params)
    results = evaluate(Path(args.gold), Path(args.db), settings.text_match_ratio)
    print(format_table(results))
    if args.metrics:
        Path(args.metrics).write_text(json.dumps(metrics_dict(results), indent=2, sort_keys=True) + "\n",
                                      encoding="utf-8")


def cmd_coverage(args) -> None:
    frame = coverage_table(Path(args.db))
    print(format_report(frame, args.top))
    if args.csv:
        frame.to_csv(args.csv, index=False)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="motebok", description=__doc__.splitlines()[0])
    parser.add_argument("--params", type=Path, default=DEFAULT_PARAMS, help="params.yaml with stage settings")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="files → normalised text with page map")
    p.add_argument("input_dir", nargs="?", default="corpus/raw")
    p.add_argument("--parsed", default=str(DEFAULT_PARSED))
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("segment", help="text → header + agenda items + labelled blocks")
    p.add_argument("--parsed", default=str(DEFAULT_PARSED))
    p.set_defaults(func=cmd_segment)

    p = sub.add_parser("extract", help="segments → table rows")
    p.add_argument("--parsed", default=str(DEFAULT_PARSED))
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("load", help="table rows → DuckDB tables and views")
    p.add_argument("--parsed", default=str(DEFAULT_PARSED))
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("run", help="all stages on a folder, no DVC")
    p.add_argument("input_dir")
    p.add_argument("--db", required=True)
    p.add_argument("--work", help="folder for intermediate files (default: a temporary folder)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("coverage", help="per document: what was read, and the documents most likely misread")
    p.add_argument("--db", default=str(DEFAULT_DB), help="database to report on (default: %(default)s)")
    p.add_argument("--csv", help="also write the per-document table to this CSV file")
    p.add_argument("--top", type=int, default=20, help="flagged documents to list (default: %(default)s)")
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser("eval", help="score a database against gold annotations")
    p.add_argument("--gold", default="tests/gold")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.add_argument("--metrics", help="also write the numbers to this JSON file")
    p.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except MotebokError as exc:
        print(f"motebok: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into `head`: not an error
        sys.stderr.close()
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
