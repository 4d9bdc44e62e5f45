"""Load an exported DAG in a real Airflow DagBag and check its shape.

Usage: check_dag.py DAG_FOLDER DAG_ID TASK [TASK ...]
The DAG must import without errors and consist of exactly the given tasks,
each downstream of the one before it (a chain, in the order given).
"""

import sys

try:  # Airflow 3.2 and later
    from airflow.dag_processing.dagbag import DagBag
except ImportError:
    from airflow.models.dagbag import DagBag


def main() -> int:
    folder, dag_id, expected = sys.argv[1], sys.argv[2], sys.argv[3:]
    bag = DagBag(dag_folder=folder)  # examples are off through the environment
    if bag.import_errors:
        for path, error in bag.import_errors.items():
            print(f"import error in {path}: {error}")
        return 1
    dag = bag.dags.get(dag_id)  # parsed DAGs, without touching a metadata database
    if dag is None:
        print(f"no DAG {dag_id!r}; found {sorted(bag.dag_ids)}")
        return 1
    tasks = sorted(dag.task_ids)
    if tasks != sorted(expected):
        print(f"tasks {tasks}, expected {sorted(expected)}")
        return 1
    for upstream, downstream in zip(expected, expected[1:]):
        if downstream not in dag.get_task(upstream).downstream_task_ids:
            print(f"{downstream} does not follow {upstream}")
            return 1
    retries = {task.task_id: task.retries for task in dag.tasks}
    if any(r < 1 for r in retries.values()):
        print(f"tasks without retries: {retries}")
        return 1
    print(f"DAG {dag_id}: {len(tasks)} tasks in a chain {' >> '.join(expected)}, retries {set(retries.values())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
