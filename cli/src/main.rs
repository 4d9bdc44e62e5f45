//! `strata`: the command-line face of Strata's core, for CI and export.
//!
//! Every subcommand parses its arguments, calls one `strata_core` function and
//! prints the result; no domain logic lives here.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use strata_core::Layer;

#[derive(Parser)]
#[command(name = "strata", version, about = "Design layered data warehouses")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the seven-layer contract: what each layer holds and may read.
    Layers {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Layers { json } => {
            let out = if json { layers_json() } else { layers_table() };
            println!("{out}");
        }
    }
    ExitCode::SUCCESS
}

fn layers_table() -> String {
    let mut lines = vec![format!(
        "{:<4} {:<24} {:<16} {:<12} {}",
        "CODE", "NAME", "READS", "MATERIALIZE", "PURPOSE"
    )];
    for layer in Layer::ALL {
        lines.push(format!(
            "{:<4} {:<24} {:<16} {:<12} {}",
            layer.code(),
            layer.name(),
            upstream_codes(layer),
            layer.default_materialization(),
            layer.purpose(),
        ));
    }
    lines.join("\n")
}

fn layers_json() -> String {
    let layers: Vec<serde_json::Value> = Layer::ALL
        .into_iter()
        .map(|layer| {
            serde_json::json!({
                "order": layer.order(),
                "code": layer.code(),
                "name": layer.name(),
                "purpose": layer.purpose(),
                "allowed_upstream": layer.allowed_upstream(),
                "default_materialization": layer.default_materialization(),
                "name_patterns": layer.name_patterns(),
            })
        })
        .collect();
    serde_json::to_string_pretty(&layers).unwrap_or_default()
}

fn upstream_codes(layer: Layer) -> String {
    let codes: Vec<&str> = layer.allowed_upstream().iter().map(|l| l.code()).collect();
    if codes.is_empty() {
        "-".to_owned()
    } else {
        codes.join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_table_lists_every_layer() {
        insta::assert_snapshot!(layers_table());
    }

    #[test]
    fn layers_json_is_valid_and_ordered() {
        let parsed: serde_json::Value = serde_json::from_str(&layers_json()).unwrap();
        let codes: Vec<&str> = parsed
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["RAW", "SRC", "VIN", "VLT", "AIN", "ANA", "MRT"]);
    }
}
