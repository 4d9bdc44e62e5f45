"""Time column lineage of a 1,000-model design: Strata against sqlglot.

1. `strata synth --models N` makes a synthetic, rule-clean design.
2. `strata lineage DESIGN --emit-sql DIR` writes every model's compiled
   DuckDB SQL and the columns of every relation they read (`schema.json`).
3. sqlglot: for every model, `sqlglot.lineage.lineage(None, sql, schema,
   dialect="duckdb")`, which parses, qualifies and builds the lineage of
   every output column in one go (its fastest path: one qualification per
   model, a cache shared by the columns), then the leaves (table columns) of
   each column's graph are collected. The schema is built once, outside the
   timing.
4. Strata: `strata lineage DESIGN --format json`, the whole command (start,
   load the design, render every model's SQL from its template, parse,
   analyse, print), best of a few runs. It does more than sqlglot is asked
   to (rendering, process start), so the ratio is conservative.

Prints both times and their ratio. The target is Strata at least 20× faster;
this reports the figures and fails only when a step fails.

Usage: bench_lineage.py [--strata BIN] [--models N] [--runs N] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import pathlib
import shutil
import subprocess
import sys
import time

import sqlglot
from sqlglot import exp
from sqlglot.lineage import lineage
from sqlglot.schema import ensure_schema

ROOT = pathlib.Path(__file__).resolve().parents[2]
TARGET = 20.0


def strata_binary(arg: str | None) -> pathlib.Path:
    if arg:
        return pathlib.Path(arg)
    path = ROOT / "target/release/strata"
    if path.exists():
        return path
    sys.exit("no release strata binary: cargo build --release -p strata-cli, or pass --strata")


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=True, **kwargs)


def nested(tables: dict[str, dict[str, str]]) -> dict:
    """`{"db.table": {...}}` as sqlglot's `{"db": {"table": {...}}}`."""
    out: dict = {}
    for name, columns in tables.items():
        db, table = name.split(".", 1)
        out.setdefault(db, {})[table] = columns
    return out


def leaves(node) -> set[tuple[str, str]]:
    found = set()
    for n in node.walk():
        if not n.downstream and isinstance(n.expression, exp.Table):
            found.add((n.expression.sql(), n.name.rsplit(".", 1)[-1]))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strata")
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5, help="Strata runs (best is kept)")
    parser.add_argument("--work", default=str(ROOT / "target/bench-sqlglot"))
    args = parser.parse_args()
    strata = str(strata_binary(args.strata))
    work = pathlib.Path(args.work)
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)

    design = work / "design.json"
    design.write_bytes(run([strata, "synth", "--models", str(args.models)], capture_output=True).stdout)
    sql_dir = work / "sql"
    run([strata, "lineage", str(design), "--emit-sql", str(sql_dir)], stdout=subprocess.DEVNULL)
    models = sorted(p for p in sql_dir.glob("*.sql"))
    texts = [p.read_text() for p in models]
    schema = ensure_schema(
        nested(json.loads((sql_dir / "schema.json").read_text())), dialect="duckdb"
    )

    # sqlglot: every output column of every model.
    columns = 0
    errors: list[str] = []
    started = time.perf_counter()
    for path, sql in zip(models, texts):
        try:
            nodes = lineage(None, sql, schema, dialect="duckdb")
        except Exception as e:  # noqa: BLE001 - reported, not fatal
            errors.append(f"{path.stem}: {type(e).__name__}: {e}")
            continue
        for node in nodes.values():
            leaves(node)
            columns += 1
    sqlglot_seconds = time.perf_counter() - started

    # Strata: the whole `strata lineage` command, best of N.
    strata_runs = []
    for _ in range(args.runs):
        started = time.perf_counter()
        run([strata, "lineage", str(design), "--format", "json"], stdout=subprocess.DEVNULL)
        strata_runs.append(time.perf_counter() - started)
    strata_seconds = min(strata_runs)
    lineage_json = run(
        [strata, "lineage", str(design), "--format", "json"], capture_output=True
    ).stdout
    strata_columns = sum(len(m["columns"]) for m in json.loads(lineage_json)["models"])

    ratio = sqlglot_seconds / strata_seconds
    print(f"design: {len(models)} models (strata synth --models {args.models})")
    print(
        f"sqlglot {sqlglot.__version__}: {sqlglot_seconds:.2f} s for {columns} columns "
        f"({1000 * sqlglot_seconds / max(len(models), 1):.1f} ms a model), "
        f"{len(errors)} models failed"
    )
    for error in errors[:10]:
        print(f"  {error[:200]}")
    print(
        f"strata lineage (release, whole command incl. rendering): {strata_seconds:.3f} s "
        f"for {strata_columns} columns (best of {args.runs}: "
        + ", ".join(f"{s:.3f}" for s in strata_runs)
        + ")"
    )
    verdict = "meets" if ratio >= TARGET else "misses"
    print(f"ratio: strata is {ratio:.0f}x faster than sqlglot ({verdict} the {TARGET:.0f}x target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
