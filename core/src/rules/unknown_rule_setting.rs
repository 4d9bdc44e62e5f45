//! D002: the rule settings name a code that no rule has.

use super::{ALL, Context, Finding, Rule, RuleDocs, Severity, closest, rule, unknown_settings};

pub const RULE: Rule = Rule {
    code: "D002",
    name: "unknown-rule-setting",
    severity: Severity::Warning,
    summary: "The rule settings name a rule that does not exist",
    docs: RuleDocs {
        what: "Checks every code in the project's rule settings against the rules the \
               workbench knows.",
        why: "A project relaxes or tightens a rule by its code. A typo (`M01`, `m001`, \
              `missing-description`) is not an error anywhere else: the setting is \
              simply ignored, so the rule keeps firing, or keeps its default severity, \
              while the project believes it changed it.",
        example: "The settings say `\"M01\": \"off\"` to stop the missing-description \
                  findings; no rule has the code M01, so nothing changes.",
        fix: "Use the rule's code exactly as the rule list shows it (`M001`), or remove \
              the setting if the rule it meant no longer needs changing.",
    },
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    unknown_settings(cx.design)
        .into_iter()
        .map(|code| {
            let by_name = ALL.iter().find(|r| r.name.eq_ignore_ascii_case(&code));
            let suggestion = by_name
                .or_else(|| closest(&code, ALL.iter().map(|r| r.code)).and_then(rule))
                .map(|r| format!("; did you mean {} ({})?", r.code, r.name))
                .unwrap_or_else(|| "; remove it or use a code from the rule list".to_owned());
            Finding::new(
                format!(
                    "the rule settings name `{code}`, which is not a rule's code, so the \
                     setting changes nothing{suggestion}"
                ),
                Vec::new(),
            )
        })
        .collect()
}
