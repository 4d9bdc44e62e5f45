//! Tests of the project's own promises, run with the native tests.

use crate::{cargo, output, root};

/// Crates that would tie `core` to the browser.
const WEB_CRATES: [&str; 5] = ["wasm-bindgen", "web-sys", "js-sys", "leptos", "gloo"];

/// Architecture invariant: `core` is pure Rust and tests natively. Its whole
/// dependency tree (normal, build and dev) must be free of web crates.
#[test]
fn core_has_no_web_dependencies() {
    let tree = output(cargo().args([
        "tree",
        "--package",
        "strata-core",
        "--edges",
        "normal,build,dev",
        "--prefix",
        "none",
        "--format",
        "{p}",
    ]))
    .unwrap();
    let offenders: Vec<&str> = tree
        .lines()
        .filter(|line| {
            let name = line.split_whitespace().next().unwrap_or("");
            WEB_CRATES
                .iter()
                .any(|web| name == *web || name.starts_with(&format!("{web}-")))
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "strata-core depends on web crates: {offenders:?}"
    );
    assert!(
        tree.lines().any(|l| l.starts_with("strata-core")),
        "cargo tree did not list strata-core itself:\n{tree}"
    );
}

/// The JS glue wasm-bindgen generates only works with the runtime crate of
/// the same version, so the app's wasm-bindgen and xtask's bindgen library
/// must stay equal in Cargo.lock.
#[test]
fn wasm_bindgen_versions_match() {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).unwrap();
    let version_of = |name: &str| -> Vec<String> {
        lock.split("[[package]]")
            .filter(|block| block.contains(&format!("name = \"{name}\"\n")))
            .filter_map(|block| {
                block
                    .lines()
                    .find_map(|l| l.strip_prefix("version = \""))
                    .map(|v| v.trim_end_matches('"').to_owned())
            })
            .collect()
    };
    let runtime = version_of("wasm-bindgen");
    let bindgen = version_of("wasm-bindgen-cli-support");
    assert_eq!(
        runtime.len(),
        1,
        "one wasm-bindgen in Cargo.lock: {runtime:?}"
    );
    assert_eq!(runtime, bindgen);
}

/// `.ci/run` must run exactly the README's test command.
#[test]
fn ci_runs_the_readme_test_command() {
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains("cargo xtask test"));
    assert!(readme.contains("cargo xtask serve"));
    let commands: Vec<&str> = ci
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("set "))
        .collect();
    assert_eq!(commands, ["cargo xtask test"]);
}

/// The README documents exactly the headers the server sends and
/// `cargo xtask dist` writes, so a team hosting its own copy sends the
/// policy the tests ran under.
#[test]
fn readme_documents_the_headers_dist_writes() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let written = crate::dist::headers_file();
    for (name, value) in crate::serve::HEADERS {
        assert!(
            written.contains(&format!("  {name}: {value}\n")),
            "_headers lacks {name}"
        );
        if name != "Vary" {
            assert!(
                readme.contains(&format!("| `{name}` | `{value}` |")),
                "the README's header table lacks {name}: {value}"
            );
        }
    }
    assert!(readme.contains(&format!(
        "add_header Content-Security-Policy \"{}\" always;",
        crate::serve::CONTENT_SECURITY_POLICY
    )));
}
