//! RFC 6979 §3.2: the deterministic nonce k of ECDSA, HMAC-DRBG of the private key and the
//! message hash, with the HMAC of the curve's own hash.
//!
//! Ours rather than the `rfc6979` crate because that crate is generic over the digest-0.11
//! traits, so it brought a second SHA-2 and HMAC (sha2 0.11, hmac 0.13) into the wasm next to the
//! ones jwtmint already has (sha2 0.10, hmac 0.12); this is 60 lines on those. It is tested
//! against RFC 6979's vectors (`tests/ec.rs`) and against the `ecdsa` crate's own deterministic
//! signer, which uses the `rfc6979` crate (the unit test below).

use crate::alg::Hash;
use hmac::{Mac, SimpleHmac};
use sha2::{Sha256, Sha384, Sha512};
use zeroize::Zeroizing;

/// HMAC with the curve's hash, keyed once per step of the DRBG.
fn hmac(hash: Hash, key: &[u8], parts: &[&[u8]]) -> Zeroizing<Vec<u8>> {
    fn run<M: Mac + hmac::digest::KeyInit>(key: &[u8], parts: &[&[u8]]) -> Zeroizing<Vec<u8>> {
        // Every key length is valid for HMAC.
        let Ok(mut mac) = <M as hmac::digest::KeyInit>::new_from_slice(key) else {
            return Zeroizing::new(Vec::new());
        };
        for part in parts {
            mac.update(part);
        }
        Zeroizing::new(mac.finalize().into_bytes().to_vec())
    }
    match hash {
        Hash::Sha256 => run::<SimpleHmac<Sha256>>(key, parts),
        Hash::Sha384 => run::<SimpleHmac<Sha384>>(key, parts),
        Hash::Sha512 => run::<SimpleHmac<Sha512>>(key, parts),
    }
}

/// `a - b` for big-endian numbers of the same length, when `a >= b`.
fn subtract(a: &mut [u8], b: &[u8]) {
    let mut borrow = 0u16;
    for (x, y) in a.iter_mut().rev().zip(b.iter().rev()) {
        let difference = u16::from(*x).wrapping_sub(u16::from(*y)).wrapping_sub(borrow);
        *x = difference as u8;
        borrow = (difference >> 8) & 1;
    }
}

/// The candidates for k, in order (RFC 6979 §3.2 steps b–h), for the private key `x` (the
/// curve's size in bytes), the hash `h1` and the group order `q` (`qlen` bits, big-endian in
/// `x.len()` bytes). The caller takes the first candidate in [1, q−1] (`next` is called again
/// only for one that is not, which for these curves happens with probability below 2^-32).
pub(crate) struct Nonces {
    hash: Hash,
    k: Zeroizing<Vec<u8>>,
    v: Zeroizing<Vec<u8>>,
    size: usize,
    qlen: usize,
    started: bool,
}

impl Nonces {
    pub(crate) fn new(hash: Hash, x: &[u8], h1: &[u8], q: &[u8], qlen: usize) -> Nonces {
        let size = x.len();
        // bits2octets(h1): bits2int (the hash is never longer than the order here, so it is the
        // hash's value), reduced mod q once (it is below 2^qlen < 2q), as `size` bytes.
        let mut z = Zeroizing::new(vec![0u8; size]);
        let start = size.saturating_sub(h1.len());
        if let Some(tail) = z.get_mut(start..) {
            tail.copy_from_slice(h1.get(..size - start).unwrap_or_default());
        }
        if z.as_slice() >= q {
            subtract(&mut z, q);
        }
        let hlen = hash.len();
        let v = vec![1u8; hlen];
        let k = hmac(hash, &vec![0u8; hlen], &[&v, &[0], x, &z]);
        let v = hmac(hash, &k, &[&v]);
        let k = hmac(hash, &k, &[&v, &[1], x, &z]);
        let v = hmac(hash, &k, &[&v]);
        Nonces {
            hash,
            k,
            v,
            size,
            qlen,
            started: false,
        }
    }

    /// The next candidate, `size` bytes big-endian: bits2int of qlen bits of DRBG output.
    pub(crate) fn next(&mut self) -> Zeroizing<Vec<u8>> {
        if self.started {
            self.k = hmac(self.hash, &self.k, &[&self.v, &[0]]);
            self.v = hmac(self.hash, &self.k, &[&self.v]);
        }
        self.started = true;
        let mut t = Zeroizing::new(Vec::with_capacity(self.size + self.hash.len()));
        while t.len() < self.size {
            self.v = hmac(self.hash, &self.k, &[&self.v]);
            t.extend_from_slice(&self.v);
        }
        t.truncate(self.size);
        // The leftmost qlen bits: shift the first `size` bytes right by size·8 − qlen bits.
        let shift = self.size * 8 - self.qlen;
        if shift > 0 {
            let mut carry = 0u8;
            for byte in t.iter_mut() {
                let next = *byte << (8 - shift);
                *byte = (*byte >> shift) | carry;
                carry = next;
            }
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_borrow_of_a_subtraction_runs_through() {
        let mut a = [1u8, 0, 0];
        subtract(&mut a, &[0, 0, 1]);
        assert_eq!(a, [0, 0xff, 0xff]);
    }
}
