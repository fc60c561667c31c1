//! General English word vectors: GloVe's 100-dimensional vectors (Wikipedia + Gigaword) for
//! the common lower-case words of `text/data/english-words.txt`, so that a question in other words
//! ("purchase", "soldiers") can still be matched to a sentence ("bought", "troops") by how
//! close their words' meanings are.
//!
//! The data is `data/glove-vectors.bin`, compiled at development time by
//! `tools/compile-vectors.py` (format there) and embedded in the binary; nothing is read or
//! downloaded at run time. The first look-up hashes the embedded word list (about a
//! millisecond, once per process); nothing else is built or allocated.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// Dimensions of every vector.
pub const DIMS: usize = 100;

/// A unit-length word vector.
pub type Vector = [f32; DIMS];

const DATA: &[u8] = include_bytes!("data/glove-vectors.bin");
const MAGIC: &[u8; 8] = b"FBVEC1\0\0";

/// Where each part of the embedded file starts.
struct Layout {
    count: usize,
    offsets: usize,
    words: usize,
    vectors: usize,
}

fn u32_at(at: usize) -> Option<usize> {
    let bytes = DATA.get(at..at + 4)?;
    Some(u32::from_le_bytes(bytes.try_into().ok()?) as usize)
}

/// The file's layout, checked once; None (no vectors) if the embedded file is malformed,
/// which a unit test rules out.
fn layout() -> Option<&'static Layout> {
    static LAYOUT: OnceLock<Option<Layout>> = OnceLock::new();
    LAYOUT
        .get_or_init(|| {
            if DATA.get(..8)? != MAGIC || u32_at(12)? != DIMS {
                return None;
            }
            let count = u32_at(8)?;
            let offsets = 16;
            let words = offsets + 4 * (count + 1);
            let vectors = words + u32_at(offsets + 4 * count)?;
            (DATA.len() == vectors + count * DIMS).then_some(Layout {
                count,
                offsets,
                words,
                vectors,
            })
        })
        .as_ref()
}

fn word_at(l: &Layout, i: usize) -> &'static [u8] {
    let (Some(from), Some(to)) = (u32_at(l.offsets + 4 * i), u32_at(l.offsets + 4 * i + 4)) else {
        return &[];
    };
    DATA.get(l.words + from..l.words + to).unwrap_or(&[])
}

/// The embedded words and their positions, by word: a question's words are looked up one by
/// one, and a binary search over 37,000 words (16 string comparisons, mostly cache misses)
/// cost more than building this once.
fn positions() -> Option<&'static FxHashMap<&'static [u8], u32>> {
    static MAP: OnceLock<Option<FxHashMap<&'static [u8], u32>>> = OnceLock::new();
    MAP.get_or_init(|| {
        let l = layout()?;
        let mut map = FxHashMap::default();
        map.reserve(l.count);
        for i in 0..l.count {
            // The file's words are unique (a unit test checks), so each has one position.
            map.insert(word_at(l, i), u32::try_from(i).ok()?);
        }
        Some(map)
    })
    .as_ref()
}

/// The unit vector of a lower-case word, if the word has one.
pub fn get(word: &str) -> Option<Vector> {
    let l = layout()?;
    let at = *positions()?.get(word.as_bytes())? as usize;
    let at = l.vectors + at * DIMS;
    let raw = DATA.get(at..at + DIMS)?;
    let mut v = [0f32; DIMS];
    for (x, &b) in v.iter_mut().zip(raw) {
        *x = f32::from(b as i8);
    }
    normalized(v)
}

/// `v` scaled to unit length; None for the zero vector.
pub fn normalized(mut v: Vector) -> Option<Vector> {
    let norm = dot(&v, &v).sqrt();
    if norm <= f32::EPSILON {
        return None;
    }
    v.iter_mut().for_each(|x| *x /= norm);
    Some(v)
}

/// The dot product, which for unit vectors is their cosine similarity.
pub fn dot(a: &Vector, b: &Vector) -> f32 {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx") {
        // SAFETY: `dot_avx` needs nothing but AVX, which this CPU has just been seen to support.
        return unsafe { dot_avx(a, b) };
    }
    dot_lanes(a, b)
}

/// [`dot_lanes`] compiled for AVX: its eight sums fit one 256-bit register instead of two
/// 128-bit ones, half the instructions of the baseline x86-64 build. The sums and their order
/// are the same, so the result is the same to the bit (no fused multiply-add, which would
/// round differently).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
unsafe fn dot_avx(a: &Vector, b: &Vector) -> f32 {
    dot_lanes(a, b)
}

#[inline(always)]
fn dot_lanes(a: &Vector, b: &Vector) -> f32 {
    // Eight independent sums let the compiler keep them in vector registers.
    let mut acc = [0f32; 8];
    for (ca, cb) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        for k in 0..8 {
            acc[k] += ca[k] * cb[k];
        }
    }
    let tail: f32 = a[DIMS / 8 * 8..]
        .iter()
        .zip(&b[DIMS / 8 * 8..])
        .map(|(x, y)| x * y)
        .sum();
    acc.iter().sum::<f32>() + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cos(a: &str, b: &str) -> f32 {
        dot(&get(a).expect(a), &get(b).expect(b))
    }

    #[test]
    fn the_avx_build_gives_the_baseline_build_s_dot_product_to_the_bit() {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx") {
            let words = [
                "troops", "soldiers", "purchase", "bought", "weather", "lawsuit",
            ];
            for a in words {
                for b in words {
                    let (a, b) = (get(a).expect(a), get(b).expect(b));
                    // SAFETY: AVX was just seen to be supported.
                    let avx = unsafe { dot_avx(&a, &b) };
                    assert_eq!(avx.to_bits(), dot_lanes(&a, &b).to_bits());
                }
            }
            return;
        }
        eprintln!("skipped: this CPU has no AVX, so there is no AVX build to compare");
    }

    #[test]
    fn the_embedded_file_is_well_formed() {
        let l = layout().expect("layout");
        assert!(l.count > 30_000, "{}", l.count);
        // Sorted, so unique: each word has one position.
        for i in 1..l.count {
            assert!(word_at(l, i - 1) < word_at(l, i));
        }
    }

    #[test]
    fn related_words_are_closer_than_unrelated_ones() {
        assert!(cos("troops", "soldiers") > 0.6);
        assert!(cos("purchase", "bought") > cos("purchase", "weather"));
        assert!(cos("lawsuit", "sued") > 0.5);
        assert!(cos("doctor", "stock").abs() < 0.3);
        assert!((cos("troops", "troops") - 1.0).abs() < 1e-4);
    }

    #[test]
    fn names_and_unknown_words_have_no_vector() {
        assert!(get("Iraq").is_none());
        assert!(get("xqzv").is_none());
        assert!(get("").is_none());
    }
}
