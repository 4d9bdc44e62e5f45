//! C002: SQL names a column that more than one of its inputs has.

use super::{Context, Finding, Rule, RuleDocs, Severity, sql_problem};
use crate::design::{Reference, Target};
use crate::lineage::AnalysisErrorKind;

pub const RULE: Rule = Rule {
    code: "C002",
    name: "ambiguous-column",
    severity: Severity::Error,
    summary: "SQL names a column that more than one of its inputs has",
    docs: RuleDocs {
        what: "Finds columns used without a table alias in a query that reads several \
               relations having a column of that name, as the lineage analysis of each \
               model's compiled SQL resolves them.",
        why: "The warehouse refuses a query when it cannot tell which input a column \
              comes from, so the model does not build. Where it does guess (some \
              engines pick by position in `USING` joins or nested scopes), the column \
              can silently come from the wrong side of a join, and the lineage, the \
              tests and the numbers all follow the guess. Vault and analytics models \
              share many column names (`customer_hk`, `valid_from`, `customer_id`), so \
              this comes up as soon as two of them are joined.",
        example: "Custom SQL joins `ana_customer` and `vlt_obj_customer` on \
                  `customer_hk` and selects `customer_id`, which both have.",
        fix: "Qualify the column with the alias of the input it should come from \
              (`a.customer_id`), or join with `using (customer_hk)` when the two \
              columns are the same key.",
    },
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for i in 0..cx.design.models.len() {
        let Some(problem) = sql_problem(cx, i) else {
            continue;
        };
        if problem.cause != AnalysisErrorKind::AmbiguousColumn {
            continue;
        }
        let model = &cx.design.models[i];
        let mut models = vec![model.name.clone()];
        for input in cx.graph.inputs(i) {
            if let (Target::Model(_), Reference::Model(name)) = (input.target, &input.reference)
                && !models.contains(name)
            {
                models.push(name.clone());
            }
        }
        let advice = if problem.message.ends_with("qualify it") {
            " with the alias of the input it should come from"
        } else {
            "; qualify it with the alias of the input it should come from"
        };
        let mut finding =
            Finding::new(format!("{}{advice}", problem.describe(&model.name)), models);
        if let Some(param) = problem.param {
            finding = finding.at(param);
        }
        findings.push(finding);
    }
    findings
}
