//! RSA signatures (RFC 7518 §3.3 RSASSA-PKCS1-v1_5, §3.5 RSASSA-PSS with MGF1 of the same hash
//! and a salt as long as the hash), with jwtmint's own RSA private-key operation, tuned for WebAssembly (see DESIGN.md, "The RSA
//! signer"): Montgomery arithmetic on 28-bit limbs, CRT with precomputed values, fixed-window
//! exponentiation with masked table lookups, base blinding with fresh randomness for every
//! signature (its inverse by a blinded safegcd), and a check of every signature with the public
//! exponent before it is returned.
//!
//! The `rsa` crate parses and validates keys and stays the reference implementation: the
//! differential tests below require byte-identical signatures, and the `reference-rsa` cargo
//! feature signs with it instead.

// With `reference-rsa` the signer is unused outside the differential tests.
#![cfg_attr(feature = "reference-rsa", allow(dead_code))]

mod check;
mod inverse;
mod jws;
mod mont;

pub(crate) use jws::{sign, verify};

pub(crate) use check::{bit_length, check, Member, Numbers, Problem};

use crate::alg::{Family, Hash};
use inverse::Inverter;
use mont::{add_into, from_be_bytes, mul_plain, to_be_bytes, Limbs, Modulus};
use zeroize::Zeroizing;

/// Why the fast path did not produce a signature.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The system random source failed.
    Random,
    /// The computed signature did not verify; nothing was released.
    Fault,
    /// The key's numbers are unusable (even primes, modulus too small for the padding).
    Key,
}

/// A public key: the modulus with its Montgomery constants and the exponent.
#[derive(Clone)]
pub(crate) struct PublicKey {
    n: Modulus,
    e: Vec<u32>,
    /// The modulus length in bytes, which is the signature length.
    k: usize,
    /// The modulus again, for the blinding's inversion.
    inverter: Inverter,
}

impl PublicKey {
    /// From big-endian modulus and exponent bytes.
    pub(crate) fn new(modulus: &[u8], e: &[u8]) -> Option<PublicKey> {
        let n = Modulus::new(modulus)?;
        let k = n.bits().div_ceil(8);
        let e = from_be_bytes(e, mont::limbs_for(e)).to_vec();
        if e.iter().all(|&limb| limb == 0) {
            return None;
        }
        let inverter = Inverter::new(n.value(), mont::BITS as u32);
        Some(PublicKey { n, e, k, inverter })
    }

    /// `s^e mod n` as `k` bytes, or `None` when `s` is not below `n`.
    fn raw(&self, signature: &[u8]) -> Option<Vec<u8>> {
        if signature.len() != self.k {
            return None;
        }
        let limbs = self.n.limbs();
        let s = from_be_bytes(signature, limbs);
        if !mont::less_than(&s, self.n.value()) {
            return None;
        }
        let mut scratch = self.n.scratch();
        let base = self.n.to_mont(&s, &mut scratch);
        let power = self.n.pow_public(&base, &self.e);
        let plain = self.n.to_plain(&power, &mut scratch);
        Some(to_be_bytes(&plain, self.k))
    }

    /// Verifies an RSASSA-PKCS1-v1_5 or RSASSA-PSS signature over the message digest `hashed`.
    pub(crate) fn verify(&self, family: Family, hash: Hash, hashed: &[u8], signature: &[u8]) -> bool {
        let Some(encoded) = self.raw(signature) else {
            return false;
        };
        match family {
            Family::RsaPss => pss_verify(hash, hashed, &encoded, self.n.bits() - 1),
            _ => match pkcs1_encode(hash, hashed, self.k) {
                Some(expected) => {
                    subtle::ConstantTimeEq::ct_eq(expected.as_slice(), encoded.as_slice()).into()
                }
                None => false,
            },
        }
    }
}

/// One prime with what the CRT needs: its Montgomery constants and `d mod (p−1)`.
#[derive(Clone)]
struct Prime {
    p: Modulus,
    d: Limbs,
}

impl Prime {
    fn new(p: &[u8], d: &[u8]) -> Option<Prime> {
        let p = Modulus::new(p)?;
        let d = from_be_bytes(d, p.limbs());
        Some(Prime { p, d })
    }

    /// `c^d mod p` for `c` (any length), blinded by the signature's pair (r, r⁻¹ mod n), both
    /// plain: computes `(c·r^e)^d · r⁻¹ = c^d · r · r⁻¹`, so the base the secret exponent meets
    /// is random.
    fn exp_blinded(&self, c: &[u32], e: &[u32], blinding: &Blinding) -> Limbs {
        let mut scratch = self.p.scratch();
        let r = self.p.reduce(&blinding.r, &mut scratch);
        let r_e = self.p.pow_public(&r, e);
        let base = self.p.reduce(c, &mut scratch);
        let mut blinded = self.p.zero();
        self.p.mul(&mut blinded, &base, &r_e, &mut scratch);
        let result = self.p.pow_secret(&blinded, &self.d, &mut scratch);
        let r_inverse = self.p.reduce(&blinding.r_inverse, &mut scratch);
        let mut unblinded = self.p.zero();
        self.p.mul(&mut unblinded, &result, &r_inverse, &mut scratch);
        self.p.to_plain(&unblinded, &mut scratch)
    }
}

/// One signature's blinding pair: a fresh random r mod n and r⁻¹ mod n, plain, wiped when
/// dropped.
struct Blinding {
    r: Limbs,
    r_inverse: Limbs,
}

impl Blinding {
    /// Draws r and a second random u, and inverts r as `u·(r·u)⁻¹` (BoringSSL's blinded
    /// inversion): `r·u` is uniform and independent of r, so the variable-time safegcd
    /// (`inverse.rs`) that inverts it (modulo the public n) learns nothing about r. Fermat's
    /// inversion modulo each prime cost a further 1,024-bit exponentiation (about 18% of a
    /// signature); this costs one gcd (DESIGN.md, "Blinding").
    fn new(public: &PublicKey) -> Result<Blinding, Failure> {
        let n = &public.n;
        let limbs = n.limbs();
        let mut scratch = n.scratch();
        let mut random = || -> Result<Limbs, Failure> {
            // 84 random bits more than n has make the value's distribution mod n uniform to
            // within 2^-84.
            let mut bytes = Zeroizing::new(vec![0u8; public.k + 11]);
            getrandom::getrandom(&mut bytes).map_err(|_| Failure::Random)?;
            Ok(n.reduce(&from_be_bytes(&bytes, limbs + 4), &mut scratch))
        };
        let r = random()?;
        let u = random()?;
        let mut product = n.zero();
        n.mul(&mut product, &r, &u, &mut scratch);
        let product = n.to_plain(&product, &mut scratch);
        // Not secret: r·u alone says nothing of r. Zero (or sharing a factor with n) has
        // probability 2^-1000; then there is no inverse and the signature fails as unlucky.
        let inverse = public
            .inverter
            .invert(&product, mont::BITS as u32, limbs)
            .ok_or(Failure::Random)?;
        // u in Montgomery form times (r·u)⁻¹ plain is u·(r·u)⁻¹ = r⁻¹, plain.
        let mut r_inverse = n.zero();
        n.mul(&mut r_inverse, &u, &inverse, &mut scratch);
        let r = n.to_plain(&r, &mut scratch);
        Ok(Blinding { r, r_inverse })
    }
}

/// A private key ready for the CRT: `s = m_q + q·(q⁻¹·(m_p − m_q) mod p)` (Garner).
#[derive(Clone)]
pub(crate) struct PrivateKey {
    public: PublicKey,
    p: Prime,
    q: Prime,
    /// q⁻¹ mod p, in plain form.
    q_inverse: Limbs,
}

/// The big-endian numbers of an RSA private key, wiped when dropped.
pub(crate) struct Components {
    pub n: Zeroizing<Vec<u8>>,
    pub e: Zeroizing<Vec<u8>>,
    pub p: Zeroizing<Vec<u8>>,
    pub q: Zeroizing<Vec<u8>>,
    pub dp: Zeroizing<Vec<u8>>,
    pub dq: Zeroizing<Vec<u8>>,
    pub q_inverse: Zeroizing<Vec<u8>>,
}

impl PrivateKey {
    /// From a key the `rsa` crate has already parsed and validated.
    pub(crate) fn new(parts: &Components) -> Option<PrivateKey> {
        let public = PublicKey::new(&parts.n, &parts.e)?;
        let p = Prime::new(&parts.p, &parts.dp)?;
        let q = Prime::new(&parts.q, &parts.dq)?;
        let q_inverse = from_be_bytes(&parts.q_inverse, p.p.limbs());
        Some(PrivateKey {
            public,
            p,
            q,
            q_inverse,
        })
    }

    /// The public half, for verifying.
    pub(crate) fn public(&self) -> &PublicKey {
        &self.public
    }

    /// `m^d mod n` for the encoded message `m < n` (k bytes).
    fn raw(&self, message: &[u8]) -> Result<Vec<u8>, Failure> {
        let c = from_be_bytes(message, self.public.n.limbs());
        let e = &self.public.e;
        let blinding = Blinding::new(&self.public)?;
        let m_p = self.p.exp_blinded(&c, e, &blinding);
        let m_q = self.q.exp_blinded(&c, e, &blinding);
        // h = q⁻¹·(m_p − m_q) mod p, in Montgomery form for the subtraction: m_q may exceed p.
        let modulus = &self.p.p;
        let mut scratch = modulus.scratch();
        // m_p is already below p: one multiplication by R² converts it; m_q needs reducing.
        let m_p_mont = modulus.to_mont(&m_p, &mut scratch);
        let m_q_mont = modulus.reduce(&m_q, &mut scratch);
        let mut difference = Zeroizing::new(vec![0u32; modulus.limbs()]);
        modulus.sub(&mut difference, &m_p_mont, &m_q_mont);
        let mut h = Zeroizing::new(vec![0u32; modulus.limbs()]);
        modulus.mul(&mut h, &difference, &self.q_inverse, &mut scratch);
        let mut s = mul_plain(&h, self.q.p.value());
        add_into(&mut s, &m_q);
        Ok(to_be_bytes(&s, self.public.k))
    }

    /// Signs the digest `hashed` with RSASSA-PKCS1-v1_5 or RSASSA-PSS (salt as long as the hash)
    /// and returns the signature only after `s^e mod n` gave back exactly the encoded message.
    pub(crate) fn sign(&self, family: Family, hash: Hash, hashed: &[u8]) -> Result<Vec<u8>, Failure> {
        let k = self.public.k;
        let encoded = match family {
            Family::RsaPss => {
                let mut salt = vec![0u8; hash.len()];
                getrandom::getrandom(&mut salt).map_err(|_| Failure::Random)?;
                pss_encode(hash, hashed, &salt, self.public.n.bits() - 1)
            }
            _ => pkcs1_encode(hash, hashed, k),
        }
        .ok_or(Failure::Key)?;
        let mut message = vec![0u8; k - encoded.len()];
        message.extend_from_slice(&encoded);
        let signature = self.raw(&message)?;
        if self.public.raw(&signature).as_deref() != Some(message.as_slice()) {
            return Err(Failure::Fault);
        }
        Ok(signature)
    }
}

/// The DER `DigestInfo` prefix of each hash (RFC 8017 §9.2, note 1).
fn digest_info_prefix(hash: Hash) -> &'static [u8] {
    match hash {
        Hash::Sha256 => &[
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
            0x00, 0x04, 0x20,
        ],
        Hash::Sha384 => &[
            0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05,
            0x00, 0x04, 0x30,
        ],
        Hash::Sha512 => &[
            0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05,
            0x00, 0x04, 0x40,
        ],
    }
}

/// EMSA-PKCS1-v1_5 (RFC 8017 §9.2): `00 01 FF…FF 00 DigestInfo`, `k` bytes.
fn pkcs1_encode(hash: Hash, hashed: &[u8], k: usize) -> Option<Vec<u8>> {
    let prefix = digest_info_prefix(hash);
    let t_len = prefix.len() + hashed.len();
    if hashed.len() != hash.len() || k < t_len + 11 {
        return None;
    }
    let mut encoded = Vec::with_capacity(k);
    encoded.extend_from_slice(&[0x00, 0x01]);
    encoded.resize(k - t_len - 1, 0xff);
    encoded.push(0x00);
    encoded.extend_from_slice(prefix);
    encoded.extend_from_slice(hashed);
    Some(encoded)
}

/// MGF1 (RFC 8017 §B.2.1) XORed into `out`.
fn mgf1_xor(hash: Hash, seed: &[u8], out: &mut [u8]) {
    for (counter, block) in out.chunks_mut(hash.len()).enumerate() {
        let mut input = seed.to_vec();
        input.extend_from_slice(&(counter as u32).to_be_bytes());
        for (byte, mask) in block.iter_mut().zip(hash.digest(&input)) {
            *byte ^= mask;
        }
    }
}

/// The top-byte mask that clears the bits above `em_bits`.
fn top_mask(em_len: usize, em_bits: usize) -> u8 {
    0xffu8 >> (8 * em_len - em_bits)
}

/// `H(00×8 ‖ mHash ‖ salt)`.
fn pss_hash(hash: Hash, hashed: &[u8], salt: &[u8]) -> Vec<u8> {
    let mut input = vec![0u8; 8];
    input.extend_from_slice(hashed);
    input.extend_from_slice(salt);
    hash.digest(&input)
}

/// EMSA-PSS-ENCODE (RFC 8017 §9.1.1) with MGF1 of the same hash; `ceil(em_bits/8)` bytes.
fn pss_encode(hash: Hash, hashed: &[u8], salt: &[u8], em_bits: usize) -> Option<Vec<u8>> {
    let h_len = hash.len();
    let em_len = em_bits.div_ceil(8);
    if hashed.len() != h_len || em_len < h_len + salt.len() + 2 {
        return None;
    }
    let h = pss_hash(hash, hashed, salt);
    let mut db = vec![0u8; em_len - h_len - 1];
    let one = db.len() - salt.len() - 1;
    db.get_mut(one).map(|byte| *byte = 0x01)?;
    db.get_mut(one + 1..)?.copy_from_slice(salt);
    mgf1_xor(hash, &h, &mut db);
    *db.first_mut()? &= top_mask(em_len, em_bits);
    db.extend_from_slice(&h);
    db.push(0xbc);
    Some(db)
}

/// EMSA-PSS-VERIFY (RFC 8017 §9.1.2) with a salt as long as the hash. `encoded` is `k` bytes;
/// the message representative is its last `ceil(em_bits/8)`.
fn pss_verify(hash: Hash, hashed: &[u8], encoded: &[u8], em_bits: usize) -> bool {
    let h_len = hash.len();
    let em_len = em_bits.div_ceil(8);
    let Some(skip) = encoded.len().checked_sub(em_len) else {
        return false;
    };
    let (leading, em) = encoded.split_at(skip);
    if leading.iter().any(|&byte| byte != 0) || em_len < 2 * h_len + 2 || em.last() != Some(&0xbc) {
        return false;
    }
    let (masked, rest) = em.split_at(em_len - h_len - 1);
    let h = rest.get(..h_len).unwrap_or_default();
    let mask = top_mask(em_len, em_bits);
    if masked.first().is_some_and(|&byte| byte & !mask != 0) {
        return false;
    }
    let mut db = masked.to_vec();
    mgf1_xor(hash, h, &mut db);
    if let Some(first) = db.first_mut() {
        *first &= mask;
    }
    let padding = db.len() - h_len - 1;
    let (zeros, tail) = db.split_at(padding);
    let (marker, salt) = tail.split_at(1);
    zeros.iter().all(|&byte| byte == 0) && marker == [0x01] && pss_hash(hash, hashed, salt) == h
}

#[cfg(test)]
mod tests;
