//! Share links: every design survives a round trip; golden links of every
//! released format decode forever, to the design they were made from;
//! damaged, cut, foreign and hostile links get a clear error, never a
//! panic and never a half-loaded design.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::collections::BTreeMap;

use strata_core::design::Design;
use strata_core::share::{self, ShareError};
use strata_core::{document, examples, synth};

fn example(name: &str) -> Design {
    examples::example(name).unwrap().design().unwrap()
}

fn no_data() -> BTreeMap<String, String> {
    BTreeMap::new()
}

#[test]
fn the_examples_and_generated_designs_survive_a_round_trip() {
    let mut designs = vec![example("retail"), example("cafe")];
    for (models, seed) in [(1, 1), (7, 2), (40, 3), (250, 4), (1_000, 5)] {
        designs.push(synth::design(models, seed));
    }
    for design in designs {
        let link = share::encode(&design, &no_data());
        assert!(link.fragment.starts_with("v1."));
        assert!(link.omitted.is_empty());
        let opened = share::decode(&format!("https://strata.example/#{}", link.fragment)).unwrap();
        assert_eq!(opened.design, design, "{}", design.name);
        assert!(opened.data.is_empty());
    }
}

#[test]
fn small_imported_rows_travel_in_the_link_and_large_ones_become_notes() {
    let mut design = example("cafe");
    let small = strata_core::import::read_csv(b"id,name\n1,Ann\n2,Bob\n").unwrap();
    let rows: String = (0..5_000).map(|i| format!("{i},name {i}\n")).collect();
    let large = strata_core::import::read_csv(format!("id,name\n{rows}").as_bytes()).unwrap();
    strata_core::edit::add_imported_table(&mut design, "files", "small", &small, "small.csv", None)
        .unwrap();
    strata_core::edit::add_imported_table(&mut design, "files", "large", &large, "large.csv", None)
        .unwrap();
    let data = BTreeMap::from([
        (small.checksum.clone(), small.csv.clone()),
        (large.checksum.clone(), large.csv.clone()),
    ]);
    let link = share::encode(&design, &data);
    assert_eq!(link.omitted, ["large.csv"]);
    let opened = share::decode(&link.fragment).unwrap();
    assert_eq!(opened.data, BTreeMap::from([(small.checksum, small.csv)]));
    let note = opened.design.notes.last().unwrap();
    assert_eq!(note.about.as_deref(), Some("files.large"));
    assert!(
        note.text
            .starts_with("Supply large.csv (5000 rows) for files.large"),
        "{}",
        note.text
    );
    // Apart from that note, the design is the one shared.
    let mut without_note = opened.design.clone();
    without_note.notes.pop();
    assert_eq!(without_note, design);
}

/// Golden links: `data/share/<name>.v<N>.link` is a link a released format
/// wrote for the design in `<name>.v<N>.json`. Both files are frozen: the
/// link must open, forever, to that design (migrated to the current
/// document format, exactly as the JSON file loads).
#[test]
fn golden_links_of_every_released_format_decode_forever() {
    let mut seen = 0;
    for entry in std::fs::read_dir("tests/data/share").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("link") {
            continue;
        }
        let link = std::fs::read_to_string(&path).unwrap();
        let expected =
            document::load(&std::fs::read_to_string(path.with_extension("json")).unwrap()).unwrap();
        let opened =
            share::decode(link.trim()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(opened.design, expected, "{}", path.display());
        seen += 1;
    }
    assert!(seen >= 3, "golden links found: {seen}");
}

#[test]
fn foreign_cut_and_future_links_say_what_is_wrong() {
    let fragment = share::encode(&example("cafe"), &no_data()).fragment;
    let cases: Vec<(String, &str)> = vec![
        ("https://strata.example/#".into(), "nothing follows the #"),
        ("https://strata.example/".into(), "not a Strata share link"),
        ("#table=customers".into(), "not a Strata share link"),
        ("v0.AAAA".into(), "not a Strata share link"),
        (
            format!("v2.{}", &fragment[3..]),
            "made by a newer Strata (link format 2)",
        ),
        (
            format!("v99999999999999999999999.{}", &fragment[3..]),
            "made by a newer Strata",
        ),
        (
            fragment[..fragment.len() / 2].to_owned(),
            "cut short or damaged",
        ),
        (
            format!("{}!{}", &fragment[..40], &fragment[40..]),
            "damaged at character 38: '!'",
        ),
        (
            format!("v1.{}", "A".repeat(share::MAX_FRAGMENT)),
            "characters long",
        ),
    ];
    for (link, expected) in cases {
        let error = share::decode(&link).unwrap_err().to_string();
        assert!(error.contains(expected), "{link:.60}: {error}");
    }
}

#[test]
fn a_link_written_by_a_newer_document_format_is_refused_not_half_loaded() {
    let text = document::compact(&example("cafe")).replacen(
        &format!("\"format_version\":{}", document::CURRENT_FORMAT),
        "\"format_version\":99",
        1,
    );
    let link = share::encode_payload_for_tests(&text);
    match share::decode(&link) {
        Err(ShareError::Design(document::LoadError::FutureVersion { found: 99 })) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_link_that_inflates_past_the_cap_is_refused() {
    // 9 MB of one repeated byte compresses to a few bytes.
    let link = share::encode_payload_for_tests(&"{".repeat(9 << 20));
    assert!(link.len() < 200, "{}", link.len());
    assert_eq!(share::decode(&link), Err(ShareError::TooLarge));
}

#[test]
fn a_thousand_mutated_links_get_errors_never_panics() {
    let fragment = share::encode(&example("retail"), &no_data()).fragment;
    let alphabet: Vec<char> = ('A'..='Z')
        .chain('a'..='z')
        .chain('0'..='9')
        .chain(['-', '_'])
        .collect();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut next = move |n: usize| rng.below(n as u64) as usize;
    let mut opened_same = 0;
    for round in 0..1_000 {
        let mut chars: Vec<char> = fragment.chars().collect();
        match round % 4 {
            // Change one character of the data.
            0 => {
                let at = 3 + next(chars.len() - 3);
                chars[at] = alphabet[next(alphabet.len())];
            }
            // Cut it.
            1 => chars.truncate(next(chars.len())),
            // Drop one character.
            2 => {
                chars.remove(3 + next(chars.len() - 3));
            }
            // Swap two characters.
            _ => {
                let (a, b) = (3 + next(chars.len() - 3), 3 + next(chars.len() - 3));
                chars.swap(a, b);
            }
        }
        let mutated: String = chars.into_iter().collect();
        match share::decode(&mutated) {
            Err(e) => assert!(!e.to_string().is_empty()),
            // A change that left the bytes the same (a swap of equal
            // characters, or the last character's unused bits).
            Ok(shared) => {
                assert_eq!(
                    shared.design,
                    example("retail"),
                    "round {round}: a changed design opened"
                );
                opened_same += 1;
            }
        }
    }
    assert!(opened_same < 100, "{opened_same} mutations changed nothing");
}

/// Draws a QR code's path into pixels (4 px a module, a quiet zone of four
/// modules) and reads it back with rqrr, an independent decoder.
fn scan(qr: &share::Qr) -> String {
    const SCALE: usize = 4;
    let side = (qr.width + 8) * SCALE;
    let mut dark = vec![false; (qr.width + 8) * (qr.width + 8)];
    // The path is `M{x} {y}h{run}v1h-{run}z` per run of dark modules.
    for rect in qr.path.split('M').filter(|s| !s.is_empty()) {
        let (xy, rest) = rect.split_once('h').unwrap();
        let run: usize = rest.split_once('v').unwrap().0.parse().unwrap();
        let (x, y) = xy.split_once(' ').unwrap();
        let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
        for dx in 0..run {
            dark[(y + 4) * (qr.width + 8) + x + dx + 4] = true;
        }
    }
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
        if dark[(y / SCALE) * (qr.width + 8) + x / SCALE] {
            0
        } else {
            255
        }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1);
    grids[0].decode().unwrap().1
}

#[test]
fn the_qr_code_of_a_link_scans_back_to_the_link() {
    for design in [example("cafe"), example("retail")] {
        let link = format!(
            "https://strata.example/#{}",
            share::encode(&design, &no_data()).fragment
        );
        let qr = share::qr(&link).unwrap();
        assert_eq!(scan(&qr), link);
    }
    let too_long = format!("https://strata.example/#v1.{}", "a".repeat(4_000));
    match share::qr(&too_long) {
        Err(e) => assert!(e.contains("too long for a QR code"), "{e}"),
        Ok(qr) => panic!("a {}-module code for 4,000 characters", qr.width),
    }
}

#[test]
fn generated_designs_with_arbitrary_text_survive_a_round_trip() {
    // Property: decode(encode(d)) == d, over designs of random size and
    // seed whose free text is random (quotes, markup, newlines, control
    // characters, emoji, right-to-left script).
    let pool: Vec<char> = "ab \"'\\<>&\n\t\u{0}\u{1f}é中文😀\u{202e}{}[]#%=,;:"
        .chars()
        .collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..40 {
        let size = 1 + rng.below(90) as usize;
        let mut design = synth::design(size, rng.below(1_000));
        design.description = rng.text(&pool, 200);
        for model in &mut design.models {
            if rng.below(3) == 0 {
                model.description = rng.text(&pool, 80);
            }
        }
        let link = share::encode(&design, &no_data());
        let opened = share::decode(&link.fragment).unwrap();
        assert_eq!(opened.design, design);
    }
}

/// xorshift64: the same sequence on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    fn text(&mut self, pool: &[char], max: u64) -> String {
        let len = self.below(max);
        (0..len)
            .map(|_| pool[self.below(pool.len() as u64) as usize])
            .collect()
    }
}
