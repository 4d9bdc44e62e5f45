//! FNV-1a: a small, stable hash (the same on every build and machine,
//! unlike std's randomly keyed hasher), for the run plan's fingerprints and
//! the checksums imported data is kept under.

pub(crate) struct Fnv(u64);

impl Fnv {
    pub(crate) fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    /// Hashes `bytes` as they are.
    pub(crate) fn bytes(mut self, bytes: &[u8]) -> Fnv {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }

    /// Hashes `text` as one part of several: a separator follows it, so
    /// `("ab", "c")` and `("a", "bc")` differ.
    pub(crate) fn part(self, text: &str) -> Fnv {
        self.bytes(text.as_bytes()).bytes(&[0xff])
    }

    pub(crate) fn finish(self) -> u64 {
        self.0
    }
}
