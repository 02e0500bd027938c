//! FNV-1a, 64 bits: stable fingerprints of bytes, the same on every
//! machine and Rust release (the standard library's hasher may change),
//! for file names and versions of the search index and for recognising
//! files an import wrote.

#[derive(Clone, Copy)]
pub struct Fnv(pub u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    pub fn feed(self, data: impl AsRef<[u8]>) -> Self {
        Fnv(data.as_ref().iter().fold(self.0, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        }))
    }

    /// The hash of `data`.
    pub fn of(data: impl AsRef<[u8]>) -> u64 {
        Fnv::default().feed(data).0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        assert_eq!(Fnv::of(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(Fnv::of("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(Fnv::default().feed("a").feed("b").0, Fnv::of("ab"));
    }
}
