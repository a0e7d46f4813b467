//! HMAC-SHA-256 (RFC 2104) with the key's two padded blocks hashed once, when the key is
//! imported, instead of on every token: an HS256 token over small claims then costs three
//! SHA-256 blocks instead of five. The precomputed states are as secret as the key itself, so
//! they and every intermediate buffer live in `Zeroizing` and are wiped when dropped, which the
//! `hmac` crate does not do. HS384 and HS512 still use the `hmac` crate.
//!
//! The block function is `super::sha256::compress` (the `sha2` crate's `compress256`, or a
//! SIMD schedule in the wasm SIMD build); only the padding (FIPS 180-4 §5.1.1) is written
//! here. Checked against RFC 4231's vectors and the `hmac` crate in the tests below, and both
//! wasm builds against node:crypto in `tests/js/rsa.test.mjs`.

use super::sha256::compress;
use zeroize::{Zeroize, Zeroizing};

const BLOCK: usize = 64;

/// SHA-256's initial hash value (FIPS 180-4 §5.3.3).
const IV: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

/// An HMAC-SHA-256 key with its inner (`K ⊕ ipad`) and outer (`K ⊕ opad`) blocks absorbed.
#[derive(Clone)]
pub(crate) struct HmacSha256 {
    inner: Zeroizing<[u32; 8]>,
    outer: Zeroizing<[u32; 8]>,
}

impl HmacSha256 {
    pub(crate) fn new(key: &[u8]) -> Self {
        let mut block = Zeroizing::new([0u8; BLOCK]);
        if key.len() > BLOCK {
            // Keys longer than a block are hashed first (RFC 2104 §2); the tail holds key bytes.
            let mut state = Zeroizing::new(IV);
            let mut tail = Zeroizing::new([0u8; 2 * BLOCK]);
            let digest = Zeroizing::new(finish(&mut state, 0, key, &mut tail));
            copy_into(block.as_mut_slice(), digest.as_slice());
        } else {
            copy_into(block.as_mut_slice(), key);
        }
        let pad = |byte: u8| {
            let mut padded = Zeroizing::new(*block);
            padded.iter_mut().for_each(|b| *b ^= byte);
            let mut state = Zeroizing::new(IV);
            compress(&mut state, &padded);
            state
        };
        HmacSha256 {
            inner: pad(0x36),
            outer: pad(0x5c),
        }
    }

    /// The 32-byte tag of `message`. The running states are wiped; the padded tails hold only
    /// the message and the inner digest, and the inner digest is wiped from its tail.
    pub(crate) fn mac(&self, message: &[u8]) -> [u8; 32] {
        let mut tail = [0u8; 2 * BLOCK];
        let mut state = Zeroizing::new(*self.inner);
        let inner = Zeroizing::new(finish(&mut state, BLOCK, message, &mut tail));
        let mut state = Zeroizing::new(*self.outer);
        let tag = finish(&mut state, BLOCK, inner.as_slice(), &mut tail);
        if let Some(digest) = tail.get_mut(..inner.len()) {
            digest.zeroize();
        }
        tag
    }
}

#[inline(always)]
fn copy_into(target: &mut [u8], source: &[u8]) {
    target.iter_mut().zip(source).for_each(|(to, from)| *to = *from);
}

/// `compress` on a chunk from `chunks_exact(BLOCK)`, which always converts.
#[inline(always)]
fn absorb(state: &mut [u32; 8], block: &[u8]) {
    if let Ok(block) = block.try_into() {
        compress(state, block);
    }
}

/// Hashes `message` into `state`, which has already absorbed `absorbed` bytes in whole blocks,
/// pads (FIPS 180-4 §5.1.1) in `tail` and returns the digest.
fn finish(state: &mut [u32; 8], absorbed: usize, message: &[u8], tail: &mut [u8; 2 * BLOCK]) -> [u8; 32] {
    let mut blocks = message.chunks_exact(BLOCK);
    for block in blocks.by_ref() {
        absorb(state, block);
    }
    let rest = blocks.remainder();
    // The rest, the 0x80 byte and the 64-bit length fit in one block if the rest is under 56
    // bytes, else in two. (rest < 64 ≤ end, so the splits below always succeed.)
    let end = if rest.len() < BLOCK - 8 { BLOCK } else { 2 * BLOCK };
    let bits = ((absorbed + message.len()) as u64).wrapping_mul(8).to_be_bytes();
    let (padded, _) = tail.split_at_mut(end);
    padded.fill(0);
    if let Some((data, pad)) = padded.split_at_mut_checked(rest.len()) {
        data.copy_from_slice(rest);
        if let Some(first) = pad.first_mut() {
            *first = 0x80;
        }
        if let Some((_, length)) = pad.split_last_chunk_mut::<8>() {
            *length = bits;
        }
    }
    for block in padded.chunks_exact(BLOCK) {
        absorb(state, block);
    }
    let mut digest = [0u8; 32];
    for (bytes, word) in digest.chunks_exact_mut(4).zip(state.iter()) {
        copy_into(bytes, &word.to_be_bytes());
    }
    digest
}

#[cfg(test)]
mod tests {
    use super::HmacSha256;
    use hmac::{Hmac, Mac};
    use proptest::prelude::*;
    use sha2::Sha256;

    fn hex(text: &str) -> Vec<u8> {
        base16ct::mixed::decode_vec(text).unwrap()
    }

    /// RFC 4231 §4.2–4.8 (case 5's truncated tag is checked on its first 16 bytes).
    #[test]
    fn rfc4231_vectors() {
        let long_key = vec![0xaa; 131];
        let cases: [(Vec<u8>, Vec<u8>, &str); 7] = [
            (vec![0x0b; 20], b"Hi There".to_vec(), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            (b"Jefe".to_vec(), b"what do ya want for nothing?".to_vec(), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            (vec![0xaa; 20], vec![0xdd; 50], "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
            (hex("0102030405060708090a0b0c0d0e0f10111213141516171819"), vec![0xcd; 50], "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
            (vec![0x0c; 20], b"Test With Truncation".to_vec(), "a3b6167473100ee06e0c796c2955552b"),
            (long_key.clone(), b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
            (long_key, b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".to_vec(), "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
        ];
        for (key, message, expected) in cases {
            let tag = HmacSha256::new(&key).mac(&message);
            let expected = hex(expected);
            assert_eq!(&tag[..expected.len()], expected.as_slice());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]
        /// Every key and message length around the block and padding edges, against the `hmac` crate.
        #[test]
        fn same_tag_as_the_hmac_crate(key in proptest::collection::vec(any::<u8>(), 0..200),
                                      message in proptest::collection::vec(any::<u8>(), 0..300)) {
            let mut reference = Hmac::<Sha256>::new_from_slice(&key).unwrap();
            reference.update(&message);
            let expected = reference.finalize().into_bytes();
            let tag = HmacSha256::new(&key).mac(&message);
            prop_assert_eq!(tag.as_slice(), expected.as_slice());
        }
    }

    #[test]
    fn every_message_length_at_the_padding_edges() {
        let key = HmacSha256::new(b"k");
        for length in 0..=200 {
            let message = vec![0x61; length];
            let mut reference = Hmac::<Sha256>::new_from_slice(b"k").unwrap();
            reference.update(&message);
            let expected = reference.finalize().into_bytes();
            assert_eq!(
                key.mac(&message).as_slice(),
                expected.as_slice(),
                "length {length}"
            );
        }
    }
}
