//! Small helpers for the English the core writes in reports and documents.

/// `1 model`, `2 models`.
pub(crate) fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
