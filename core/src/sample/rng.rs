//! Randomness of our own, so that a seed gives the same bytes everywhere.
//!
//! Every value that decides output comes from whole-number arithmetic:
//! SplitMix64 streams, seeds derived from FNV-1a hashes of names, rates turned
//! into integer thresholds once, and skewed draws computed in fixed point.
//! Floating point appears only when a setting (a rate, a skew, a weight) is
//! turned into an integer, using IEEE operations that round the same way
//! natively and in WebAssembly; no `ln`, `exp` or `pow` from a math library.
//!
//! Seeds are derived per table (from the design seed and `system.table`), per
//! column (from the table seed and the column name) and per cell (from the
//! column seed and the row number), so adding a table or a column leaves the
//! values of the others as they were.

/// The SplitMix64 increment: 2^64 divided by the golden ratio.
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// Salt for the stream of row-level decisions (duplicates, late arrival).
const ROW_SALT: u64 = 0x5EED_0F0F_0A11_0C8A;

/// The SplitMix64 finalizer: a bijection that scrambles all 64 bits.
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The 64-bit FNV-1a hash of `bytes`: stable across versions and platforms.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xCBF2_9CE4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01B3);
    }
    hash
}

/// The seed of the table `qualified` (`system.table`) under `design_seed`.
pub(crate) fn table_seed(design_seed: u64, qualified: &str) -> u64 {
    mix64(design_seed ^ mix64(fnv1a(qualified.as_bytes())))
}

/// The seed of the column `name` in a table seeded with `table_seed`.
pub(crate) fn column_seed(table_seed: u64, name: &str) -> u64 {
    mix64(table_seed ^ mix64(fnv1a(name.as_bytes()).wrapping_add(GOLDEN)))
}

/// The seed of the row-level decisions of a table seeded with `table_seed`.
pub(crate) fn row_seed(table_seed: u64) -> u64 {
    mix64(table_seed ^ ROW_SALT)
}

/// The generator of one cell: row `row` of the column seeded `column_seed`.
pub(crate) fn cell(column_seed: u64, row: u64) -> Rng {
    Rng(mix64(
        column_seed.wrapping_add(row.wrapping_add(1).wrapping_mul(GOLDEN)),
    ))
}

/// A SplitMix64 stream (Steele, Lea and Flood, 2014).
#[derive(Clone, Debug)]
pub(crate) struct Rng(u64);

impl Rng {
    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        mix64(self.0)
    }

    /// A number in `0..n`, or 0 when `n` is 0.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `0..n` for `n` up to 2^64, or 0 when `n` is 0.
    pub(crate) fn below_wide(&mut self, n: u128) -> u128 {
        let n = n.min(1 << 64);
        (u128::from(self.next_u64()) * n) >> 64
    }

    /// One of `items`, or `""` when there are none.
    pub(crate) fn pick(&mut self, items: &[&'static str]) -> &'static str {
        let i = self.below(items.len() as u64) as usize;
        items.get(i).copied().unwrap_or("")
    }

    /// A number in `0..n` favouring small values: the cube of a uniform
    /// draw, so half the draws fall in the first eighth.
    pub(crate) fn below_near(&mut self, n: u64) -> u64 {
        let u = u128::from(self.next_u64());
        let square = (u * u) >> 64;
        let cube = ((square * u) >> 64) as u64;
        ((u128::from(cube) * u128::from(n)) >> 64) as u64
    }
}

/// A probability as an integer threshold on 53 random bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Rate(u64);

impl Rate {
    const ONE: f64 = 9_007_199_254_740_992.0; // 2^53

    /// The rate `p`, or `None` unless `0 <= p <= 1`.
    pub(crate) fn new(p: f64) -> Option<Rate> {
        (0.0..=1.0)
            .contains(&p)
            .then_some(Rate((p * Rate::ONE) as u64))
    }

    /// Whether this rate is zero.
    pub(crate) fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Whether the draw `bits` (64 random bits) falls under the rate.
    pub(crate) fn hit(self, bits: u64) -> bool {
        (bits >> 11) < self.0
    }
}

/// Draws ranks with a Zipf-like skew: the chance of `k` (counted from `k0`)
/// falls as `k^-skew`. Built once per column, drawn per cell.
///
/// The ranks are grouped in powers of two ("octaves"); each octave's weight
/// is its size times `2^(-skew × octave)`, computed in fixed point, and a draw
/// picks an octave by weight, then a rank in it uniformly. With skew 1 every
/// octave is equally likely, so rank 1 of 1,000 gets about a tenth of the
/// draws and the first fifth of the ranks about four fifths.
#[derive(Clone, Debug)]
pub(crate) struct Skewed {
    /// How many ranks.
    n: u128,
    /// Octaves as (first index, count, cumulative weight); empty for uniform.
    octaves: Vec<(u128, u128, u64)>,
    /// The sum of all weights.
    total: u64,
}

/// Skew in 1/65536 units, capped so fixed-point products cannot overflow.
pub(crate) fn skew_q16(skew: f64) -> Option<u32> {
    if !skew.is_finite() || skew < 0.0 {
        return None;
    }
    Some((skew.min(16.0) * 65_536.0) as u32)
}

/// `2^(-2^-i)` for i = 1..=16, in Q63 fixed point.
const NEG_EXP2_BITS: [u64; 16] = [
    0x5A82_7999_FCEF_3242,
    0x6BA2_7E65_6B4E_B57A,
    0x7560_6373_EE92_1C97,
    0x7A92_BE8A_9243_6616,
    0x7D41_D96D_B915_019D,
    0x7E9F_0606_7A43_60BA,
    0x7F4F_08AE_3DC7_C426,
    0x7FA7_65AC_A88F_6453,
    0x7FD3_AB29_0E46_D769,
    0x7FE9_D3A8_E07B_F086,
    0x7FF4_E959_7BED_93AB,
    0x7FFA_748D_FF8D_C61F,
    0x7FFD_3A3F_5002_0332,
    0x7FFE_9D1D_BC0A_75AA,
    0x7FFF_4E8E_6306_ED59,
    0x7FFF_A747_12C3_CDFD,
];

/// `2^(-x)` in Q56 fixed point, for `x` in Q16 fixed point.
fn neg_exp2_q56(x_q16: u64) -> u64 {
    let whole = x_q16 >> 16;
    if whole >= 56 {
        return 0;
    }
    let mut m: u64 = 1 << 63;
    for (i, factor) in NEG_EXP2_BITS.iter().enumerate() {
        if x_q16 & (1 << (15 - i)) != 0 {
            m = ((u128::from(m) * u128::from(*factor)) >> 63) as u64;
        }
    }
    (m >> 7) >> whole
}

impl Skewed {
    /// Ranks `0..n`, standing for the values `k0..k0 + n` (`k0` at least 1),
    /// skewed by `skew_q16` (see [`skew_q16`]); uniform when it is 0.
    pub(crate) fn new(n: u128, k0: u128, skew_q16: u32) -> Skewed {
        let n = n.min(1 << 64);
        let k0 = k0.max(1);
        if skew_q16 == 0 || n <= 1 {
            return Skewed {
                n,
                octaves: Vec::new(),
                total: 0,
            };
        }
        let last = k0.saturating_add(n - 1);
        let mut raw = Vec::new();
        let mut total: u128 = 0;
        let mut j = 127 - k0.leading_zeros();
        loop {
            let octave_lo = 1u128 << j;
            let octave_hi = if j >= 127 {
                u128::MAX
            } else {
                (1u128 << (j + 1)) - 1
            };
            let lo = octave_lo.max(k0);
            let hi = octave_hi.min(last);
            if lo > hi {
                break;
            }
            let count = hi - lo + 1;
            let weight = count.saturating_mul(u128::from(neg_exp2_q56(
                u64::from(skew_q16).saturating_mul(u64::from(j)),
            )));
            total = total.saturating_add(weight);
            raw.push((lo - k0, count, total));
            if hi == last || j >= 127 {
                break;
            }
            j += 1;
        }
        let shift = (128 - total.leading_zeros()).saturating_sub(62);
        let octaves = raw
            .into_iter()
            .map(|(first, count, cum)| (first, count, (cum >> shift) as u64))
            .collect();
        Skewed {
            n,
            octaves,
            total: (total >> shift) as u64,
        }
    }

    /// How many ranks there are.
    pub(crate) fn len(&self) -> u128 {
        self.n
    }

    /// A rank in `0..n` (0 when there are none).
    pub(crate) fn draw(&self, rng: &mut Rng) -> u128 {
        if self.octaves.is_empty() || self.total == 0 {
            return rng.below_wide(self.n);
        }
        let r = rng.below(self.total);
        let i = self.octaves.partition_point(|&(_, _, cum)| cum <= r);
        match self.octaves.get(i).or(self.octaves.last()) {
            Some(&(first, count, _)) => first + rng.below_wide(count),
            None => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_reference_vectors() {
        assert_eq!(fnv1a(b""), 0xCBF2_9CE4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xAF63_DC4C_8601_EC8C);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_F739_67E8);
    }

    #[test]
    fn splitmix_matches_the_reference_stream() {
        // The first outputs of SplitMix64 seeded with 0.
        let mut rng = Rng(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn neg_exp2_is_close_to_the_real_function() {
        assert_eq!(neg_exp2_q56(0), 1 << 56);
        assert_eq!(neg_exp2_q56(1 << 16), 1 << 55);
        let half = neg_exp2_q56(1 << 15) as f64 / (1u64 << 56) as f64;
        assert!((half - std::f64::consts::FRAC_1_SQRT_2).abs() < 1e-12);
        assert_eq!(neg_exp2_q56(56 << 16), 0);
    }

    #[test]
    fn skew_one_spreads_draws_evenly_over_octaves() {
        let dist = Skewed::new(1000, 1, 1 << 16);
        let mut rng = Rng(7);
        let mut first = 0;
        let mut top_fifth = 0;
        let draws = 100_000;
        for _ in 0..draws {
            let k = dist.draw(&mut rng);
            assert!(k < 1000);
            if k == 0 {
                first += 1;
            }
            if k < 200 {
                top_fifth += 1;
            }
        }
        // Ten octaves: rank 1 alone is one of them; the first 200 ranks are
        // about eight of them.
        assert!((8_000..12_000).contains(&first), "{first}");
        assert!((72_000..84_000).contains(&top_fifth), "{top_fifth}");
    }

    #[test]
    fn no_skew_is_uniform_and_ranks_stay_in_range() {
        let dist = Skewed::new(10, 5, 0);
        let mut rng = Rng(1);
        let mut seen = [0u32; 10];
        for _ in 0..10_000 {
            let k = dist.draw(&mut rng) as usize;
            seen[k] += 1;
        }
        assert!(seen.iter().all(|&c| (800..1200).contains(&c)), "{seen:?}");
        let wide = Skewed::new(1 << 64, 1, 3 << 16);
        for _ in 0..1000 {
            assert!(wide.draw(&mut rng) < 1 << 64);
        }
    }
}
