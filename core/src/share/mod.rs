//! Share links: a whole design in the URL fragment, never sent to a server.
//!
//! ```text
//! v1.<base64url( brotli( payload, dictionary v1 ) ++ checksum )>
//!
//! payload  = the design document, minified JSON
//!            [ "\n" JSON object { data checksum: CSV rows } ]   imported data, when small
//! checksum = the last 4 bytes: FNV-1a of the payload, little-endian
//! ```
//!
//! Brotli runs with a custom dictionary: `dictionary_v1.txt`, the built-in
//! examples as they shipped with link format 1. Both ends hold it (it is
//! compiled in), so the vocabulary of the framework (template parameters,
//! test names, column documentation) and any design forked from an example
//! cost almost nothing; the same idea as HTTP's compression dictionary
//! transport (RFC 9842). The dictionary of a released format never changes
//! (a test pins its checksum): golden links of every format must decode
//! forever. A new dictionary means a new format prefix.
//!
//! Decoding checks everything before a design appears: the prefix and
//! version, the fragment's length, the alphabet, the decompressed size
//! (streamed, so a link that inflates to gigabytes stops at the cap), the
//! checksum, then the document loader's own caps (nesting, format version).

use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Write};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::design::{Design, Note};
use crate::document::{self, LoadError};
use crate::fnv::Fnv;

/// The format this Strata writes, and the newest it reads.
pub const FORMAT: u32 = 1;
/// The longest fragment accepted, in characters. Browsers keep URLs of a
/// few megabytes; a realistic design is a few kilobytes.
pub const MAX_FRAGMENT: usize = 1 << 20;
/// The most a link may unpack to, in bytes.
pub const MAX_UNPACKED: usize = 8 << 20;
/// Imported rows travel in the link while all of them together stay under
/// this many bytes of CSV; otherwise a note names the files to supply.
pub const DATA_BUDGET: usize = 16 * 1024;

const DICTIONARY_V1: &[u8] = include_bytes!("dictionary_v1.txt");

/// A design decoded from a link, with the imported rows it carried (by
/// the checksum the design's raw tables name them with).
#[derive(Clone, Debug, PartialEq)]
pub struct Shared {
    pub design: Design,
    pub data: BTreeMap<String, String>,
}

/// A link's fragment, and what did not fit in it.
#[derive(Clone, Debug, PartialEq)]
pub struct Encoded {
    /// What follows `#` in the link: `v1.…`.
    pub fragment: String,
    /// Files whose rows were left out (too large); the design in the link
    /// has a note for each.
    pub omitted: Vec<String>,
}

/// Why a link does not open. Nothing is opened when there is one.
#[derive(Clone, Debug, PartialEq)]
pub enum ShareError {
    /// Nothing after `#`.
    Empty,
    /// Not a Strata share link at all.
    NotALink,
    /// Made by a newer Strata.
    FutureFormat {
        found: u64,
    },
    TooLong {
        chars: usize,
    },
    /// A character base64url does not have, at this 0-based position of
    /// the encoded part.
    BadCharacter {
        at: usize,
        found: char,
    },
    /// The compressed data is cut short or damaged.
    Damaged,
    /// It decompresses to more than [`MAX_UNPACKED`].
    TooLarge,
    /// The checksum does not match what was decoded.
    Checksum,
    /// The design inside cannot be loaded.
    Design(LoadError),
    /// The imported data in the link is malformed.
    Data(String),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::Empty => f.write_str("the link holds no design: nothing follows the #"),
            ShareError::NotALink => f.write_str(
                "this is not a Strata share link: the part after # should start with `v1.`",
            ),
            ShareError::FutureFormat { found } => write!(
                f,
                "this link was made by a newer Strata (link format {found}); this version opens \
                 format {FORMAT} links. Update Strata to open it"
            ),
            ShareError::TooLong { chars } => write!(
                f,
                "the link is {chars} characters long; links up to {MAX_FRAGMENT} are opened"
            ),
            ShareError::BadCharacter { at, found } => write!(
                f,
                "the link is damaged at character {}: {found:?} cannot appear in it (was it \
                 changed when it was copied?)",
                at + 1
            ),
            ShareError::Damaged => f.write_str(
                "the link is cut short or damaged: it does not unpack (copy the whole link again)",
            ),
            ShareError::TooLarge => write!(
                f,
                "the link unpacks to more than {} MB; it is refused",
                MAX_UNPACKED >> 20
            ),
            ShareError::Checksum => f.write_str(
                "the link is damaged: its checksum does not match (copy the whole link again)",
            ),
            ShareError::Design(e) => write!(f, "the link's design cannot be opened: {e}"),
            ShareError::Data(why) => write!(f, "the link's imported data is damaged: {why}"),
        }
    }
}

impl std::error::Error for ShareError {}

/// The fragment of a link to `design`, with the imported rows in `data`
/// (by checksum) that fit [`DATA_BUDGET`]; the rest are named in notes.
pub fn encode(design: &Design, data: &BTreeMap<String, String>) -> Encoded {
    let mut design = design.clone();
    let mut included: BTreeMap<&str, &str> = BTreeMap::new();
    let mut omitted = Vec::new();
    let mut used = 0usize;
    for source in &design.sources {
        for table in &source.tables {
            let Some(imported) = &table.sample.imported else {
                continue;
            };
            match data.get(&imported.checksum) {
                Some(rows) if used + rows.len() <= DATA_BUDGET => {
                    used += rows.len();
                    included.insert(&imported.checksum, rows);
                }
                _ => omitted.push((
                    format!("{}.{}", source.system, table.name),
                    imported.file.clone(),
                    imported.rows,
                )),
            }
        }
    }
    let included: BTreeMap<String, String> = included
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    for (table, file, rows) in &omitted {
        design.notes.push(Note {
            text: format!(
                "Supply {file} ({rows} rows) for {table}: its rows were too large for the share \
                 link. Import it again with + in RAW, then run the design."
            ),
            about: Some(table.clone()),
        });
    }
    let mut payload = document::compact(&design);
    if !included.is_empty() {
        payload.push('\n');
        // A map of strings always serializes.
        payload.push_str(&serde_json::to_string(&included).unwrap_or_default());
    }
    Encoded {
        fragment: pack(&payload),
        omitted: omitted.into_iter().map(|(_, file, _)| file).collect(),
    }
}

/// A format-1 fragment holding `payload` as it is, valid or not: for tests
/// of what decoding does with payloads `encode` never writes.
#[doc(hidden)]
pub fn encode_payload_for_tests(payload: &str) -> String {
    pack(payload)
}

fn pack(payload: &str) -> String {
    let mut bytes = compress(payload.as_bytes());
    bytes.extend_from_slice(&checksum(payload.as_bytes()));
    format!("v{FORMAT}.{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// Opens a link: a whole URL, `#v1.…` or `v1.…`.
pub fn decode(link: &str) -> Result<Shared, ShareError> {
    let fragment = match link.split_once('#') {
        Some((_, after)) => after,
        None => link,
    }
    .trim();
    if fragment.is_empty() {
        return Err(ShareError::Empty);
    }
    if fragment.len() > MAX_FRAGMENT {
        return Err(ShareError::TooLong {
            chars: fragment.chars().count(),
        });
    }
    let (version, body) = fragment.split_once('.').ok_or(ShareError::NotALink)?;
    let version = version
        .strip_prefix('v')
        .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
        .ok_or(ShareError::NotALink)?;
    match version.parse::<u64>() {
        Ok(1) => {}
        Ok(0) => return Err(ShareError::NotALink),
        Ok(found) => return Err(ShareError::FutureFormat { found }),
        Err(_) => return Err(ShareError::FutureFormat { found: u64::MAX }),
    }
    if let Some((at, found)) = body
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(ShareError::BadCharacter { at, found });
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(body)
        .map_err(|_| ShareError::Damaged)?;
    if bytes.len() < 5 {
        return Err(ShareError::Damaged);
    }
    let (compressed, sum) = bytes.split_at(bytes.len() - 4);
    let payload = decompress(compressed)?;
    if checksum(&payload) != sum {
        return Err(ShareError::Checksum);
    }
    let text = String::from_utf8(payload).map_err(|_| ShareError::Checksum)?;
    let (document, data) = match text.split_once('\n') {
        Some((document, data)) => (document, Some(data)),
        None => (text.as_str(), None),
    };
    let design = document::load(document).map_err(ShareError::Design)?;
    let data = match data {
        None => BTreeMap::new(),
        Some(data) => serde_json::from_str::<BTreeMap<String, String>>(data)
            .map_err(|e| ShareError::Data(e.to_string()))?,
    };
    Ok(Shared { design, data })
}

/// A QR code: `width` modules a side, and the dark ones as an SVG path in
/// module units (draw it in a `0 0 width width` view box, with a quiet
/// zone of four modules around it).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Qr {
    pub width: usize,
    pub path: String,
}

/// The QR code of `text` (a share link), at the lowest error correction so
/// the longest links fit; a link longer than a QR code holds gets a message.
pub fn qr(text: &str) -> Result<Qr, String> {
    let code =
        qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::L).map_err(|_| {
            format!(
                "the link is too long for a QR code ({} characters; one holds about 2,900): \
                 share it another way",
                text.len()
            )
        })?;
    let width = code.width();
    let colors = code.to_colors();
    let mut path = String::new();
    // One rectangle per horizontal run of dark modules.
    for (y, row) in colors.chunks(width.max(1)).enumerate() {
        let mut x = 0;
        while x < row.len() {
            if row[x] == qrcode::Color::Dark {
                let run = row[x..]
                    .iter()
                    .take_while(|c| **c == qrcode::Color::Dark)
                    .count();
                let _ =
                    std::fmt::Write::write_fmt(&mut path, format_args!("M{x} {y}h{run}v1h-{run}z"));
                x += run;
            } else {
                x += 1;
            }
        }
    }
    Ok(Qr { width, path })
}

fn checksum(payload: &[u8]) -> [u8; 4] {
    let hash = Fnv::new().bytes(payload).finish();
    let [a, b, c, d, ..] = hash.to_le_bytes();
    [a, b, c, d]
}

fn compress(payload: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    let mut out = Vec::new();
    let mut input_buffer = vec![0u8; 1 << 14];
    let mut output_buffer = vec![0u8; 1 << 14];
    let mut input = payload;
    // Reading a slice and writing a Vec cannot fail.
    let _ = brotli::enc::BrotliCompressCustomIoCustomDict(
        &mut brotli::IoReaderWrapper(&mut input),
        &mut brotli::IoWriterWrapper(&mut out),
        &mut input_buffer,
        &mut output_buffer,
        &params,
        brotli::enc::StandardAlloc::default(),
        &mut |_, _, _, _| (),
        DICTIONARY_V1,
        io::Error::from(io::ErrorKind::UnexpectedEof),
    );
    out
}

/// A writer that refuses to grow past [`MAX_UNPACKED`].
#[derive(Default)]
struct Capped {
    bytes: Vec<u8>,
    overflowed: bool,
}

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_UNPACKED {
            self.overflowed = true;
            return Err(io::Error::other("too large"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn decompress(compressed: &[u8]) -> Result<Vec<u8>, ShareError> {
    let mut input = compressed;
    let mut out = Capped::default();
    let mut input_buffer = vec![0u8; 1 << 14];
    let mut output_buffer = vec![0u8; 1 << 14];
    match brotli_decompressor::BrotliDecompressCustomDict(
        &mut input,
        &mut out,
        &mut input_buffer,
        &mut output_buffer,
        DICTIONARY_V1.to_vec(),
    ) {
        Ok(()) => Ok(out.bytes),
        Err(_) if out.overflowed => Err(ShareError::TooLarge),
        Err(_) => Err(ShareError::Damaged),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dictionary_of_a_released_format_never_changes() {
        // Links made with format 1 decode only with these exact bytes.
        assert_eq!(DICTIONARY_V1.len(), 59_994);
        assert_eq!(
            format!("{:016x}", Fnv::new().bytes(DICTIONARY_V1).finish()),
            "1f83dfa310fb6b8a"
        );
    }
}
