//! CSV output: RFC 4180 quoting, NULL as an empty field, and a buffered
//! sink that counts bytes and turns I/O errors into [`SampleError`]s.

use std::io::Write;

use super::SampleError;

/// Bytes gathered before each write to the caller's sink.
const BUFFER: usize = 64 * 1024;

/// Appends one field. An empty text is written `""` so that it differs
/// from NULL (no characters at all); text with a comma, quote, line break,
/// or leading or trailing whitespace is quoted, quotes doubled.
pub(crate) fn push_field(line: &mut Vec<u8>, text: &[u8]) {
    let edge = |b: Option<&u8>| matches!(b, Some(b' ' | b'\t'));
    let needs_quotes = text.is_empty()
        || edge(text.first())
        || edge(text.last())
        || text
            .iter()
            .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'));
    if !needs_quotes {
        line.extend_from_slice(text);
        return;
    }
    line.push(b'"');
    for &b in text {
        if b == b'"' {
            line.push(b'"');
        }
        line.push(b);
    }
    line.push(b'"');
}

/// A buffered writer into the caller's sink.
pub(crate) struct Sink<W: Write> {
    out: W,
    buffer: Vec<u8>,
    /// Bytes written so far, buffered ones included.
    pub(crate) bytes: u64,
}

impl<W: Write> Sink<W> {
    pub(crate) fn new(out: W) -> Sink<W> {
        Sink {
            out,
            buffer: Vec::with_capacity(BUFFER),
            bytes: 0,
        }
    }

    /// Writes one finished line (its line break included).
    pub(crate) fn line(&mut self, line: &[u8]) -> Result<(), SampleError> {
        self.buffer.extend_from_slice(line);
        self.bytes += line.len() as u64;
        if self.buffer.len() >= BUFFER {
            self.drain()?;
        }
        Ok(())
    }

    fn drain(&mut self) -> Result<(), SampleError> {
        self.out.write_all(&self.buffer).map_err(write_error)?;
        self.buffer.clear();
        Ok(())
    }

    /// Writes what is buffered and flushes the sink.
    pub(crate) fn finish(mut self) -> Result<(), SampleError> {
        self.drain()?;
        self.out.flush().map_err(write_error)
    }
}

fn write_error(error: std::io::Error) -> SampleError {
    SampleError::Write {
        message: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(text: &str) -> String {
        let mut line = Vec::new();
        push_field(&mut line, text.as_bytes());
        String::from_utf8(line).unwrap()
    }

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field(""), "\"\"");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("  padded"), "\"  padded\"");
        assert_eq!(field("O'Brien"), "O'Brien");
    }
}
