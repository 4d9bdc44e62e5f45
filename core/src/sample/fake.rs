//! Realistic text from the embedded word lists.

use super::rng::Rng;
use super::spec::Fake;
use super::words;

/// Appends a value of `kind` to `out`.
pub(crate) fn fake(kind: Fake, rng: &mut Rng, out: &mut Vec<u8>) {
    match kind {
        Fake::FirstName => push(out, rng.pick(words::FIRST_NAMES)),
        Fake::LastName => push(out, rng.pick(words::LAST_NAMES)),
        Fake::FullName => {
            push(out, rng.pick(words::FIRST_NAMES));
            out.push(b' ');
            push(out, rng.pick(words::LAST_NAMES));
        }
        Fake::Email => email(rng, out),
        Fake::Phone => {
            // North American style with the 555 exchange used in fiction.
            out.extend_from_slice(b"+1-");
            out.push(b'2' + rng.below(8) as u8);
            digits(rng, out, 2);
            out.extend_from_slice(b"-555-");
            digits(rng, out, 4);
        }
        Fake::City => push(out, rng.pick(words::CITIES)),
        Fake::Country => push(out, rng.pick(words::COUNTRIES)),
        Fake::Company => {
            push(out, rng.pick(words::COMPANY_STEMS));
            out.push(b' ');
            push(out, rng.pick(words::COMPANY_SUFFIXES));
        }
        Fake::Product => {
            push(out, rng.pick(words::PRODUCT_ADJECTIVES));
            out.push(b' ');
            push(out, rng.pick(words::PRODUCT_MATERIALS));
            out.push(b' ');
            push(out, rng.pick(words::PRODUCT_NOUNS));
        }
        Fake::Street => {
            let number = 1 + rng.below(250);
            super::time::push_padded(out, number, 1);
            out.push(b' ');
            push(out, rng.pick(words::STREET_NAMES));
            out.push(b' ');
            push(out, rng.pick(words::STREET_KINDS));
        }
        Fake::Word => push(out, rng.pick(words::WORDS)),
        Fake::Sentence => {
            let count = 4 + rng.below(7);
            for i in 0..count {
                let word = rng.pick(words::WORDS).as_bytes();
                if i == 0 {
                    if let Some((first, rest)) = word.split_first() {
                        out.push(first.to_ascii_uppercase());
                        out.extend_from_slice(rest);
                    }
                } else {
                    out.push(b' ');
                    out.extend_from_slice(word);
                }
            }
            out.push(b'.');
        }
    }
}

fn push(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(text.as_bytes());
}

fn digits(rng: &mut Rng, out: &mut Vec<u8>, count: usize) {
    for _ in 0..count {
        out.push(b'0' + rng.below(10) as u8);
    }
}

/// `first.last@domain`, sometimes with a number, in lower case.
fn email(rng: &mut Rng, out: &mut Vec<u8>) {
    let lower = |out: &mut Vec<u8>, name: &str| {
        out.extend(
            name.bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| b.to_ascii_lowercase()),
        );
    };
    lower(out, rng.pick(words::FIRST_NAMES));
    out.push(match rng.below(3) {
        0 => b'_',
        _ => b'.',
    });
    lower(out, rng.pick(words::LAST_NAMES));
    if rng.below(3) == 0 {
        super::time::push_padded(out, 1 + rng.below(99), 1);
    }
    out.push(b'@');
    push(out, rng.pick(words::EMAIL_DOMAINS));
}
