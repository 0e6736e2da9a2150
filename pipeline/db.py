"""Every DuckDB connection the project opens goes through ``connect``.

DuckDB is pinned in pyproject.toml to the release line that the DuckDB CLI on PyPI
and common clients read (their storage format); the full-text search extension
comes from the ``duckdb-extension-fts`` package of the same version and is loaded
from its file, so nothing is downloaded at run time (an extension built for another
DuckDB patch release refuses to load).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import duckdb

from .errors import MotebokError

FTS_PACKAGE = "duckdb_extension_fts"

# Never reach for the network: extensions come from installed packages only.
OFFLINE = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


class ExtensionMissing(MotebokError):
    """The fts extension for the installed DuckDB version is not installed."""


class DatabaseMissing(MotebokError):
    """A command that reads the database was pointed at a file that does not exist."""


def fts_extension_path(version: str = duckdb.__version__) -> Path:
    try:
        package_dir = Path(str(resources.files(FTS_PACKAGE)))
    except ModuleNotFoundError:
        package_dir = None
    path = package_dir / "extensions" / f"v{version}" / "fts.duckdb_extension" if package_dir else None
    if path is None or not path.is_file():
        raise ExtensionMissing(f"full-text search extension for DuckDB {version} not installed: "
                               f"pip install duckdb-extension-fts=={version} (or `make install`)")
    return path


def load_fts(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    con.execute(f"LOAD '{fts_extension_path()}'")
    return con


def connect(path: Path | str = ":memory:", read_only: bool = False, threads: int | None = None,
            must_exist: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection with the fts extension loaded (search macros need its stem() function).

    threads=1 makes the written file byte-identical across runs (DVC hashes it).
    """
    if must_exist and str(path) != ":memory:" and not Path(path).exists():
        raise DatabaseMissing(f"database not found: {path} (run `motebok run` or `dvc repro` first)")
    config = dict(OFFLINE)
    if threads:
        config["threads"] = threads
    return load_fts(duckdb.connect(str(path), read_only=read_only, config=config))
