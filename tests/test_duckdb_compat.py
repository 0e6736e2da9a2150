"""The database opens in the DuckDB CLI users install (PyPI `duckdb-cli`), and the DuckDB pin,
the fts extension package and that CLI stay on one version."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import duckdb

from pipeline.db import connect, fts_extension_path

from .conftest import ROOT

CLI = Path(sys.executable).parent / "duckdb"
PINNED = ("duckdb", "duckdb-extension-fts", "duckdb-cli")


def pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    pins = {}
    for requirement in requirements:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==([0-9.]+)", requirement.strip())
        if match:
            pins[match[1].lower()] = match[2]
    return pins


def test_duckdb_packages_share_one_version():
    pins = pyproject_pins()
    assert {name: pins.get(name) for name in PINNED} == {name: duckdb.__version__ for name in PINNED}


def test_fts_extension_loads_offline():
    assert fts_extension_path().is_file()
    con = connect()
    assert con.execute("SELECT stem('budsjettene', 'norwegian')").fetchone() == ("budsjett",)


def test_cli_opens_the_built_database(corpus_run, corpus_db):
    assert CLI.exists(), "duckdb-cli is a dev dependency: run `make install`"
    version = subprocess.run([str(CLI), "--version"], capture_output=True, text=True, check=True).stdout
    assert version.startswith(f"v{duckdb.__version__} ")
    result = subprocess.run([str(CLI), "-readonly", "-csv", "-noheader", str(corpus_run["db"]),
                             "-c", "SELECT count(*) FROM cases; SELECT count(*) FROM v_cases;"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    expected = [corpus_db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("cases", "v_cases")]
    assert [int(line) for line in result.stdout.split()] == expected and expected[0] > 0
