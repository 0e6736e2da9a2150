"""motebok: Norwegian meeting minutes (møtereferat, protokoll, saksnotat) into DuckDB.

Thin command line over the library. User errors (named MotebokError subclasses) print one
line and exit 1; only bugs give a traceback. Progress bars go to stderr when it is a
terminal; otherwise each stage prints one summary line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import progress
from .errors import MotebokError, SettingsError
from .settings import stage_settings

DEFAULT_PARSED = Path("corpus/parsed")
DEFAULT_DB = Path("corpus/motebok.duckdb")
DEFAULT_PARAMS = Path("params.yaml")
CUT_WARNING_SHARE = 0.10  # a larger cut is reported (web chrome is the only evidence that allows it)

QUIET, NORMAL, VERBOSE = 0, 1, 2
_verbosity = NORMAL


def say(message: str, level: int = NORMAL) -> None:
    """Stage chatter: summaries at the normal level, per-file lines with -v, nothing with -q."""
    if _verbosity >= level:
        print(message, flush=True)


def params_path(args) -> Path | None:
    """The named params file (which must exist), else ./params.yaml if there is one."""
    if args.params is None:
        return DEFAULT_PARAMS if DEFAULT_PARAMS.exists() else None
    if not Path(args.params).exists():
        raise SettingsError(f"params file not found: {args.params}")
    if Path(args.params).is_dir():
        raise SettingsError(f"params file is a folder: {args.params}")
    return Path(args.params)


def settings_for(section: str, args):
    return stage_settings(section, params_path(args))


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        progress.close()  # the bars go before the stage's summary line
        self.seconds = time.perf_counter() - self.start


def executor_for(args, settings):
    from .executor import Executor

    return Executor(settings.workers, getattr(args, "scheduler", None) or None)


def cmd_ingest(args) -> None:
    from .stages import run_ingest

    settings = settings_for("ingest", args)
    with Timer() as timer:
        result = run_ingest(Path(args.input_dir), Path(args.parsed), settings, executor_for(args, settings))
    say(f"ingest: {result.summary()} in {timer.seconds:.1f} s")
    for path, doc in result.read:
        say(f"  parsed: {path} ({doc.method}, {doc.pages} pages, {doc.chars} chars)", VERBOSE)
    for err in result.errors:
        say(f"  failed: {err.source_path}: {err.error}")


def cmd_segment(args) -> None:
    from .stages import run_segment

    settings = settings_for("segment", args)
    with Timer() as timer:
        run = run_segment(Path(args.parsed), settings, executor_for(args, settings))
    say(f"segment: {run.documents} documents; {len(run.done)} segmented ({run.items} agenda items), "
        f"{run.documents - len(run.done)} from cache, in {timer.seconds:.1f} s")
    for path, seg in run.done:
        if seg.error:
            say(f"  failed: {path}: {seg.error}; see the extract_errors table", QUIET)
    large = [(path, seg) for path, seg in run.done if not seg.error and seg.dropped_share > CUT_WARNING_SHARE]
    chrome = [(path, seg) for path, seg in large if seg.furniture_share <= CUT_WARNING_SHARE]
    if chrome:  # justified by web-page chrome markers: one line, the files with -v
        say(f"  warning: {len(chrome)} documents lost over {CUT_WARNING_SHARE:.0%} of their text as web-page "
            f"chrome (transcript-site framing); see the dropped_spans table", QUIET)
        for path, seg in chrome:
            say(f"    {path}: {seg.dropped_share:.0%}", VERBOSE)
    for path, seg in large:
        if seg.furniture_share > CUT_WARNING_SHARE:
            say(f"  warning: {path}: {seg.dropped_share:.0%} of the text cut or left out "
                f"({', '.join(seg.reasons)}); see the dropped_spans table", QUIET)


def cmd_extract(args) -> None:
    from .stages import run_extract

    settings = settings_for("extract", args)
    with Timer() as timer:
        run = run_extract(Path(args.parsed), settings, executor_for(args, settings), settings_for("segment", args))
    rows = ", ".join(f"{n} {name}" for name, n in run.counts.items())
    corpus = ", ".join(f"{n} {name}" for name, n in run.corpus.items())
    errors = f"; {run.errors} extract_errors" if run.errors else ""
    detail = f" ({rows}{errors})" if run.extracted else ""
    say(f"extract: {run.documents} documents; {run.extracted} extracted{detail}, "
        f"{run.documents - run.extracted} from cache; {corpus} in {timer.seconds:.1f} s")


def cmd_load(args) -> None:
    from .stages import run_load

    settings = settings_for("load", args)
    with Timer() as timer:
        counts = run_load(Path(args.parsed), Path(args.db), settings, incremental=not args.rebuild)
    if args.manifest:
        from .load import write_manifest

        write_manifest(Path(args.db), Path(args.manifest))
    say(f"load: {args.db}: " + ", ".join(f"{n} {name}" for name, n in counts.items()) + f" in {timer.seconds:.1f} s")


def cmd_run(args) -> None:
    """All stages on any folder, without DVC (the same code the DVC stages run).  Without --work
    the intermediate files go to a temporary folder that is removed at the end.  Load runs in a
    process of its own, as under DVC: its memory (DuckDB's) does not come on top of what the
    per-document stages hold (the rule data and spaCy pipeline of extract)."""
    import shutil

    from .locks import locked

    with locked(Path(args.db), "database"):
        work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="motebok-"))
        args.parsed = str(work)
        try:
            for step in (cmd_ingest, cmd_segment, cmd_extract):
                step(args)
            if database_current(args):
                say(f"load: {args.db}: current, nothing to do")
            else:
                load_in_child(args)
        finally:
            if not args.work:
                shutil.rmtree(work, ignore_errors=True)


def database_current(args) -> bool:
    from .load import database_is_current

    return database_is_current(Path(args.db), Path(args.parsed), settings_for("load", args))


def load_in_child(args) -> None:
    """`motebok load` in a new process, handed the database lock this process holds."""
    import subprocess

    from .cache import ROOT
    from .locks import inherit

    env, fds = inherit(Path(args.db), folder=False)
    params = params_path(args)
    command = [sys.executable, "-m", "pipeline.cli", *(["--params", str(params)] if params else []),
               *(["-q"] if _verbosity == QUIET else ["-v"] if _verbosity == VERBOSE else []),
               "load", "--parsed", str(args.parsed), "--db", str(args.db)]
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    done = subprocess.run(command, env={**os.environ, **env, "PYTHONPATH": path}, pass_fds=fds,
                          capture_output=True, text=True)
    sys.stdout.write(done.stdout)
    sys.stdout.flush()
    if done.returncode != 0:
        errors = [line for line in done.stderr.splitlines() if line.startswith("motebok: error: ")]
        if errors:
            raise MotebokError(errors[-1].removeprefix("motebok: error: "))
        sys.stderr.write(done.stderr)
        raise MotebokError(f"load failed (exit code {done.returncode}): see the output above")
    sys.stderr.write(done.stderr)


def cmd_eval(args) -> None:
    from .evaluate import evaluate, format_table, metrics_dict

    settings = settings_for("evaluate", args)
    results = evaluate(Path(args.gold), Path(args.db), settings.text_match_ratio)
    print(format_table(results))
    if args.metrics:
        Path(args.metrics).write_text(json.dumps(metrics_dict(results), indent=2, sort_keys=True) + "\n",
                                      encoding="utf-8")


def cmd_coverage(args) -> None:
    from .coverage import coverage_table, format_report

    frame = coverage_table(Path(args.db))
    print(format_report(frame, args.top))
    if args.csv:
        frame.to_csv(args.csv, index=False)


def cmd_search(args) -> None:
    from .search import format_hit, search

    hits = search(Path(args.db), " ".join(args.query), args.limit, args.scope)
    bold = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("[", "]")
    for hit in hits:
        print(format_hit(hit, bold))
    say(f"{len(hits)} hit{'s' if len(hits) != 1 else ''}" + (f" (the first {args.limit})" if len(hits) == args.limit else ""))


def cmd_export(args) -> None:
    from .export import export_database

    with Timer() as timer:
        exported = export_database(Path(args.db), Path(args.out), args.format)
    for item in exported:
        say(f"  {item.kind} {item.name}: {item.rows} rows → {item.path}", VERBOSE)
    say(f"export: {len(exported)} tables and views ({sum(e.rows for e in exported)} rows) as {args.format} "
        f"in {args.out} in {timer.seconds:.1f} s")


def cmd_serve(args) -> None:
    from .serve import screenshot_page, serve

    if args.screenshot:
        path = screenshot_page(Path(args.db), Path(args.screenshot), args.page, Path(args.dir) if args.dir else None)
        say(f"serve: screenshot of /motebok/{args.page} → {path}")
        return
    say(f"serve: exporting {args.db} to SQLite, then Datasette on http://{args.host}:{args.port}/ (Ctrl-C stops)")
    code = serve(Path(args.db), args.host, args.port, Path(args.dir) if args.dir else None)
    if code:
        raise MotebokError(f"datasette exited with status {code}")


def cmd_schema(args) -> None:
    from .db import connect
    from .schema import coverage_problems, markdown

    con = connect(Path(args.db), read_only=True, must_exist=True)
    try:
        problems = coverage_problems(con)
        if problems:
            raise MotebokError("schema.yaml and the database disagree: " + "; ".join(problems))
        text = markdown(con)
    finally:
        con.close()
    if args.markdown:
        Path(args.markdown).write_text(text, encoding="utf-8")
        say(f"schema: wrote {args.markdown}")
    else:
        print(text, end="")


def package_version() -> str:
    try:
        return version("motebok")
    except PackageNotFoundError:
        return "unknown"


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Defaults in every option's help (flags and options without one say so in words),
    descriptions kept as written."""

    def _get_help_string(self, action):
        if action.default is None or action.default is False:
            return action.help
        return super()._get_help_string(action)


def add_common_options(parser: argparse.ArgumentParser, in_command: bool) -> None:
    """--params, -q, -v: before the command or after it (a command's copy sets nothing unless given)."""
    unset = {"default": argparse.SUPPRESS} if in_command else {}
    parser.add_argument("--params", type=Path, **(unset or {"default": None}),
                        help="params.yaml with stage settings (default: ./params.yaml if present, else built-in defaults)")
    chatter = parser.add_mutually_exclusive_group()
    chatter.add_argument("-q", "--quiet", action="store_true", **unset, help="no progress bars or stage summaries")
    chatter.add_argument("-v", "--verbose", action="store_true", **unset, help="also list every file and exported table")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="motebok", description=__doc__, formatter_class=HelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    add_common_options(parser, in_command=False)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, func, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, formatter_class=HelpFormatter)
        add_common_options(p, in_command=True)
        p.set_defaults(func=func)
        return p

    parsed_help = "folder for the stage outputs (ingest/, segment/, extract/)"
    db_help = "DuckDB database file"

    scheduler_help = ("run the per-document work on the Dask distributed cluster at this address "
                      "(tcp://host:8786; default: $MOTEBOK_SCHEDULER, else local worker processes)")

    def scheduler_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--scheduler", metavar="ADDRESS", default=os.environ.get("MOTEBOK_SCHEDULER") or None,
                       help=scheduler_help)

    p = command("ingest", cmd_ingest, "files → normalised text with page map (corrupt, empty, … files → error rows)")
    p.add_argument("input_dir", nargs="?", default="corpus/raw", help="folder of minutes (searched recursively)")
    p.add_argument("--parsed", default=str(DEFAULT_PARSED), help=parsed_help)
    scheduler_option(p)

    p = command("segment", cmd_segment, "text → header + agenda items + labelled blocks")
    p.add_argument("--parsed", default=str(DEFAULT_PARSED), help=parsed_help)
    scheduler_option(p)

    p = command("extract", cmd_extract, "segments → table rows (Parquet, one file per document and table)")
    p.add_argument("--parsed", default=str(DEFAULT_PARSED), help=parsed_help)
    scheduler_option(p)

    p = command("load", cmd_load, "table rows → DuckDB tables, views, search index and comments")
    p.add_argument("--parsed", default=str(DEFAULT_PARSED), help=parsed_help)
    p.add_argument("--db", default=str(DEFAULT_DB), help=db_help)
    p.add_argument("--rebuild", action="store_true",
                   help="build the database from scratch (default: update the previous one in place)")
    p.add_argument("--manifest", help="also write the database's load state and row counts to this JSON file "
                                      "(what DVC tracks: the database's bytes vary between runs, its contents do not)")

    p = command("run", cmd_run, "all stages on a folder, without DVC")
    p.add_argument("input_dir", help="folder of minutes (searched recursively)")
    p.add_argument("--db", required=True, help="DuckDB database file to write")
    p.add_argument("--work", help="folder for intermediate files, kept: a second run re-reads only new and "
                                  "changed files (default: a temporary folder, removed at the end)")
    scheduler_option(p)

    p = command("eval", cmd_eval, "score a database against gold annotations")
    p.add_argument("--gold", default="tests/gold", help="folder of *.gold.json files")
    p.add_argument("--db", default=str(DEFAULT_DB), help=db_help)
    p.add_argument("--metrics", help="also write the numbers to this JSON file (default: do not)")

    p = command("coverage", cmd_coverage, "per document: what was read, and the documents most likely misread")
    p.add_argument("--db", default=str(DEFAULT_DB), help=db_help)
    p.add_argument("--csv", help="also write the per-document table to this CSV file (default: do not)")
    p.add_argument("--top", type=int, default=20, help="flagged documents to list")

    p = command("search", cmd_search, "full-text search (Norwegian stemming) in case titles, decisions, proposals and documents")
    p.add_argument("query", nargs="+", help="words to find; inflected forms match (budsjett finds budsjettene)")
    p.add_argument("--db", default=str(DEFAULT_DB), help=db_help)
    p.add_argument("--limit", type=int, default=20, help="most hits to show")
    p.add_argument("--in", dest="scope", choices=("all", "decisions", "cases", "documents"), default="all",
                   help="search only decisions and proposals, case titles, or whole documents")

    p = command("export", cmd_export, "write every table and view as Parquet, CSV or SQLite")
    p.add_argument("--format", choices=("parquet", "csv", "sqlite"), default="parquet", help="file format")
    p.add_argument("--out", required=True, help="output folder (one file per table/view; motebok.sqlite for sqlite)")
    p.add_argument("--db", default=str(DEFAULT_DB), help=db_help)

    p = command("serve", cmd_serve, "browse the database in Datasette (exported to SQLite first)")
    p.add_argument("--db", default=str(DEFAULT_DB), help=db_help)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=int, default=8001, help="port to listen on")
    p.add_argument("--dir", help="folder for motebok.sqlite and metadata.json (default: a new temporary folder)")
    p.add_argument("--screenshot", metavar="PNG",
                   help="instead of serving: take a headless Chromium screenshot of one page and stop")
    p.add_argument("--page", default="vestregionen_timeline", help="page for --screenshot (table or canned query)")

    p = command("schema", cmd_schema, "describe every table, view and column (Markdown, from schema.yaml)")
    p.add_argument("--db", default=str(DEFAULT_DB), help=db_help)
    p.add_argument("--markdown", help="write to this file instead of standard output (docs/schema.md)")
    return parser


def main(argv: list[str] | None = None) -> int:
    global _verbosity
    args = build_parser().parse_args(argv)
    _verbosity = QUIET if args.quiet else VERBOSE if args.verbose else NORMAL
    progress.enable(_verbosity > QUIET and sys.stderr.isatty())
    try:
        args.func(args)
    except MotebokError as exc:
        progress.close()
        print(f"motebok: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into `head`: not an error
        sys.stderr.close()
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
