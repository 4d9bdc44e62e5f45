"""Check that the browser and the exported project cannot drift apart.

For every model of an exported design, the rows `dbt build` produced (in the
project's DuckDB file) must equal the rows of Strata's own compiled DuckDB SQL
(`strata render --target duckdb --out SQL_DIR`) run over the same seeds,
compared as multisets. `_loaded_at` is left out: without a load column it is
the build time, which differs between the two runs by design.

Usage: compare.py PROJECT_DIR SQL_DIR DATABASE_FILE
Prints one line per model and exits non-zero if any model differs.
"""

import json
import pathlib
import sys
from collections import Counter

import duckdb

IGNORED = {"_loaded_at"}
LAYERS = ["src", "vin", "vlt", "ain", "ana", "mrt"]


def build_order(manifest_path: pathlib.Path) -> list[str]:
    """The project's models in dependency order, from dbt's own manifest."""
    manifest = json.loads(manifest_path.read_text())
    models = {
        node_id: node
        for node_id, node in manifest["nodes"].items()
        if node["resource_type"] == "model"
    }
    order, done = [], set()

    def visit(node_id: str) -> None:
        if node_id in done or node_id not in models:
            return
        done.add(node_id)
        for upstream in models[node_id]["depends_on"]["nodes"]:
            visit(upstream)
        order.append(models[node_id]["name"])

    for node_id in sorted(models):
        visit(node_id)
    return order


def main() -> int:
    project, sql_dir, database = (pathlib.Path(p) for p in sys.argv[1:4])
    con = duckdb.connect()
    con.execute(f"attach '{database}' as built (read_only)")
    # The same raw data dbt seeded, copied from dbt's own seed tables.
    raw = con.execute(
        "select schema_name from duckdb_schemas() where database_name = 'built' "
        "and schema_name not in ('main', 'information_schema', 'pg_catalog') "
        "and schema_name not in (" + ", ".join(f"'{layer}'" for layer in LAYERS) + ")"
    ).fetchall()
    for (schema,) in raw:
        con.execute(f'create schema if not exists memory."{schema}"')
        for (table,) in con.execute(
            "select table_name from duckdb_tables() "
            f"where database_name = 'built' and schema_name = '{schema}'"
        ).fetchall():
            con.execute(
                f'create table memory."{schema}"."{table}" as select * from built."{schema}"."{table}"'
            )
    for layer in LAYERS:
        con.execute(f"create schema if not exists memory.{layer}")
    con.execute("use memory")

    order = build_order(project / "target" / "manifest.json")
    failures = 0
    for model in order:
        layer = model.split("_", 1)[0]
        sql = (sql_dir / f"{model}.sql").read_text()
        con.execute(f"create table memory.{layer}.{model} as {sql}")
        columns = [
            c[0]
            for c in con.execute(f"describe memory.{layer}.{model}").fetchall()
            if c[0] not in IGNORED
        ]
        select = ", ".join(f'"{c}"' for c in columns)
        mine = Counter(con.execute(f"select {select} from memory.{layer}.{model}").fetchall())
        theirs = Counter(con.execute(f"select {select} from built.{layer}.{model}").fetchall())
        if mine == theirs:
            print(f"same  {layer}.{model}: {sum(mine.values())} rows")
        else:
            failures += 1
            only_mine = list((mine - theirs).elements())[:3]
            only_theirs = list((theirs - mine).elements())[:3]
            print(
                f"DIFF  {layer}.{model}: {sum(mine.values())} rows from Strata's SQL, "
                f"{sum(theirs.values())} from dbt; only Strata: {only_mine}; only dbt: {only_theirs}"
            )
    print(f"{len(order) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
