//! The design document on disk: JSON with a `format_version`, read with caps
//! on size and nesting, migrated forward from older formats, and refused
//! (never half-loaded) when it comes from a newer Strata.
//!
//! ```text
//! text ─ size cap ─ nesting cap ─ JSON ─ version ─ migrate ─ Design
//! ```

mod migrate;

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::design::Design;

pub use migrate::CURRENT_FORMAT;

/// The largest document accepted, in bytes. The biggest realistic design (a
/// thousand models with imported sample data) is a few megabytes.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;

/// The deepest nesting of arrays and objects accepted. A design nests about
/// eight levels; the cap keeps hostile input from exhausting the stack.
pub const MAX_DEPTH: usize = 64;

/// Why a document could not be loaded. Nothing is loaded when there is one.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadError {
    TooLarge {
        bytes: usize,
    },
    TooDeep {
        line: usize,
        column: usize,
    },
    /// Not valid JSON.
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// Valid JSON, but not a design document.
    NotADesign(String),
    /// Written by a newer Strata than this one.
    FutureVersion {
        found: u64,
    },
    /// A version that never existed.
    UnknownVersion {
        found: String,
    },
    /// A field is missing, unknown or of the wrong type at `path` (empty
    /// for the document itself).
    Invalid {
        path: String,
        message: String,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::TooLarge { bytes } => write!(
                f,
                "the design is {:.1} MB; the limit is {} MB",
                *bytes as f64 / 1e6,
                MAX_BYTES / (1024 * 1024)
            ),
            LoadError::TooDeep { line, column } => write!(
                f,
                "nested more than {MAX_DEPTH} levels deep at line {line}, column {column}; \
                 a design never nests that deep"
            ),
            LoadError::Syntax {
                line,
                column,
                message,
            } => write!(
                f,
                "not valid JSON at line {line}, column {column}: {message}"
            ),
            LoadError::NotADesign(why) => write!(f, "not a Strata design: {why}"),
            LoadError::FutureVersion { found } => write!(
                f,
                "this design uses format {found}, written by a newer Strata; this version \
                 reads formats 1 to {CURRENT_FORMAT}. Update Strata to open it"
            ),
            LoadError::UnknownVersion { found } => write!(
                f,
                "`format_version` is {found}; expected a whole number from 1 to {CURRENT_FORMAT}"
            ),
            LoadError::Invalid { path, message } if path.is_empty() => f.write_str(message),
            LoadError::Invalid { path, message } => write!(f, "at `{path}`: {message}"),
        }
    }
}

impl std::error::Error for LoadError {}

/// Read a design from document text in any supported format.
pub fn load(text: &str) -> Result<Design, LoadError> {
    if text.len() > MAX_BYTES {
        return Err(LoadError::TooLarge { bytes: text.len() });
    }
    if text.trim().is_empty() {
        return Err(LoadError::NotADesign("the document is empty".into()));
    }
    check_depth(text)?;
    let value: Value = serde_json::from_str(text).map_err(|e| LoadError::Syntax {
        line: e.line(),
        column: e.column(),
        message: syntax_message(&e),
    })?;
    from_value(value)
}

/// A design a newer Strata wrote, read as far as this version can: when
/// the document has nothing this version does not know (a newer format
/// that only changed what this design does not use), it loads and is
/// returned with its format, to be shown read-only and never saved over.
/// Anything unknown refuses it as [`load`] does; a document of a known
/// format is simply loaded.
pub fn load_newer(text: &str) -> Result<(Design, u64), LoadError> {
    match load(text) {
        Err(LoadError::FutureVersion { found }) => {
            let mut value: Value = serde_json::from_str(text).map_err(|e| LoadError::Syntax {
                line: e.line(),
                column: e.column(),
                message: syntax_message(&e),
            })?;
            if let Value::Object(document) = &mut value {
                document.insert("format_version".into(), Value::from(CURRENT_FORMAT));
            }
            match from_value(value) {
                Ok(design) => Ok((design, found)),
                // What does not fit this version is the newer format's.
                Err(_) => Err(LoadError::FutureVersion { found }),
            }
        }
        other => other.map(|design| (design, u64::from(CURRENT_FORMAT))),
    }
}

/// Read a design from an already parsed JSON value (share links decode to
/// one). The value must have passed the same caps as [`load`] applies.
pub fn from_value(value: Value) -> Result<Design, LoadError> {
    let Value::Object(mut document) = value else {
        return Err(LoadError::NotADesign(
            "expected a JSON object with `format_version`".into(),
        ));
    };
    let version = match document.remove("format_version") {
        None => {
            return Err(LoadError::NotADesign("`format_version` is missing".into()));
        }
        Some(Value::Number(n)) => match n.as_u64() {
            Some(v) if v >= 1 => v,
            _ => {
                return Err(LoadError::UnknownVersion {
                    found: n.to_string(),
                });
            }
        },
        Some(other) => {
            return Err(LoadError::UnknownVersion {
                found: other.to_string(),
            });
        }
    };
    if version > u64::from(CURRENT_FORMAT) {
        return Err(LoadError::FutureVersion { found: version });
    }
    migrate::to_current(&mut document, version)?;
    serde_path_to_error::deserialize(Value::Object(document)).map_err(|e| {
        let path = e.path().to_string();
        LoadError::Invalid {
            path: if path == "." {
                "(document)".into()
            } else {
                path
            },
            message: e.into_inner().to_string(),
        }
    })
}

/// The document text of a design in the current format, minified: what a
/// share link carries.
pub fn compact(design: &Design) -> String {
    serde_json::to_string(&Document::of(design)).unwrap_or_default()
}

#[derive(Serialize)]
struct Document<'a> {
    format_version: u32,
    #[serde(flatten)]
    design: &'a Design,
}

impl Document<'_> {
    fn of(design: &Design) -> Document<'_> {
        Document {
            format_version: CURRENT_FORMAT,
            design,
        }
    }
}

/// The document text of a design in the current format: pretty JSON with
/// fields in a fixed order and a final newline, so diffs stay small.
pub fn save(design: &Design) -> String {
    // Serializing these types to a string cannot fail: every map key is a
    // string and every number is finite or becomes null.
    let mut text = serde_json::to_string_pretty(&Document::of(design)).unwrap_or_default();
    text.push('\n');
    text
}

/// Refuse text that nests deeper than [`MAX_DEPTH`] before parsing it.
fn check_depth(text: &str) -> Result<(), LoadError> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let (mut line, mut column) = (1, 0);
    for byte in text.bytes() {
        if byte == b'\n' {
            line += 1;
            column = 0;
        } else {
            column += 1;
        }
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(LoadError::TooDeep { line, column });
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// serde_json's message without its trailing " at line L column C".
fn syntax_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}
