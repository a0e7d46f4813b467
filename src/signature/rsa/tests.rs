//! The fast path against independent implementations: the `rsa` crate (num-bigint-dig) for the
//! arithmetic and for whole signatures, and the `openssl` command line.
//!
//! RSASSA-PKCS1-v1_5 is deterministic, so signatures must be byte-identical. The differential
//! run covers 20 keys (2048 to 4096 bits, including 2049-, 2056- and 3000-bit moduli whose
//! primes do not fill their top limb) × 51 messages = 1,020 pairs with a fixed seed. For a longer
//! run: `JWTMINT_DIFF_ROUNDS=100 cargo test --release signature::rsa` (51 × 100 messages per key).

use super::mont::{from_be_bytes, to_be_bytes, Modulus};
use super::*;
use crate::key::{ImportOptions, Key, Material, RsaPrivate};
use rsa::traits::PublicKeyParts;
use rsa::BigUint;
use sha2::{Sha256, Sha384, Sha512};
use std::path::PathBuf;

/// xorshift64*: a fixed-seed generator so every run checks the same pairs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

/// Each fixture key as jwtmint reads it and as the `rsa` crate reads it (its own PKCS#8 parser).
fn keys() -> Vec<(PathBuf, Box<RsaPrivate>, rsa::RsaPrivateKey)> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/keys/diff"));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "pem"))
        .collect();
    paths.sort();
    assert_eq!(paths.len(), 20, "the fixture keys in {}", dir.display());
    paths
        .into_iter()
        .map(|path| {
            let pem = std::fs::read_to_string(&path).unwrap();
            let key = Key::from_text(&pem, &ImportOptions::default()).unwrap();
            let Material::RsaPrivate(private) = key.material() else {
                panic!("{} is not a private key", path.display())
            };
            let reference = rsa::pkcs8::DecodePrivateKey::from_pkcs8_pem(&pem).unwrap();
            (path, private.clone(), reference)
        })
        .collect()
}

const HASHES: [Hash; 3] = [Hash::Sha256, Hash::Sha384, Hash::Sha512];

fn reference_pkcs1(hash: Hash) -> rsa::Pkcs1v15Sign {
    match hash {
        Hash::Sha256 => rsa::Pkcs1v15Sign::new::<Sha256>(),
        Hash::Sha384 => rsa::Pkcs1v15Sign::new::<Sha384>(),
        Hash::Sha512 => rsa::Pkcs1v15Sign::new::<Sha512>(),
    }
}

fn reference_pss(hash: Hash) -> rsa::Pss {
    match hash {
        Hash::Sha256 => rsa::Pss::new_with_salt::<Sha256>(32),
        Hash::Sha384 => rsa::Pss::new_with_salt::<Sha384>(48),
        Hash::Sha512 => rsa::Pss::new_with_salt::<Sha512>(64),
    }
}

#[test]
fn pkcs1_signatures_are_byte_identical_to_the_rsa_crate() {
    let rounds: usize = std::env::var("JWTMINT_DIFF_ROUNDS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(1);
    let mut rng = Rng(0x6a77_746d_696e_7401);
    let mut pairs = 0;
    let mut bits_seen = std::collections::BTreeSet::new();
    for (path, private, reference_key) in keys() {
        bits_seen.insert(reference_key.n().bits());
        for index in 0..51 * rounds {
            let len = (rng.next() % 600) as usize;
            let message = rng.bytes(len);
            let hash = HASHES[index % 3];
            let hashed = hash.digest(&message);
            let ours = private.fast.sign(Family::RsaPkcs1, hash, &hashed).unwrap();
            let reference = reference_key.sign(reference_pkcs1(hash), &hashed).unwrap();
            assert_eq!(ours, reference, "{} message {index}", path.display());
            pairs += 1;
        }
    }
    assert!(pairs >= 1000, "{pairs} pairs");
    assert_eq!(
        bits_seen.into_iter().collect::<Vec<_>>(),
        [2048, 2049, 2056, 3000, 3072, 4096]
    );
}

#[test]
fn pss_signatures_verify_both_ways_with_the_rsa_crate() {
    let mut rng = Rng(0x7073_7332_3536_0001);
    for (path, private, reference_key) in keys() {
        let public = reference_key.to_public_key();
        let ours_public = PublicKey::new(&public.n().to_bytes_be(), &public.e().to_bytes_be()).unwrap();
        for hash in HASHES {
            let hashed = hash.digest(&rng.bytes(100));
            let ours = private.fast.sign(Family::RsaPss, hash, &hashed).unwrap();
            public
                .verify(reference_pss(hash), &hashed, &ours)
                .unwrap_or_else(|_| panic!("{} {hash:?}", path.display()));
            let theirs = reference_key
                .sign_with_rng(&mut rand_core::OsRng, reference_pss(hash), &hashed)
                .unwrap();
            assert!(ours_public.verify(Family::RsaPss, hash, &hashed, &theirs));
            let mut tampered = theirs.clone();
            tampered[7] ^= 0x40;
            assert!(!ours_public.verify(Family::RsaPss, hash, &hashed, &tampered));
            let other = hash.digest(b"another message");
            assert!(!ours_public.verify(Family::RsaPss, hash, &other, &theirs));
            // PSS is randomised: two signatures of one message differ.
            assert_ne!(ours, private.fast.sign(Family::RsaPss, hash, &hashed).unwrap());
        }
    }
}

fn openssl(args: &[&str], input: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut child = std::process::Command::new("openssl")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("openssl on PATH");
    child.stdin.take().unwrap().write_all(input).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

#[test]
fn signatures_match_and_verify_with_openssl() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x6f70_656e_7373_6c01);
    for (index, (path, private, _)) in keys().into_iter().enumerate() {
        let key = path.to_str().unwrap();
        let hash = HASHES[index % 3];
        let name = ["-sha256", "-sha384", "-sha512"][index % 3];
        let message = rng.bytes(200);
        let ours = private
            .fast
            .sign(Family::RsaPkcs1, hash, &hash.digest(&message))
            .unwrap();
        assert_eq!(ours, openssl(&["dgst", name, "-sign", key], &message), "{key}");

        let pss = private
            .fast
            .sign(Family::RsaPss, hash, &hash.digest(&message))
            .unwrap();
        let signature = dir.path().join(format!("{index}.sig"));
        std::fs::write(&signature, &pss).unwrap();
        let verified = openssl(
            &[
                "dgst",
                name,
                "-prverify",
                key,
                "-sigopt",
                "rsa_padding_mode:pss",
                "-sigopt",
                "rsa_pss_saltlen:digest",
                "-signature",
                signature.to_str().unwrap(),
            ],
            &message,
        );
        assert_eq!(String::from_utf8_lossy(&verified).trim(), "Verified OK", "{key}");
    }
}

#[test]
fn a_faulty_private_operation_releases_nothing() {
    let (_, private, reference_key) = keys().into_iter().next().unwrap();
    use rsa::traits::PrivateKeyParts;
    // A corrupted CRT exponent stands in for a fault during the computation.
    let bytes = |number: Option<&BigUint>| Zeroizing::new(number.unwrap().to_bytes_be());
    let mut parts = Components {
        n: bytes(Some(reference_key.n())),
        e: bytes(Some(reference_key.e())),
        p: bytes(reference_key.primes().first()),
        q: bytes(reference_key.primes().get(1)),
        dp: bytes(reference_key.dp()),
        dq: bytes(reference_key.dq()),
        q_inverse: bytes(reference_key.crt_coefficient().as_ref()),
    };
    let wrong_dp = reference_key.dp().unwrap() + BigUint::from(2u32);
    parts.dp = Zeroizing::new(wrong_dp.to_bytes_be());
    let faulty = PrivateKey::new(&parts).unwrap();
    let hashed = Hash::Sha256.digest(b"input");
    assert_eq!(
        faulty.sign(Family::RsaPkcs1, Hash::Sha256, &hashed),
        Err(Failure::Fault)
    );
    assert_eq!(
        faulty.sign(Family::RsaPss, Hash::Sha256, &hashed),
        Err(Failure::Fault)
    );
    assert!(private.fast.sign(Family::RsaPkcs1, Hash::Sha256, &hashed).is_ok());
}

fn big(limbs: &[u32]) -> BigUint {
    BigUint::from_bytes_be(&to_be_bytes(limbs, 4 * limbs.len()))
}

fn random_odd(rng: &mut Rng, limbs: usize) -> Vec<u8> {
    let mut bytes = rng.bytes(4 * limbs);
    bytes[0] |= 1 << (rng.next() % 8); // a top limb that is never zero, of any bit length
    *bytes.last_mut().unwrap() |= 1;
    bytes
}

#[test]
fn montgomery_arithmetic_agrees_with_num_bigint() {
    let mut rng = Rng(0x6d6f_6e74_676f_6d01);
    for round in 0..300 {
        let limbs = 1 + round % 150;
        let m_bytes = random_odd(&mut rng, limbs);
        let Some(modulus) = Modulus::new(&m_bytes) else {
            continue; // m = 1: not a modulus
        };
        let m = BigUint::from_bytes_be(&m_bytes);
        let mut scratch = modulus.scratch();
        // reduce(): any length, into Montgomery form; to_plain() brings it back.
        let wide = rng.bytes(4 * (limbs * 2 + (round % 3)));
        let wide_limbs = from_be_bytes(&wide, super::mont::limbs_for(&wide));
        let reduced = modulus.reduce(&wide_limbs, &mut scratch);
        let plain = modulus.to_plain(&reduced, &mut scratch);
        assert_eq!(
            big(&plain),
            BigUint::from_bytes_be(&wide) % &m,
            "reduce, {limbs} limbs"
        );

        // pow_secret() and pow_public() equal modpow.
        let a = BigUint::from_bytes_be(&rng.bytes(4 * limbs)) % &m;
        let b = BigUint::from_bytes_be(&rng.bytes(4 * limbs)) % &m;
        let x = BigUint::from_bytes_be(&rng.bytes(4 * limbs)) % &m;
        let limbs_of = |n: &BigUint| from_be_bytes(&n.to_bytes_be(), modulus.limbs());
        let a_mont = modulus.to_mont(&limbs_of(&a), &mut scratch);
        let power = modulus.pow_secret(&a_mont, &limbs_of(&x), &mut scratch);
        assert_eq!(
            big(&modulus.to_plain(&power, &mut scratch)),
            a.modpow(&x, &m),
            "pow_secret, {limbs} limbs"
        );
        let power = modulus.pow_public(&a_mont, &limbs_of(&x));
        let expected = a.modpow(&x, &m);
        assert_eq!(
            big(&modulus.to_plain(&power, &mut scratch)),
            expected,
            "pow_public, {limbs} limbs"
        );

        // add() and sub() stay in range.
        let mut sum = vec![0u32; modulus.limbs()];
        modulus.add(&mut sum, &limbs_of(&a), &limbs_of(&b));
        assert_eq!(big(&sum), (&a + &b) % &m);
        let mut difference = vec![0u32; modulus.limbs()];
        modulus.sub(&mut difference, &limbs_of(&a), &limbs_of(&b));
        assert_eq!(big(&difference), (&a + &m - &b) % &m);
    }
}

#[test]
fn the_blinding_inverse_agrees_with_num_bigint() {
    use super::inverse::Inverter;
    use num_bigint_dig::ModInverse;
    use std::ops::Rem;
    let mut rng = Rng(0x696e_7665_7273_6501);
    let bits = super::mont::BITS as u32;
    for round in 0..400 {
        // 1 to 160 bytes, so moduli from 8 to 1,280 bits, plus RSA sizes now and then.
        let len: usize = match round % 10 {
            0 => 256,
            1 => 512,
            _ => 1 + round % 160,
        };
        let m_bytes = random_odd(&mut rng, len.div_ceil(4));
        let Some(modulus) = Modulus::new(&m_bytes) else {
            continue;
        };
        let m = BigUint::from_bytes_be(&m_bytes);
        let inverter = Inverter::new(modulus.value(), bits);
        let x = BigUint::from_bytes_be(&rng.bytes(m_bytes.len() + 3)).rem(&m);
        let x_limbs = from_be_bytes(&x.to_bytes_be(), modulus.limbs());
        let ours = inverter.invert(&x_limbs, bits, modulus.limbs());
        // num-bigint-dig's extended Euclid (Lehmer), and None when gcd(x, m) > 1.
        let reference = x.clone().mod_inverse(&m).and_then(|inverse| inverse.to_biguint());
        assert_eq!(
            ours.is_some(),
            reference.is_some(),
            "round {round}: whether {x} has an inverse mod {m}"
        );
        if let (Some(ours), Some(reference)) = (ours, reference) {
            assert_eq!(big(&ours), reference, "round {round}: the inverse of {x} mod {m}");
            assert_eq!((big(&ours) * &x).rem(&m), BigUint::from(1u32) % &m);
        }
    }
    // Zero and a shared factor have no inverse.
    let m = Modulus::new(&[0x0f]).unwrap(); // 15
    let inverter = Inverter::new(m.value(), bits);
    assert_eq!(inverter.invert(&[0], bits, 1), None);
    assert_eq!(inverter.invert(&[6], bits, 1), None);
    assert_eq!(inverter.invert(&[7], bits, 1), Some(vec![13]));
}

#[test]
fn key_check_remainders_agree_with_num_bigint() {
    use std::ops::Rem;
    let mut rng = Rng(0x7265_6d61_696e_6401);
    for round in 0..600 {
        // Divisors of 1 to 80 limbs, even or odd, with top limbs of any width (the
        // normalisation), and dividends from shorter than the divisor to 2 100 bits.
        let m_len = 1 + round % 40 * 7 % 300;
        let mut m_bytes = rng.bytes(m_len);
        m_bytes[0] |= 1 << (rng.next() % 8);
        if round % 5 == 0 {
            // Divisors like p − 1 whose low limbs are zero or all ones.
            let len = m_bytes.len();
            m_bytes[(len / 2).max(1)..].fill(if round % 2 == 0 { 0 } else { 0xff });
        }
        let x_len = (rng.next() % 300) as usize;
        let x_bytes = rng.bytes(x_len);
        let m = BigUint::from_bytes_be(&m_bytes);
        let x = BigUint::from_bytes_be(&x_bytes);
        let ours = super::check::rem(
            &from_be_bytes(&x_bytes, super::mont::limbs_for(&x_bytes)),
            &from_be_bytes(&m_bytes, super::mont::limbs_for(&m_bytes)),
        );
        assert_eq!(big(&ours), x.clone().rem(&m), "round {round}: {x} mod {m}");
    }
    // Divisions where the estimated quotient digit needs the add-back step (Knuth's test
    // values, scaled to 28-bit limbs) and the edge cases x = m and x = 0.
    let b = BigUint::from(1u32 << 28);
    for (x, m) in [
        (&b * &b * &b - 1u32, &b * &b / 2u32 + 1u32),
        (&b * &b * &b * &b / 2u32, &b * &b / 2u32 + &b - 1u32),
        // Hacker's Delight's add-back case (divlu test "0x7fff800000000000 / 0x800000000001"),
        // its 16-bit digits widened to 28 bits: dividend limbs [0, 0, 2^27, 2^27 − 1], divisor
        // [1, 0, 2^27].
        (
            (BigUint::from((1u32 << 27) - 1) * &b + (1u32 << 27)) * &b * &b,
            BigUint::from(1u32 << 27) * &b * &b + 1u32,
        ),
        (BigUint::from(7u32), BigUint::from(7u32)),
        (BigUint::from(0u32), BigUint::from(3u32)),
    ] {
        let limbs = |n: &BigUint| {
            let bytes = n.to_bytes_be();
            from_be_bytes(&bytes, super::mont::limbs_for(&bytes))
        };
        assert_eq!(
            big(&super::check::rem(&limbs(&x), &limbs(&m))),
            x.clone().rem(&m),
            "{x} mod {m}"
        );
    }
}
