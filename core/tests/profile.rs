//! Raw-data profiling: reading DuckDB's answers into profiles, keys and
//! relationships. The SQL itself runs against real DuckDB-wasm in the
//! browser tests (tests/e2e/run.test.mjs), checked against the generator's
//! own CSVs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use strata_core::Design;
use strata_core::examples;
use strata_core::run::profile::{self, QueryKind, Row, Target};

fn retail() -> Design {
    examples::example("retail").unwrap().design().unwrap()
}

fn cells(values: &[Option<&str>]) -> Row {
    values.iter().map(|v| v.map(str::to_owned)).collect()
}

fn targets(design: &Design) -> Vec<Target<'_>> {
    design
        .raw_tables()
        .map(|(s, t)| Target::new(&s.system, t))
        .collect()
}

/// A measures row for `target` where every column has `distinct` values and
/// no NULLs, except as `tweak` says.
fn measures(
    target: &Target,
    rows: u64,
    duplicates: u64,
    tweak: &dyn Fn(&str) -> (u64, u64),
) -> Row {
    let mut row = vec![Some(rows.to_string()), Some(duplicates.to_string())];
    for c in &target.table.columns {
        let (nulls, distinct) = tweak(&c.name);
        row.extend([
            Some(nulls.to_string()),
            Some(distinct.to_string()),
            Some("1".to_owned()),
            Some("9".to_owned()),
        ]);
    }
    row
}

#[test]
fn measures_make_profiles_and_keys_of_identifier_columns_only() {
    let design = retail();
    let targets = targets(&design);
    let first = profile::first_round(&targets);
    let customers = targets
        .iter()
        .position(|t| t.name == "crm.customers")
        .unwrap();
    let query = first
        .iter()
        .find(|q| q.kind == QueryKind::Measures { table: customers })
        .unwrap();
    let mut profiles = Vec::new();
    // Every column unique except the names; the timestamps happen to be
    // unique too, which does not make them keys.
    let row = measures(&targets[customers], 500, 3, &|c| match c {
        "FirstName" | "LastName" => (10, 80),
        _ => (0, 500),
    });
    profile::read_first(&targets, &mut profiles, query, &[row]);
    let p = &profiles[customers];
    assert_eq!((p.rows, p.duplicate_rows), (500, 3));
    let first_name = p.columns.iter().find(|c| c.name == "FirstName").unwrap();
    assert_eq!((first_name.nulls, first_name.distinct), (10, 80));
    assert!((first_name.null_ratio(500) - 0.02).abs() < 1e-12);
    let keys: Vec<&str> = p.candidate_keys.iter().map(|k| k[0].as_str()).collect();
    assert_eq!(
        keys.first(),
        Some(&"CustomerId"),
        "id-like names first: {keys:?}"
    );
    for not_a_key in ["SignedUpAt", "UpdatedAt", "LoadTime", "FirstName"] {
        assert!(!keys.contains(&not_a_key), "{not_a_key} in {keys:?}");
    }
}

#[test]
fn pairs_are_tried_when_no_column_is_a_key_and_overlaps_become_relationships() {
    let design = retail();
    let targets = targets(&design);
    let lines = targets
        .iter()
        .position(|t| t.name == "pos.order_lines")
        .unwrap();
    let customers = targets
        .iter()
        .position(|t| t.name == "crm.customers")
        .unwrap();
    let members = targets
        .iter()
        .position(|t| t.name == "crm.loyalty_members")
        .unwrap();
    let first = profile::first_round(&targets);
    let mut profiles = Vec::new();
    for q in &first {
        let QueryKind::Measures { table } = q.kind else {
            continue;
        };
        // Order lines carry exact duplicates: nothing is unique. Elsewhere
        // only the first column is.
        let target = &targets[table];
        let first_col = target.table.columns[0].name.clone();
        let row = if table == lines {
            measures(target, 1000, 20, &|_| (0, 900))
        } else {
            measures(target, 500, 0, &|c| {
                if c == first_col { (0, 500) } else { (0, 50) }
            })
        };
        profile::read_first(&targets, &mut profiles, q, &[row]);
    }
    assert!(profiles[lines].candidate_keys.is_empty());
    assert_eq!(
        profiles[customers].candidate_keys,
        vec![vec!["CustomerId".to_owned()]]
    );

    let second = profile::second_round(&targets, &profiles);
    let pairs = second
        .iter()
        .find(|q| matches!(&q.kind, QueryKind::Pairs { table, .. } if *table == lines))
        .expect("pairs are tried for order lines");
    let QueryKind::Pairs { pairs: tried, .. } = &pairs.kind else {
        unreachable!()
    };
    // The first pair identifies every row.
    let mut row = vec![Some("1000".to_owned())];
    row.extend(std::iter::repeat_n(Some("7".to_owned()), tried.len() - 1));
    profile::read_first(&targets, &mut profiles, pairs, &[row]);
    assert_eq!(profiles[lines].candidate_keys.len(), 1);
    assert_eq!(profiles[lines].candidate_keys[0].len(), 2);

    let overlaps = second
        .iter()
        .find(|q| matches!(q.kind, QueryKind::Overlaps { .. }))
        .unwrap();
    let QueryKind::Overlaps { candidates } = &overlaps.kind else {
        unreachable!()
    };
    let member_customer = candidates
        .iter()
        .position(|o| {
            o.from.0 == members
                && targets[members].table.columns[o.from.1].name == "CustomerId"
                && o.to.0 == customers
        })
        .expect("loyalty members' CustomerId is tried against customers");
    // Every candidate: 100 distinct values, 60 found; the member's all found.
    let mut row: Row = Vec::new();
    for k in 0..candidates.len() {
        let found = if k == member_customer { "100" } else { "60" };
        row.extend(cells(&[Some("100"), Some(found)]));
    }
    let relationships = profile::read_overlaps(&targets, overlaps, &[row]);
    let best = &relationships[0];
    assert_eq!(
        (
            best.from_table.as_str(),
            best.from_column.as_str(),
            best.to_table.as_str(),
            best.to_column.as_str()
        ),
        (
            "crm.loyalty_members",
            "CustomerId",
            "crm.customers",
            "CustomerId"
        )
    );
    assert_eq!((best.overlap, best.confidence), (1.0, 1.0));
    assert!(relationships.iter().all(|r| r.overlap >= 0.5));
    assert!(
        relationships
            .windows(2)
            .all(|w| w[0].confidence >= w[1].confidence)
    );
}

#[test]
fn odd_answers_change_nothing_and_never_panic() {
    let design = retail();
    let targets = targets(&design);
    let mut profiles = Vec::new();
    for q in profile::first_round(&targets) {
        for rows in [
            vec![],
            vec![cells(&[None, Some("x"), Some("-5")])],
            vec![vec![]],
        ] {
            profile::read_first(&targets, &mut profiles, &q, &rows);
        }
    }
    assert_eq!(profiles.len(), targets.len());
    assert!(
        profiles
            .iter()
            .all(|p| p.rows == 0 && p.candidate_keys.is_empty())
    );
    // Nothing measured: no histograms, pairs or overlaps to ask for.
    let second = profile::second_round(&targets, &profiles);
    assert!(second.iter().all(|q| !matches!(
        q.kind,
        QueryKind::Histogram { .. } | QueryKind::Overlaps { .. }
    )));
    // Fewer targets than the queries name.
    let few = &targets[..1];
    for q in profile::first_round(&targets) {
        profile::read_first(few, &mut Vec::new(), &q, &[cells(&[Some("1")])]);
    }
}

#[test]
fn first_round_sql_snapshot() {
    let design = examples::example("cafe").unwrap().design().unwrap();
    let targets = targets(&design);
    let sql: Vec<String> = profile::first_round(&targets)
        .into_iter()
        .map(|q| q.sql)
        .collect();
    insta::assert_snapshot!(sql.join("\n\n"));
}
