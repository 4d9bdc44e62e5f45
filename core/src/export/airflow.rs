//! An Airflow DAG that runs an exported dbt project layer by layer: one task
//! per layer with models, each `dbt build --select <layer folder>`, chained in
//! layer order, with retries. Airflow schedules; dbt and the warehouse do the
//! work.

use crate::design::Design;
use crate::layer::Layer;
use crate::render::layer_schema;

use super::project_name;

/// The DAG's Python source.
pub fn dag(design: &Design) -> String {
    let project = project_name(design);
    let layers: Vec<Layer> = Layer::ALL
        .into_iter()
        .skip(1)
        .filter(|layer| design.models.iter().any(|m| m.layer == *layer))
        .collect();
    // The export's sample data comes as seeds; production sources do not.
    let mut tasks = String::from(
        "    seed = BashOperator(\n        task_id=\"load_sample_data\",\n        \
         doc_md=\"Loads the sample data (dbt seeds). Remove this task when the sources \
         point at real landing tables.\",\n        \
         bash_command=DBT + \" seed\",\n    )\n",
    );
    for layer in &layers {
        let schema = layer_schema(*layer);
        tasks.push_str(&format!(
            "    {schema} = BashOperator(\n        task_id=\"build_{schema}\",\n        \
             doc_md=\"{} {}: {}.\",\n        \
             bash_command=DBT + \" build --select path:models/{schema}\",\n    )\n",
            layer.code(),
            layer.name(),
            layer.purpose(),
        ));
    }
    let chain: Vec<String> = std::iter::once("seed".to_owned())
        .chain(layers.iter().map(|l| layer_schema(*l)))
        .collect();
    let chain = if chain.len() > 1 {
        format!("\n    {}\n", chain.join(" >> "))
    } else {
        String::new()
    };
    format!(
        r#""""Run the `{project}` dbt project layer by layer.

Exported by Strata. Each task builds one layer (models and their data tests)
with `dbt build --select path:models/<layer>`; a layer starts only when the
layers it reads have passed. Set STRATA_DBT_PROJECT_DIR to the project folder
and, for Snowflake, STRATA_DBT_TARGET=snowflake plus the SNOWFLAKE_* variables
that profiles.yml reads.
"""

import os
from datetime import datetime, timedelta

try:  # Airflow 3
    from airflow.sdk import DAG
    from airflow.providers.standard.operators.bash import BashOperator
except ImportError:  # Airflow 2
    from airflow import DAG
    from airflow.operators.bash import BashOperator

PROJECT_DIR = os.environ.get("STRATA_DBT_PROJECT_DIR", os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("STRATA_DBT_TARGET", "duckdb")
DBT = f"cd {{PROJECT_DIR}} && dbt --no-use-colors --target {{TARGET}} --profiles-dir {{PROJECT_DIR}}"

with DAG(
    dag_id="{project}",
    description="{description}",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={{
        "owner": "data-engineering",
        "retries": 2,
        "retry_delay": timedelta(minutes=5),
        "retry_exponential_backoff": True,
    }},
    tags=["strata", "dbt"],
) as dag:
{tasks}{chain}"#,
        description = python_string(&format!(
            "Layer by layer build of the {} design",
            design.name
        )),
    )
}

/// Text safe inside a Python double-quoted string.
fn python_string(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', " ")
}
