//! The guard on user SQL. `data/guard/ok_*.sql` must pass, `no_*.sql` must
//! be refused; the first line says the purpose (`-- console` or `-- model`)
//! and every verdict, with its message and position, is snapshotted.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use strata_core::run::guard::{self, Purpose};

fn purpose_of(sql: &str) -> Purpose {
    match sql.lines().next().unwrap_or("").trim() {
        "-- console" => Purpose::Console,
        "-- model" => Purpose::Model,
        other => panic!("the first line must be -- console or -- model, not {other:?}"),
    }
}

#[test]
fn guard_fixtures() {
    insta::glob!("data/guard/*.sql", |path| {
        let sql = std::fs::read_to_string(path).unwrap();
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let verdict = guard::check(&sql, purpose_of(&sql));
        match (stem.starts_with("ok_"), &verdict) {
            (true, Err(r)) => panic!("{stem} should pass: {r}"),
            (false, Ok(())) => panic!("{stem} should be refused"),
            _ => {}
        }
        insta::assert_snapshot!(match verdict {
            Ok(()) => "allowed".to_owned(),
            Err(r) => format!("refused: {r}"),
        });
    });
}

#[test]
fn deep_nesting_is_refused_without_overflowing_a_small_stack() {
    let deep = format!("select {}1{}", "(".repeat(10_000), ")".repeat(10_000));
    let refusal = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || guard::check(&deep, Purpose::Console))
        .unwrap()
        .join()
        .unwrap()
        .unwrap_err();
    assert!(refusal.message.contains("nests too deeply"), "{refusal}");
}

#[test]
fn mutated_sql_never_panics() {
    let fixtures: Vec<String> = std::fs::read_dir("tests/data/guard")
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for round in 0..2000 {
        let base = fixtures[round % fixtures.len()].as_bytes();
        let mut bytes = base.to_vec();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        if !bytes.is_empty() {
            let at = (seed as usize) % bytes.len();
            match round % 4 {
                0 => bytes.truncate(at),
                1 => bytes.insert(at, b'('),
                2 => bytes.insert(at, b'\''),
                _ => bytes[at] = b"();,'\"x"[(seed >> 9) as usize % 7],
            }
        }
        let sql = String::from_utf8_lossy(&bytes);
        let _ = guard::check(&sql, Purpose::Console);
        let _ = guard::check(&sql, Purpose::Model);
    }
}
