"""Compare Strata's column lineage with sqlglot's on the lineage corpus.

Every `core/tests/data/lineage/*.sql` that is not an `err_*` fixture is
analysed twice, by `strata analyze` and by `sqlglot.lineage.lineage`, against
the corpus' `schema.json`. Per output column the two sets of source columns
(relation as written, `system.table`, and column; case-insensitive) are
compared. Strata's `influenced_by` (join keys, filters, grouping) is left out:
sqlglot's lineage follows only the projection, so only `sources` compare.

Known disagreements are listed in `disagreements.json` beside this script,
each with who is wrong (`strata` or `sqlglot`) and why. The script fails when
a disagreement is not listed, when a listed one no longer occurs or has
changed (stale), or when an entry lacks a reason.

Usage: compare_lineage.py [--strata BIN] [--update]

--strata   the `strata` binary (default: target/release/strata, else
           target/debug/strata)
--update   rewrite disagreements.json with the current disagreements,
           keeping the reasons of those still there (new ones get an empty
           reason, which fails until filled in)
"""

from __future__ import annotations

import argparse
import json
import pathlib
import subprocess
import sys
import tempfile
import time

import sqlglot
from sqlglot import exp
from sqlglot.lineage import lineage
from sqlglot.optimizer import build_scope, qualify

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "core/tests/data/lineage"
KNOWN = pathlib.Path(__file__).resolve().parent / "disagreements.json"
WHO = {"strata", "sqlglot"}


def dialect_of(sql: str) -> str:
    return "snowflake" if sql.startswith("-- dialect: snowflake") else "duckdb"


def strata_binary(arg: str | None) -> pathlib.Path:
    if arg:
        return pathlib.Path(arg)
    for profile in ("release", "debug"):
        path = ROOT / "target" / profile / "strata"
        if path.exists():
            return path
    sys.exit("no strata binary: build it (cargo build -p strata-cli) or pass --strata")


def ref(relation: str, column: str) -> str:
    return f"{relation}.{column}".lower()


# --- Strata -------------------------------------------------------------


def strata_lineage(
    binary: pathlib.Path, path: pathlib.Path, dialect: str, schema: pathlib.Path
) -> list[tuple[str, list[str]]]:
    """Output columns in order, each with its sorted sources."""
    out = subprocess.run(
        [str(binary), "analyze", str(path), "--dialect", dialect, "--schema", str(schema)]
        + ["--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"strata analyze failed: {out.stderr.strip()}")
    analysis = json.loads(out.stdout)
    return [
        (
            column["name"].lower(),
            sorted({ref(s["relation"], s["column"]) for s in column["sources"]}),
        )
        for column in analysis["columns"]
    ]


# --- sqlglot ------------------------------------------------------------


def sqlglot_schema(tables: dict[str, list[str]]) -> dict:
    """`{"db": {"table": {"column": "TEXT"}}}`: sqlglot needs types."""
    nested: dict = {}
    for name, columns in tables.items():
        db, table = name.split(".", 1)
        nested.setdefault(db, {})[table] = {c: "TEXT" for c in columns}
    return nested


def leaf_sources(node) -> list[str]:
    """The table columns at the ends of a lineage graph."""
    found = set()
    for n in node.walk():
        if n.downstream:
            continue
        if isinstance(n.expression, exp.Table):
            table = n.expression
            relation = ".".join(p for p in (table.catalog, table.db, table.name) if p)
        elif isinstance(n.expression, exp.Placeholder):
            relation = "?"
        else:
            continue  # a constant, or a projection of nothing
        column = n.name.rsplit(".", 1)[-1].strip('"')
        found.add(ref(relation, column))
    return sorted(found)


def sqlglot_lineage(sql: str, dialect: str, schema: dict, names: list[str]):
    """Per output column, in order (matched by position to Strata's), its
    sources or the error sqlglot raised. Raises when the statement itself
    fails, or has another number of columns than Strata's."""
    expression = sqlglot.parse_one(sql, dialect=dialect)
    expression = qualify.qualify(
        expression,
        dialect=dialect,
        schema=schema,
        validate_qualify_columns=False,
        identify=False,
    )
    scope = build_scope(expression)
    if scope is None:
        raise ValueError("no scope: not a query")
    selects = scope.expression.selects
    theirs = [s.alias_or_name for s in selects]
    if len(theirs) != len(names):
        raise ValueError(
            f"{len(theirs)} output columns ({', '.join(theirs)}), Strata has {len(names)}"
        )
    result: list[list[str] | str] = []
    for their_name in theirs:
        try:
            node = lineage(their_name, expression, schema, dialect=dialect, scope=scope)
            result.append(leaf_sources(node))
        except Exception as e:  # noqa: BLE001 - any crash is a finding
            result.append(error_text(e))
    return result


def error_text(e: Exception) -> str:
    first = str(e).strip().splitlines()[0] if str(e).strip() else ""
    return f"error: {type(e).__name__}: {first[:160]}"


# --- comparison ----------------------------------------------------------


def compare(binary: pathlib.Path) -> tuple[list[dict], dict, list[str]]:
    """The disagreements, the counts, and the statements Strata failed on
    (the corpus' non-`err_*` statements must all analyse)."""
    tables = json.loads((CORPUS / "schema.json").read_text())
    schema = sqlglot_schema(tables)
    stats = {"statements": 0, "columns": 0, "agree": 0}
    found: list[dict] = []
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        typed = pathlib.Path(tmp) / "schema.json"
        typed.write_text(json.dumps({t: {c: "TEXT" for c in cs} for t, cs in tables.items()}))
        for path in sorted(CORPUS.glob("*.sql")):
            if path.name.startswith("err_"):
                continue
            sql = path.read_text()
            dialect = dialect_of(sql)
            try:
                ours = strata_lineage(binary, path, dialect, typed)
            except RuntimeError as e:
                failures.append(f"{path.name}: {e}")
                continue
            stats["statements"] += 1
            stats["columns"] += len(ours)
            names = [name for name, _ in ours]
            try:
                theirs = sqlglot_lineage(sql, dialect, schema, names)
            except Exception as e:  # noqa: BLE001
                found.append(
                    {
                        "file": path.name,
                        "column": "*",
                        "kind": "sqlglot-error",
                        "ours": None,
                        "sqlglot": error_text(e),
                    }
                )
                continue
            for (name, sources), other in zip(ours, theirs):
                if other == sources:
                    stats["agree"] += 1
                    continue
                kind = "sqlglot-error" if isinstance(other, str) else "sources"
                found.append(
                    {
                        "file": path.name,
                        "column": name,
                        "kind": kind,
                        "ours": sources,
                        "sqlglot": other,
                    }
                )
    return found, stats, failures


def dump(entries: list[dict]) -> str:
    """The list as JSON, one field a line and lists on one line, so that a
    diff of the file shows what changed."""
    fields = ("file", "column", "kind", "ours", "sqlglot", "who", "reason")
    blocks = []
    for entry in entries:
        lines = [f"    {json.dumps(f)}: {json.dumps(entry.get(f), ensure_ascii=False)}" for f in fields]
        blocks.append("  {\n" + ",\n".join(lines) + "\n  }")
    return "[\n" + ",\n".join(blocks) + "\n]\n"


def key(entry: dict) -> tuple[str, str]:
    return (entry["file"], entry["column"])


def same(listed: dict, actual: dict) -> bool:
    return all(listed.get(k) == actual.get(k) for k in ("kind", "ours", "sqlglot"))


def shown(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    return "{" + ", ".join(value) + "}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strata")
    parser.add_argument("--update", action="store_true")
    args = parser.parse_args()
    binary = strata_binary(args.strata)

    started = time.monotonic()
    found, stats, failures = compare(binary)
    listed = json.loads(KNOWN.read_text()) if KNOWN.exists() else []
    by_key = {key(e): e for e in listed}
    seen = {key(e) for e in found}

    if args.update:
        kept = []
        for entry in found:
            old = by_key.get(key(entry), {})
            kept.append(
                {
                    **entry,
                    "who": old.get("who", ""),
                    "reason": old.get("reason", ""),
                }
            )
        KNOWN.write_text(dump(kept))
        print(f"wrote {len(kept)} disagreements to {KNOWN.relative_to(ROOT)}")

    problems = [f"strata failed: {f}" for f in failures]
    if len(by_key) != len(listed):
        problems.append("disagreements.json lists a (file, column) twice")
    for entry in listed:
        if entry.get("who") not in WHO or not entry.get("reason", "").strip():
            problems.append(
                f"{entry['file']} {entry['column']}: needs who (strata or sqlglot) and a reason"
            )
        if key(entry) not in seen:
            problems.append(f"stale: {entry['file']} {entry['column']} no longer disagrees")

    counts: dict[str, int] = {}
    print("disagreements:")
    for entry in found:
        old = by_key.get(key(entry))
        if old is None:
            status = "NEW"
            problems.append(f"unlisted: {entry['file']} {entry['column']}")
        elif not same(old, entry):
            status = "CHANGED"
            problems.append(f"changed: {entry['file']} {entry['column']} (update the entry)")
        else:
            status = old["who"]
            label = f"{old['who']} / {entry['kind']}"
            counts[label] = counts.get(label, 0) + 1
        print(f"  [{status}] {entry['file']} {entry['column']} ({entry['kind']})")
        print(f"      strata:  {shown(entry['ours'])}")
        print(f"      sqlglot: {shown(entry['sqlglot'])}")
        if old is not None and old.get("reason"):
            print(f"      why:     {old['reason']}")

    rate = stats["agree"] / stats["columns"] if stats["columns"] else 0.0
    print()
    print(f"sqlglot {sqlglot.__version__}, strata {binary}")
    print(f"statements compared: {stats['statements']}")
    print(f"columns compared:    {stats['columns']}")
    print(f"columns agreeing:    {stats['agree']}")
    print(f"agreement rate:      {rate:.1%}")
    for label, n in sorted(counts.items()):
        print(f"  listed, wrong is {label}: {n}")
    print(f"took {time.monotonic() - started:.1f}s")
    if problems:
        print()
        for p in problems:
            print(f"FAIL {p}")
        return 1
    print("every disagreement is listed with a reason")
    return 0


if __name__ == "__main__":
    sys.exit(main())
