//! M002: a model with nothing that guarantees unique rows.

use super::{Context, Finding, Rule, RuleDocs, Severity};
use crate::design::DataTest;
use crate::template::TemplateKind;

pub const RULE: Rule = Rule {
    code: "M002",
    name: "no-uniqueness-guarantee",
    severity: Severity::Warning,
    summary: "A model has no uniqueness guarantee",
    docs: RuleDocs {
        what: "Finds models whose template does not produce one row per key by \
               construction (`union_systems`, `system_transition`, `output` and \
               `custom_sql`) and that have no `unique` or `no_duplicates` data test. (A \
               `standardize` is unique on its primary key, which D003 requires.)",
        why: "Duplicate rows are the most common silent error in a warehouse: a join \
              fans out, a system delivers a row twice, two systems share an id. Every \
              sum and count built on top is then wrong, and nothing fails. A model whose \
              grain is guaranteed, by its template or by a test that runs on every \
              build, stops duplicates where they start.",
        example: "`vin_customer__union` unions the CRM's and the shop's customers; both \
                  systems use id 1001 for different people, and without a test on \
                  (`_system`, `customer_id`) nobody notices the doubled revenue.",
        fix: "Add a `unique` test on the columns that identify one row (or \
              `no_duplicates` when whole rows must differ), so `dbt build` fails when the \
              grain breaks. For `standardize`, set the primary key.",
    },
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    cx.design
        .models
        .iter()
        .filter(|model| {
            // A standardize without a primary key already fails D003, which
            // asks for exactly what would give it the guarantee.
            model.template != TemplateKind::Standardize
                && !model.template.guarantees_unique_rows(&model.params)
                && !model.tests.iter().any(|test| {
                    matches!(
                        test,
                        DataTest::Unique { .. } | DataTest::NoDuplicates { .. }
                    )
                })
        })
        .map(|model| {
            Finding::new(
                format!(
                    "{} ({}) does not guarantee one row per key, and has no unique or \
                     no_duplicates test; add a unique test on the columns that identify a row",
                    model.name, model.template
                ),
                vec![model.name.clone()],
            )
        })
        .collect()
}
