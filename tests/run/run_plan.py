"""Run Strata's run plan in native DuckDB and hold its data tests against dbt's.

The workbench builds a design in DuckDB-wasm from `strata plan`: schemas, raw
tables loaded from the sample CSVs, every model in order, then each data test
as a count of failing records. This script runs the very same statements in
native DuckDB (the `duckdb` Python package) over `strata sample`'s CSVs, so a
statement that DuckDB refuses fails here, natively, before any browser runs
it. With dbt's results of the exported project (built from the same seeds),
it checks that every test reaches dbt's verdict: pass where dbt passed, fail
(or warn) where dbt failed.

Usage: run_plan.py PLAN_JSON SAMPLE_DIR [DBT_PROJECT_DIR]
Prints one line per model and test; exits non-zero on any failure or verdict
that differs from dbt's.
"""

import json
import pathlib
import shutil
import sys
import tempfile
import time

import duckdb


def verdict(test: dict, total: int, failing: int) -> bool:
    """Whether a test passes on these counts (as core's TestQuery::outcome)."""
    if test["min_ratio"] is not None:
        ratio = 1.0 if total == 0 else (total - min(failing, total)) / total
        return ratio >= test["min_ratio"]
    if test["bounds"] is not None:
        low, high = test["bounds"]
        return (low is None or total >= low) and (high is None or total <= high)
    return failing == 0


def dbt_verdicts(project: pathlib.Path) -> dict:
    """(model, kind, column or '') -> passed, from dbt's manifest and run results."""
    manifest = json.loads((project / "target" / "manifest.json").read_text())
    results = json.loads((project / "target" / "run_results.json").read_text())
    status = {r["unique_id"]: r["status"] for r in results["results"]}
    verdicts = {}
    for node_id, node in manifest["nodes"].items():
        if node["resource_type"] != "test" or node_id not in status:
            continue
        meta = node.get("test_metadata") or {}
        kind = meta.get("name", "").removeprefix("strata_")
        kind = {"unique_combination": "unique"}.get(kind, kind)
        kwargs = meta.get("kwargs", {})
        column = kwargs.get("column_name") or ",".join(kwargs.get("columns") or [])
        model = (node.get("attached_node") or "").split(".")[-1]
        verdicts.setdefault((model, kind, column.strip('"')), []).append(status[node_id] == "pass")
    return verdicts


def test_key(model: str, test: dict) -> tuple:
    label = test["label"]
    inner = label[label.index("(") + 1 : label.rindex(")")]
    column = inner.split(" ")[0] if test["kind"] in ("relationships", "completeness") else inner
    if test["kind"] in ("row_count",) or inner == "all columns":
        column = ""
    return (model, test["kind"], column.replace(" ", ""))


def main() -> int:
    plan = json.loads(pathlib.Path(sys.argv[1]).read_text())
    samples = pathlib.Path(sys.argv[2])
    dbt = dbt_verdicts(pathlib.Path(sys.argv[3])) if len(sys.argv) > 3 else None
    work = pathlib.Path(tempfile.mkdtemp(prefix="strata-run-"))
    for load in plan["raw"]:
        shutil.copy(samples / f"{load['name']}.csv", work / load["file"])
    con = duckdb.connect()
    con.execute(f"set file_search_path = '{work}'")
    problems = 0
    start = time.perf_counter()
    for sql in plan["schemas"]:
        con.execute(sql)
    for load in plan["raw"]:
        con.execute(load["sql"])
    loaded = time.perf_counter()
    for step in plan["models"]:
        t0 = time.perf_counter()
        try:
            con.execute(step["sql"])
        except duckdb.Error as error:
            problems += 1
            print(f"FAIL  {step['relation']}: {error}")
            continue
        rows = con.execute(f"select count(*) from {step['relation']}").fetchone()[0]
        print(f"built {step['relation']}: {rows} rows in {1000 * (time.perf_counter() - t0):.1f} ms")
    built = time.perf_counter()
    tests = 0
    for step in plan["models"]:
        for test in step["tests"]:
            tests += 1
            total, failing = con.execute(test["count_sql"]).fetchone()
            con.execute(test["sample_sql"]).fetchall()
            passed = verdict(test, total, failing)
            line = f"{'pass' if passed else 'FAIL'}  {step['name']}: {test['label']}: {failing} of {total} records fail"
            if dbt is not None:
                theirs = dbt.get(test_key(step["name"], test))
                if theirs is None:
                    problems += 1
                    line += f"; dbt has no such test {test_key(step['name'], test)}"
                elif theirs != [passed] * len(theirs):
                    problems += 1
                    line += f"; DIFFERS from dbt ({'pass' if theirs[0] else 'fail'})"
            print(line)
    print(
        f"{len(plan['models'])} models, {tests} tests; load {1000 * (loaded - start):.0f} ms, "
        f"build {1000 * (built - loaded):.0f} ms, tests {1000 * (time.perf_counter() - built):.0f} ms; "
        f"{problems} problems"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
