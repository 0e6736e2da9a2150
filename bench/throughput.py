"""Benchmark: pages per second of pdftotext, of motebok's ingest, and of the whole pipeline, side
by side on the same generated minutes PDFs, plus the peak memory of a run.

The PDFs are built here with reportlab (seeded, so every run builds the same files): an
Elements/ACOS-style møteprotokoll with a running header and footer on every page, a meeting
table, a two-column attendance list, 3-8 cases each with saksprotokoll, votes and a vedtak,
and a ruled budget table.  Printed, for each corpus size:

  pdftotext -layout   one process over all files (the speed of poppler itself)
  motebok ingest      ingest stage alone, with ingest.workers 1 and 2
  motebok run         all stages (ingest, segment, extract, load) with 1 and 2 workers per stage,
                      and the peak RSS of its largest process (ru_maxrss of the run's processes)
  incremental         at --incremental documents: a full `motebok run --work DIR`, the same run
                      again with nothing changed, and after adding one file (the per-document
                      caches `dvc repro` uses too), each as a share of the full run, and that
                      one file alone from a cold start (the floor of any run that reads a new
                      document); then the same with a real `dvc repro` in a copy of this project whose corpus/raw
                      holds the PDFs (each stage its own process, DVC hashing what it tracks)

Usage:  .venv/bin/python bench/throughput.py [--docs 50,200,1000] [--incremental 500] [--keep DIR]
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GIVEN = ["Kari", "Ola", "Per", "Anne", "Lars", "Ingrid", "Nils", "Marit", "Hans", "Liv", "Tor", "Randi", "Bjørn",
         "Solveig", "Arne", "Hilde", "Geir", "Turid", "Svein", "Berit", "Knut", "Astrid", "Odd", "Sigrid"]
FAMILY = ["Nordmann", "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
          "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen",
          "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen", "Lund", "Sørensen"]
PARTIES = ["AP", "H", "SP", "FRP", "SV", "KRF", "V", "MDG", "R"]
BODIES = ["Formannskapet", "Kommunestyret", "Hovedutvalg for oppvekst", "Kontrollutvalget", "Planutvalget"]
TOWNS = ["Sandvik", "Fjellstad", "Nordli", "Vikvåg", "Haugland", "Bekkevik", "Storøy", "Lia"]
TITLES = ["Budsjettjustering {y}", "Godkjenning av protokoll fra forrige møte", "Reguleringsplan for {t} sentrum",
          "Tilstandsrapport for grunnskolen {y}", "Ny barnehage i {t} – finansiering", "Referatsaker",
          "Avtale om interkommunalt samarbeid om IKT", "Høring – regional transportplan {y}-{z}",
          "Årsmelding og regnskap {y}", "Kommunal planstrategi {y}-{z}", "Søknad om tilskudd til {t} idrettslag"]
PROSE = ("Kommunedirektøren viser til saksutredningen og til drøftingene i forrige møte. Saken har vært på "
         "høring, og innspillene er vurdert. Det er lagt vekt på økonomiske konsekvenser og framdrift, og "
         "tiltaket kan gjennomføres innenfor vedtatt ramme. Administrasjonen vil komme tilbake med en "
         "statusrapport når arbeidet er sluttført.")


def person(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


@dataclass
class Case:
    number: str              # "PS 3/24"
    title: str
    proposal: str            # the innstilling, and the decision (the same text)
    prose_repeats: int
    budget: list[list[str]]  # rows of a ruled table, [] for none
    vote: str


@dataclass
class Minutes:
    """What one generated møteprotokoll says: the ground truth its PDF is read back against
    (tests/test_generated_minutes.py)."""
    town: str
    body: str
    date: str
    time: str
    members: list[str]       # "Kari Nordmann (AP)"
    absent: str
    absent_party: str
    deputy: str
    deputy_party: str
    cases: list[Case]


def minutes(seed: int) -> Minutes:
    """The content of protocol number ``seed`` (seeded: the same every run)."""
    rng = random.Random(seed)
    year = 2015 + seed % 10
    town, body = rng.choice(TOWNS), rng.choice(BODIES)
    date = f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{year}"
    time = f"{rng.randint(9, 18)}:00 - {rng.randint(19, 21)}:30"
    members = [f"{person(rng)} ({rng.choice(PARTIES)})" for _ in range(rng.randint(8, 22))]
    absent, deputy = person(rng), person(rng)
    absent_party, deputy_party = rng.choice(PARTIES), rng.choice(PARTIES)
    cases = []
    for number in range(1, rng.randint(4, 9)):
        title = rng.choice(TITLES).format(y=year, z=year + 4, t=town)
        proposal = f"{body} vedtar {title[0].lower() + title[1:]} slik det går fram av saksframlegget."
        repeats = rng.randint(1, 3)
        budget = []
        if rng.random() < 0.4:
            budget = [["Post", "Budsjett", "Regnskap", "Avvik"]] + [
                [f"{rng.choice(['Lønn', 'Drift', 'Investering', 'Tilskudd', 'Husleie'])} {i}",
                 f"{rng.randint(100, 9000)} 000", f"{rng.randint(100, 9000)} 000", f"{rng.randint(-500, 500)} 000"]
                for i in range(rng.randint(3, 9))]
        votes_for = rng.randint(5, 15)
        vote = (f"Innstillingen ble vedtatt med {votes_for} mot {rng.randint(0, 4)} stemmer."
                if rng.random() < 0.5 else "Innstillingen ble enstemmig vedtatt.")
        cases.append(Case(f"PS {number}/{year % 100:02d}", title, proposal, repeats, budget, vote))
    return Minutes(town, body, date, time, members, absent, absent_party, deputy, deputy_party, cases)


def build_pdf(path: Path, seed: int) -> int:
    """One møteprotokoll; returns its number of pages."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    m = minutes(seed)
    styles = getSampleStyleSheet()
    pages = {"n": 0}

    def furniture(canvas, doc) -> None:  # running header and footer on every page
        pages["n"] += 1
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(2 * cm, A4[1] - 1.2 * cm, f"{m.town} kommune")
        canvas.drawRightString(A4[0] - 2 * cm, A4[1] - 1.2 * cm, f"Møteprotokoll {m.body} {m.date}")
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"Side {doc.page}")
        canvas.restoreState()

    story = [Paragraph(f"{m.town} kommune", styles["Title"]), Paragraph("Møteprotokoll", styles["Heading1"])]
    meta = [["Utvalg:", m.body], ["Møtested:", f"Kommunestyresalen, {m.town} rådhus"], ["Dato:", m.date],
            ["Tidspunkt:", m.time]]
    story += [Table(meta, colWidths=[3.5 * cm, 12 * cm], hAlign="LEFT"), Spacer(1, 8)]
    half = (len(m.members) + 1) // 2
    story.append(Paragraph("Følgende faste medlemmer møtte:", styles["Heading4"]))
    rows = [[m.members[i], m.members[i + half] if i + half < len(m.members) else ""] for i in range(half)]
    story += [Table(rows, colWidths=[8 * cm, 8 * cm], hAlign="LEFT"), Spacer(1, 6)]
    story += [Paragraph("Følgende medlemmer hadde forfall:", styles["Heading4"]),
              Paragraph(f"{m.absent} ({m.absent_party})", styles["Normal"]),
              Paragraph("Følgende varamedlemmer møtte:", styles["Heading4"]),
              Paragraph(f"{m.deputy} ({m.deputy_party}) for {m.absent}", styles["Normal"]), Spacer(1, 10)]
    for case in m.cases:
        story += [Paragraph(f"{case.number} {case.title}", styles["Heading2"]),
                  Paragraph("Kommunedirektørens innstilling:", styles["Heading4"]),
                  Paragraph(case.proposal, styles["Normal"]),
                  Paragraph(f"Behandling i {m.body} - {m.date}:", styles["Heading4"]),
                  Paragraph(PROSE * case.prose_repeats, styles["Normal"])]
        if case.budget:
            table = Table(case.budget, hAlign="LEFT")
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
            story += [Spacer(1, 4), table, Spacer(1, 4)]
        story += [Paragraph(case.vote, styles["Normal"]),
                  Paragraph(f"Vedtak i {m.body} - {m.date}:", styles["Heading4"]),
                  Paragraph(case.proposal, styles["Normal"]),
                  Spacer(1, 8)]
    doc = SimpleDocTemplate(str(path), pagesize=A4, topMargin=2 * cm, bottomMargin=2 * cm, title="Møteprotokoll",
                            author="bench", creator="bench", invariant=1)
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return pages["n"]


def build_corpus(folder: Path, n: int) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    return sum(build_pdf(folder / f"protokoll_{i:05d}.pdf", seed=i) for i in range(n))


def timed(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and the peak RSS (MB) of the largest process the command ran."""
    wrapper = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
               "sys.stderr.write(r.stderr[-3000:] if r.returncode else ''); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(r.returncode)")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{done.stderr}")
    return seconds, int(done.stdout.split()[-1]) // 1024


def params_with_workers(folder: Path, workers: int) -> Path:
    """params.yaml with `workers` processes in every per-document stage."""
    import yaml

    params = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))
    for stage in ("ingest", "segment", "extract"):
        params[stage]["workers"] = workers
    path = folder / f"params-{workers}.yaml"
    path.write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")
    return path


def pdftotext_all(folder: Path) -> float:
    start = time.perf_counter()
    for pdf in sorted(folder.glob("*.pdf")):
        subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True)
    return time.perf_counter() - start


MOTEBOK = [sys.executable, "-m", "pipeline.cli"]


def throughput_row(base: Path, tmp: Path, n: int) -> dict:
    folder = base / f"pdfs-{n}"
    start = time.perf_counter()
    pages = build_corpus(folder, n)
    print(f"{n} documents, {pages} pages built in {time.perf_counter() - start:.1f} s", flush=True)
    line = {"docs": n, "pages": pages, "pdftotext": pdftotext_all(folder)}
    for workers in (1, 2):
        params = params_with_workers(tmp, workers)
        work = tmp / f"work-{n}-{workers}"
        line[f"ingest{workers}"], _ = timed([*MOTEBOK, "--params", str(params), "ingest", str(folder),
                                             "--parsed", str(work / "ingest-only")])
        line[f"run{workers}"], line[f"rss{workers}"] = timed(
            [*MOTEBOK, "--params", str(params), "run", str(folder), "--db", str(work / "db.duckdb"),
             "--work", str(work / "run")])
    return line


def incremental_row(base: Path, tmp: Path, n: int) -> dict:
    """A full run over n documents, then the same run after one more file: what a weekly run costs."""
    folder = base / f"pdfs-{n}-incremental"
    build_corpus(folder, n)
    params = params_with_workers(tmp, 2)
    command = [*MOTEBOK, "--params", str(params), "run", str(folder), "--db", str(tmp / "inc.duckdb"),
               "--work", str(tmp / "inc-work")]
    full, _ = timed(command)
    unchanged, _ = timed(command)
    build_pdf(folder / "protokoll_new.pdf", seed=10 * n + 7)
    added, _ = timed(command)
    alone = tmp / "one-document"
    alone.mkdir()
    build_pdf(alone / "protokoll_alone.pdf", seed=10 * n + 7)
    single, _ = timed([*MOTEBOK, "--params", str(params), "run", str(alone), "--db", str(tmp / "one.duckdb"),
                       "--work", str(tmp / "one-work")])
    return {"docs": n, "full": full, "unchanged": unchanged, "added": added, "single": single,
            "imports": stack_import_seconds()}


STACK_IMPORT = "import spacy, duckdb, pyarrow.parquet; spacy.blank('nb')"


def stack_import_seconds(runs: int = 3) -> float:
    """Median wall time of a bare Python that imports what any run reading a new document must
    use (spaCy with a blank Norwegian pipeline, DuckDB, Parquet) and does nothing else."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", STACK_IMPORT], check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def dvc_project(folder: Path, pdfs: Path) -> Path:
    """A copy of this checkout's tracked files (code, rules, dvc.yaml, params.yaml) with the bench
    PDFs as its corpus/raw: `dvc repro` there runs the stages exactly as a user's project does."""
    import shutil

    project = folder / "dvc-project"
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split("\n")
    for name in tracked:
        if not name or name.startswith((".dvc/", "corpus/", "notebooks/", "tests/layouts/", "tests/gold_wild/", "tests/fixtures/")) \
                or name in ("dvc.lock", "metrics.json"):
            continue
        target = project / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    shutil.copytree(pdfs, project / "corpus" / "raw")
    subprocess.run([str(DVC), "init", "--no-scm", "-q"], cwd=project, check=True)
    subprocess.run([str(DVC), "config", "core.analytics", "false"], cwd=project, check=True)
    return project


DVC = Path(sys.executable).parent / "dvc"


def dvc_incremental_row(base: Path, tmp: Path, n: int) -> dict:
    """The weekly run as users do it: `dvc repro` over n documents, again with nothing changed,
    and after adding one PDF to corpus/raw (each stage a process of its own, DVC hashing its
    inputs and outputs), with the stage settings of params.yaml (2 workers)."""
    folder = base / f"pdfs-{n}-incremental"
    project = dvc_project(tmp, folder)
    env = {**os.environ, "MOTEBOK_PYTHON": sys.executable}

    def repro() -> float:
        start = time.perf_counter()
        done = subprocess.run([str(DVC), "repro", "-q"], cwd=project, capture_output=True, text=True, env=env)
        if done.returncode != 0:
            raise SystemExit(f"dvc repro failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
        return time.perf_counter() - start

    full = repro()
    unchanged = repro()
    build_pdf(project / "corpus" / "raw" / "protokoll_new_dvc.pdf", seed=10 * n + 11)
    added = repro()
    return {"docs": n, "full": full, "unchanged": unchanged, "added": added}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", default="50,200,1000", help="corpus sizes for pages/s and peak RSS")
    parser.add_argument("--incremental", type=int, default=500, help="corpus size for the incremental run (0: skip)")
    parser.add_argument("--keep", help="build the PDFs in this folder (and keep them)")
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores", flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(args.keep) if args.keep else Path(tmp)
        for n in (int(x) for x in args.docs.split(",") if x):
            rows.append(throughput_row(base, Path(tmp), n))
            print_rows(rows)
        if args.incremental:
            inc = incremental_row(base, Path(tmp), args.incremental)
            print_incremental(inc)
            if DVC.exists():
                print_incremental(dvc_incremental_row(base, Path(tmp), args.incremental), "dvc repro")
        if len(rows) > 1:
            print_memory(rows)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)


def print_rows(rows: list[dict]) -> None:
    print(f"\n{'docs':>5} {'pages':>6} | {'pdftotext':>12} | {'ingest w=1':>12} {'ingest w=2':>12} | "
          f"{'run w=1':>12} {'run w=2':>12} | {'run w=1, w=2 / pdftotext':>24} | {'peak RSS w=1, w=2':>18}")
    for r in rows:
        rate = {k: r["pages"] / r[k] for k in ("pdftotext", "ingest1", "ingest2", "run1", "run2")}
        cells = " ".join(f"{rate[k]:8.1f} p/s" for k in ("ingest1", "ingest2"))
        runs = " ".join(f"{rate[k]:8.1f} p/s" for k in ("run1", "run2"))
        print(f"{r['docs']:>5} {r['pages']:>6} | {rate['pdftotext']:8.1f} p/s | {cells} | {runs} | "
              f"{rate['run1'] / rate['pdftotext']:>11.0%} {rate['run2'] / rate['pdftotext']:>11.0%} | "
              f"{r['rss1']:>6} MB {r['rss2']:>6} MB", flush=True)
    print("(p/s: pages per second, wall time of the whole command; pdftotext is one process, file after file; "
          "w: worker processes per stage)", flush=True)


def print_incremental(r: dict, how: str = "") -> None:
    what = how or "motebok run --work, the same stages and per-document caches `dvc repro` uses"
    print(f"\nincremental, {r['docs']} documents, 2 workers ({what}):")
    print(f"  full run {r['full']:.1f} s; again, nothing changed {r['unchanged']:.1f} s ({r['unchanged'] / r['full']:.1%}); "
          f"after adding one file {r['added']:.1f} s ({r['added'] / r['full']:.1%} of the full run)", flush=True)
    if "single" in r:
        print(f"  the same file alone in an empty folder, new work folder and database: {r['single']:.1f} s "
              f"({r['single'] / r['full']:.1%}): the least a run that reads one new document costs (a process "
              f"that imports the pipeline, loads the rule data and spaCy, and makes a database)", flush=True)
    if "imports" in r:
        print(f"  importing the stack alone (`{STACK_IMPORT}`): {r['imports']:.2f} s "
              f"({r['imports'] / r['full']:.1%} of the full run)", flush=True)


def print_memory(rows: list[dict]) -> None:
    by_docs = {r["docs"]: r for r in rows}
    small, large = min(by_docs), max(by_docs)
    mid = 200 if 200 in by_docs else small
    for w in (1, 2):
        growth = by_docs[large][f"rss{w}"] / by_docs[mid][f"rss{w}"] - 1
        print(f"peak RSS w={w}: " + ", ".join(f"{d} docs {by_docs[d][f'rss{w}']} MB" for d in sorted(by_docs))
              + f"; {mid} → {large} documents: {growth:+.0%}", flush=True)


if __name__ == "__main__":
    main()
