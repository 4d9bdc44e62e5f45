//! Reading designs from files or standard input, and writing sample data:
//! everything that touches the file system, with errors a user can act on.

use std::fmt;
use std::fs::File;
use std::io::{BufWriter, Read};
use std::path::Path;

use strata_core::document::{self, MAX_BYTES};
use strata_core::{Design, sample};

/// Why a command could not do its work; printed as one line, exit code 2.
#[derive(Debug)]
pub struct Failure(String);

impl Failure {
    pub fn new(message: impl Into<String>) -> Failure {
        Failure(message.into())
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Read and load the design at `path` (`-` is standard input). At most
/// `MAX_BYTES + 1` bytes are read, so a huge file is refused without being
/// read whole.
pub fn read_design(path: &Path) -> Result<Design, Failure> {
    let text = read_text(path, MAX_BYTES, "a design")?;
    document::load(&text).map_err(|e| Failure::new(format!("{}: {e}", shown(path))))
}

fn shown(path: &Path) -> String {
    if path == Path::new("-") {
        "standard input".to_owned()
    } else {
        path.display().to_string()
    }
}

/// Read at most `max` bytes of text from `path` (`-` is standard input);
/// `what` names the text in the message when it is larger.
pub fn read_text(path: &Path, max: usize, what: &str) -> Result<String, Failure> {
    let shown = shown(path);
    let mut bytes = Vec::new();
    let limit = max as u64 + 1;
    let read = if path == Path::new("-") {
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        File::open(path).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    read.map_err(|e| Failure::new(format!("cannot read {shown}: {e}")))?;
    if bytes.len() > max {
        return Err(Failure::new(format!(
            "{shown}: larger than the {} MB {what} may be",
            max.div_ceil(1024 * 1024)
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        Failure::new(format!(
            "{shown}: not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Write one CSV per raw table into `dir`; returns a line per table written.
pub fn write_samples(
    design: &Design,
    rows: Option<u64>,
    seed: Option<u64>,
    dir: &Path,
) -> Result<Vec<String>, Failure> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::new(format!("cannot create {}: {e}", dir.display())))?;
    let options = sample::Options { rows, seed };
    let mut sampler =
        sample::Sampler::new(design, &options).map_err(|e| Failure::new(e.to_string()))?;
    let mut lines = Vec::new();
    for (system, table) in sampler.tables() {
        let path = dir.join(format!("{system}.{table}.csv"));
        let file = File::create(&path)
            .map_err(|e| Failure::new(format!("cannot write {}: {e}", path.display())))?;
        let stats = sampler
            .write_csv(system, table, BufWriter::new(file))
            .map_err(|e| Failure::new(format!("{}: {e}", path.display())))?;
        lines.push(match stats.duplicates {
            0 => format!("{} ({} rows)", path.display(), stats.rows),
            d => format!("{} ({} rows, {d} duplicates)", path.display(), stats.rows),
        });
    }
    Ok(lines)
}

/// Write `text` to `path`, creating its folder.
pub fn write_file(path: &Path, text: &str) -> Result<(), Failure> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::new(format!("cannot create {}: {e}", dir.display())))?;
    }
    std::fs::write(path, text)
        .map_err(|e| Failure::new(format!("cannot write {}: {e}", path.display())))
}
