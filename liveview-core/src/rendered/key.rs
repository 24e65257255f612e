//! [`key_hash`]: what a keyed comprehension entry stores of its key, and [`mix`], which the
//! diff's key index applies on top.

use std::hash::{Hash, Hasher};

/// The stored key hash of an unkeyed entry; [`key_hash`] never returns it.
pub(super) const NO_KEY: u64 = 0;

/// Hashes a comprehension key (never to 0, which marks an unkeyed entry).
///
/// A fast non-cryptographic hash: collisions only cost efficiency, never correctness, because
/// a diff for a moved entry is always computed against the entry it was moved from.
pub fn key_hash<K: Hash + ?Sized>(key: &K) -> u64 {
    let mut h = KeyHasher(0);
    key.hash(&mut h);
    match h.finish() {
        NO_KEY => 1,
        k => k,
    }
}

/// Multiply-rotate over 8-byte words (one multiplication per integer key: a key is hashed on
/// every render of every row). Distinct integers up to 64 bits map to distinct hashes (but for
/// 0, stored as 1 because 0 marks an unkeyed entry); the diff's key index mixes the
/// bits further before using them as a table hash.
struct KeyHasher(u64);

impl KeyHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for KeyHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            // The length goes in the (otherwise zero) top byte: "a" and "a\0" differ.
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 56));
        }
    }
    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    #[inline]
    fn write_u16(&mut self, n: u16) {
        self.add(u64::from(n));
    }
    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// The MurmurHash3 64-bit finalizer: every output bit depends on every input bit.
pub(crate) fn mix(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}
