"""The database describes itself: pipeline/sql/schema.yaml holds a description of every table,
view and column. `motebok load` writes them as COMMENT ON statements; `motebok schema`
renders docs/schema.md from them and the database's own column list and types.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb
import yaml

from .errors import MotebokError

SCHEMA_YAML = Path(__file__).parent / "sql" / "schema.yaml"
SCHEMAS = ("main", "staging")


class SchemaDocError(MotebokError):
    """schema.yaml is malformed or out of step with the database."""


@dataclass(frozen=True)
class Relation:
    name: str                   # "documents", "v_cases", "staging.cases"
    kind: str                   # table | view
    description: str
    columns: dict[str, str]     # column -> description, references resolved

    @property
    def schema(self) -> str:
        return self.name.split(".")[0] if "." in self.name else "main"

    @property
    def bare_name(self) -> str:
        return self.name.split(".")[-1]


def resolve(text: str, described: dict[str, dict[str, str]], where: str) -> str:
    """'=table.column' → that column's description (one level; references to references follow)."""
    seen = set()
    while isinstance(text, str) and text.startswith("="):
        target = text[1:].strip()
        relation, _, column = target.rpartition(".")
        if target in seen or column not in described.get(relation, {}):
            raise SchemaDocError(f"schema.yaml: {where}: reference {text!r} names no described column")
        seen.add(target)
        text = described[relation][column]
    if not isinstance(text, str) or not text.strip():
        raise SchemaDocError(f"schema.yaml: {where}: description must be non-empty text")
    return " ".join(text.split())


@lru_cache(maxsize=4)
def load_schema_doc(path: Path = SCHEMA_YAML) -> tuple[str, tuple[Relation, ...]]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or set(data) != {"intro", "common", "tables", "views"}:
        raise SchemaDocError("schema.yaml: top level must have exactly intro, common, tables, views")
    raw: dict[str, tuple[str, dict]] = {}
    for kind in ("tables", "views"):
        for name, entry in data[kind].items():
            if not isinstance(entry, dict) or set(entry) != {"description", "columns"} or not entry["columns"]:
                raise SchemaDocError(f"schema.yaml: {kind}.{name} needs a description and columns")
            raw[name] = (kind[:-1], entry)
    described = {"common": data["common"], **{name: entry["columns"] for name, (_, entry) in raw.items()}}
    relations = tuple(
        Relation(name, kind, resolve(entry["description"], described, name),
                 {col: resolve(text, described, f"{name}.{col}") for col, text in entry["columns"].items()})
        for name, (kind, entry) in raw.items())
    return data["intro"].strip(), relations


def sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def qualified(relation: Relation) -> str:
    return f'{relation.schema}."{relation.bare_name}"'


def comment_statements() -> list[str]:
    statements = []
    for relation in load_schema_doc()[1]:
        target = qualified(relation)
        statements.append(f"COMMENT ON {relation.kind.upper()} {target} IS {sql_literal(relation.description)}")
        statements += [f'COMMENT ON COLUMN {target}."{column}" IS {sql_literal(text)}'
                       for column, text in relation.columns.items()]
    return statements


def apply_comments(con: duckdb.DuckDBPyConnection) -> None:
    """COMMENT ON every described table, view and column (after the views exist)."""
    con.execute(";\n".join(comment_statements()))   # one call: ~600 statements


def database_relations(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """name -> (table | view, [(column, type)]) for the project's schemas, in database order."""
    rows = con.execute(f"""
        SELECT c.schema_name, c.table_name, t.table_type, c.column_name, c.data_type
        FROM duckdb_columns() c
        JOIN information_schema.tables t ON t.table_schema = c.schema_name AND t.table_name = c.table_name
        WHERE c.database_name = current_database() AND c.schema_name IN {SCHEMAS}
        ORDER BY c.schema_name, c.table_name, c.column_index""").fetchall()
    found: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for schema, table, table_type, column, data_type in rows:
        name = table if schema == "main" else f"{schema}.{table}"
        kind = "view" if table_type == "VIEW" else "table"
        found.setdefault(name, (kind, []))[1].append((column, data_type))
    return found


def coverage_problems(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables, views and columns that schema.yaml and the database do not agree on."""
    documented = {r.name: r for r in load_schema_doc()[1]}
    problems = []
    for name, (kind, columns) in database_relations(con).items():
        relation = documented.get(name)
        if relation is None:
            problems.append(f"{kind} {name} is not described in schema.yaml")
            continue
        if relation.kind != kind:
            problems.append(f"{name} is a {kind} in the database, a {relation.kind} in schema.yaml")
        actual = [c for c, _ in columns]
        if actual != list(relation.columns):
            problems.append(f"{name}: database columns {actual} != schema.yaml {list(relation.columns)}")
    for name in sorted(set(documented) - set(database_relations(con))):
        problems.append(f"{name} is described in schema.yaml but not in the database")
    return problems


def markdown(con: duckdb.DuckDBPyConnection) -> str:
    """docs/schema.md: the intro, then every table and view with its columns, types and descriptions."""
    intro, relations = load_schema_doc()
    types = {name: dict(columns) for name, (_, columns) in database_relations(con).items()}
    lines = ["# Database schema (`corpus/motebok.duckdb`)", "",
             "<!-- Generated by `motebok schema --markdown docs/schema.md` from pipeline/sql/schema.yaml;"
             " edit that file. -->", "", intro, ""]
    for kind, heading in (("table", "Tables"), ("view", "Views")):
        lines += [f"## {heading}", ""]
        for relation in (r for r in relations if r.kind == kind):
            lines += [f"### {relation.name}", "", relation.description, "",
                      "| column | type | meaning |", "|---|---|---|"]
            lines += [f"| {column} | {types.get(relation.name, {}).get(column, '?')} | "
                      f"{text.replace('|', chr(92) + '|')} |"
                      for column, text in relation.columns.items()]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
