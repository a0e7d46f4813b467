//! Checking that an RSA private key's numbers fit together, at import, on the same 28-bit limbs
//! as the signer: n = p·q, e·d ≡ 1 modulo p−1 and q−1 (the checks of the `rsa` crate's
//! `validate`), the file's CRT members against d, and q⁻¹ mod p (taken from the file after
//! checking q·q⁻¹ ≡ 1, or computed as q^(p−2) mod p when a JWK leaves it out).
//!
//! Before any arithmetic the numbers' lengths are compared with the modulus (`sizes`): the
//! multiplications and divisions below take time quadratic in their operands' lengths, so a
//! hostile file with megabyte-long p, q or d is refused before that work starts.
//!
//! The remainders use schoolbook long division (Knuth's algorithm D) and take time that depends
//! on the numbers, as the `num-bigint-dig` checks they replace did; the signing path is the
//! constant-time one. Every intermediate holding a secret is wiped.
#![allow(clippy::indexing_slicing)] // all indices are below lengths fixed just before

use super::mont::{from_be_bytes, limbs_for, mul_plain, to_be_bytes, Limbs, Modulus, BITS};
use super::Components;
use zeroize::Zeroizing;

const MASK: u64 = (1 << BITS) - 1;

/// What is wrong with a key's numbers.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    /// n ≠ p·q, or e·d ≢ 1 modulo p−1 or q−1, or a prime below 2.
    Inconsistent,
    /// The file's `dp` (0), `dq` (1) or `qi` (2) disagrees with the key.
    Mismatch(usize),
    /// A number is longer than the modulus allows: which one, its bits, the most allowed.
    TooLong(Member, usize, usize),
    /// p and q (their bits) are not about half of n (its bits) each.
    PrimeSizes { p: usize, q: usize, n: usize },
}

/// Which number of a private key a [`Problem::TooLong`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Member {
    N,
    E,
    D,
    P,
    Q,
    /// `dp` (0), `dq` (1) or `qi` (2), as in [`Problem::Mismatch`].
    Crt(usize),
}

/// The longest public exponent accepted, in bits (the `rsa` crate's limit is 33).
const MAX_E_BITS: usize = 64;

/// The number of significant bits in a big-endian number (leading zero bytes skipped).
pub(crate) fn bit_length(bytes: &[u8]) -> usize {
    let mut significant = bytes.iter().skip_while(|&&byte| byte == 0);
    match significant.next() {
        Some(&top) => 8 * significant.count() + (8 - top.leading_zeros() as usize),
        None => 0,
    }
}

/// Compares the numbers' lengths before any arithmetic: n within the key size limit, e short,
/// p and q each about half of n (their lengths must add up to n's or one more for p·q = n at
/// all; standard tools make them equal, and at least 3/8 of n each is asked), d no longer than
/// n, dp, dq and qi no longer than p, q and p. Only counts bits, in time linear in the input.
fn sizes(numbers: &Numbers<'_>) -> Result<(), Problem> {
    let n = bit_length(numbers.n);
    let (p, q) = (bit_length(numbers.p), bit_length(numbers.q));
    let longest = |member, bytes: &[u8], most| {
        let bits = bit_length(bytes);
        if bits > most {
            return Err(Problem::TooLong(member, bits, most));
        }
        Ok(())
    };
    longest(Member::N, numbers.n, crate::key::MAX_RSA_BITS)?;
    longest(Member::E, numbers.e, MAX_E_BITS)?;
    longest(Member::P, numbers.p, n)?;
    longest(Member::Q, numbers.q, n)?;
    if !(n..=n + 1).contains(&(p + q)) || 8 * p.min(q) < 3 * n {
        return Err(Problem::PrimeSizes { p, q, n });
    }
    longest(Member::D, numbers.d, n)?;
    for (index, (given, most)) in [(numbers.dp, p), (numbers.dq, q), (numbers.q_inverse, p)]
        .into_iter()
        .enumerate()
    {
        if let Some(given) = given {
            longest(Member::Crt(index), given, most)?;
        }
    }
    Ok(())
}

/// A private key's numbers as big-endian bytes; the CRT members may be missing (a JWK may leave
/// them out).
pub(crate) struct Numbers<'a> {
    pub n: &'a [u8],
    pub e: &'a [u8],
    pub d: &'a [u8],
    pub p: &'a [u8],
    pub q: &'a [u8],
    pub dp: Option<&'a [u8]>,
    pub dq: Option<&'a [u8]>,
    pub q_inverse: Option<&'a [u8]>,
}

fn limbs(bytes: &[u8]) -> Limbs {
    from_be_bytes(bytes, limbs_for(bytes))
}

/// Drops high zero limbs (keeping one).
fn trimmed(x: &[u32]) -> &[u32] {
    let len = x.iter().rposition(|&limb| limb != 0).map_or(1, |top| top + 1);
    &x[..len.min(x.len())]
}

fn equal(a: &[u32], b: &[u32]) -> bool {
    trimmed(a) == trimmed(b)
}

fn is_one(x: &[u32]) -> bool {
    equal(x, &[1])
}

/// `x − 1` for x ≥ 1.
fn minus_one(x: &[u32]) -> Limbs {
    let mut out = Zeroizing::new(x.to_vec());
    for limb in out.iter_mut() {
        if *limb != 0 {
            *limb -= 1;
            break;
        }
        *limb = MASK as u32;
    }
    out
}

/// `x << shift` for shift < 28, one limb longer.
fn shifted(x: &[u32], shift: u32) -> Limbs {
    let mut out = Zeroizing::new(vec![0u32; x.len() + 1]);
    let mut carry = 0u64;
    for (o, &limb) in out.iter_mut().zip(x) {
        let wide = (u64::from(limb) << shift) | carry;
        *o = (wide & MASK) as u32;
        carry = wide >> BITS;
    }
    out[x.len()] = carry as u32;
    out
}

#[cfg(test)]
thread_local! {
    /// How often the rare add-back step ran, so a test can make sure it is covered.
    pub(crate) static ADD_BACKS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// `x mod m` (Knuth, TAOCP 4.3.1, algorithm D, base 2^28), as many limbs as m; zero for m = 0,
/// which no caller passes (primes are checked to be at least 2 first).
pub(crate) fn rem(x: &[u32], m: &[u32]) -> Limbs {
    let m = trimmed(m);
    let n = m.len();
    let top = m[n - 1];
    if top == 0 {
        return Zeroizing::new(vec![0]);
    }
    // Normalise so the divisor's top limb has its high (28th) bit set.
    let shift = top.leading_zeros() - (32 - BITS as u32);
    let mut divisor = shifted(m, shift);
    divisor.truncate(n);
    let mut r = shifted(x, shift);
    if r.len() < n + 1 {
        r.resize(n + 1, 0);
    }
    let (v1, v2) = (
        u64::from(divisor[n - 1]),
        if n >= 2 { u64::from(divisor[n - 2]) } else { 0 },
    );
    for j in (0..r.len() - n).rev() {
        let window = u64::from(r[j + n]) << BITS | u64::from(r[j + n - 1]);
        let mut qhat = (window / v1).min(MASK);
        let mut rhat = window - qhat * v1;
        let next = if n >= 2 { u64::from(r[j + n - 2]) } else { 0 };
        while rhat <= MASK && qhat * v2 > (rhat << BITS | next) {
            qhat -= 1;
            rhat += v1;
        }
        // r[j..=j+n] −= qhat·divisor
        let mut carry = 0u64;
        let mut borrow = 0i64;
        for i in 0..n {
            let product = qhat * u64::from(divisor[i]) + carry;
            carry = product >> BITS;
            let t = i64::from(r[j + i]) - (product & MASK) as i64 + borrow;
            r[j + i] = (t as u64 & MASK) as u32;
            borrow = t >> BITS;
        }
        let t = i64::from(r[j + n]) - carry as i64 + borrow;
        r[j + n] = (t as u64 & MASK) as u32;
        if t < 0 {
            // qhat was one too large (rare): add the divisor back.
            #[cfg(test)]
            ADD_BACKS.with(|count| count.set(count.get() + 1));
            let mut carry = 0u64;
            for i in 0..n {
                let sum = u64::from(r[j + i]) + u64::from(divisor[i]) + carry;
                r[j + i] = (sum & MASK) as u32;
                carry = sum >> BITS;
            }
            r[j + n] = 0;
        }
    }
    // Undo the normalisation: the remainder is r[0..n] >> shift.
    let mut out = Zeroizing::new(vec![0u32; n]);
    for i in 0..n {
        let wide = u64::from(r[i]) | u64::from(r[i + 1]) << BITS;
        out[i] = ((wide >> shift) & MASK) as u32;
    }
    out
}

/// Checks the numbers and returns what the signer needs (CRT exponents and q⁻¹ computed or
/// checked).
pub(crate) fn check(numbers: &Numbers<'_>) -> Result<Components, Problem> {
    sizes(numbers)?;
    let (n, e, d, p, q) = (
        limbs(numbers.n),
        limbs(numbers.e),
        limbs(numbers.d),
        limbs(numbers.p),
        limbs(numbers.q),
    );
    if [&p, &q].iter().any(|prime| matches!(trimmed(prime), [0] | [1])) {
        return Err(Problem::Inconsistent);
    }
    if !equal(&mul_plain(&p, &q), &n) {
        return Err(Problem::Inconsistent);
    }
    let (p1, q1) = (minus_one(&p), minus_one(&q));
    let dp = rem(&d, &p1);
    let dq = rem(&d, &q1);
    for (exponent, modulus) in [(&dp, &p1), (&dq, &q1)] {
        if !is_one(&rem(&mul_plain(&e, exponent), modulus)) {
            return Err(Problem::Inconsistent);
        }
    }
    for (index, (given, expected, modulus)) in [(numbers.dp, &dp, &p1), (numbers.dq, &dq, &q1)]
        .into_iter()
        .enumerate()
    {
        if given.is_some_and(|given| !equal(&rem(&limbs(given), modulus), expected)) {
            return Err(Problem::Mismatch(index));
        }
    }
    let q_inverse = match numbers.q_inverse {
        Some(given) => {
            let given = limbs(given);
            let below_p = equal(&rem(&given, &p), &given);
            if !below_p || !is_one(&rem(&mul_plain(&given, &q), &p)) {
                return Err(Problem::Mismatch(2));
            }
            given
        }
        // Fermat: q^(p−2) mod p, in constant time; checked like a given one, since a p that
        // passed the checks above could still be composite.
        None => {
            let modulus = Modulus::new(numbers.p).ok_or(Problem::Inconsistent)?;
            let mut scratch = modulus.scratch();
            let q_mont = modulus.reduce(&q, &mut scratch);
            // limbs_for(p) limbs, as the modulus has.
            let exponent = minus_one(&minus_one(&p));
            let power = modulus.pow_secret(&q_mont, &exponent, &mut scratch);
            let inverse = modulus.to_plain(&power, &mut scratch);
            if !is_one(&rem(&mul_plain(&inverse, &q), &p)) {
                return Err(Problem::Inconsistent);
            }
            inverse
        }
    };
    // The signer reads big-endian bytes and ignores leading zeros: the given numbers pass
    // through as they came, the computed ones are written out at their limb count.
    let given = |bytes: &[u8]| Zeroizing::new(bytes.to_vec());
    let computed = |number: &[u32]| Zeroizing::new(to_be_bytes(number, (number.len() * BITS).div_ceil(8)));
    Ok(Components {
        n: given(numbers.n),
        e: given(numbers.e),
        p: given(numbers.p),
        q: given(numbers.q),
        dp: computed(&dp),
        dq: computed(&dq),
        q_inverse: computed(&q_inverse),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Numbers shaped like a 2048-bit key (the sizes are all `sizes` looks at): n of 256 bytes,
    /// e = 65537, p and q of 128 bytes, d of 256.
    fn shaped<'a>(n: &'a [u8], p: &'a [u8], q: &'a [u8], d: &'a [u8]) -> Numbers<'a> {
        Numbers {
            n,
            e: &[1, 0, 1],
            d,
            p,
            q,
            dp: None,
            dq: None,
            q_inverse: None,
        }
    }

    #[test]
    fn megabyte_numbers_are_refused_before_any_arithmetic() {
        // The 1.3 MB JWK of issue #14 in the shape it reaches `check`: p, q and d of 330 KB
        // each. Multiplying p by q alone took 31 s in wasm before the sizes were compared.
        let n = [0xc5u8; 256];
        let huge = vec![0xffu8; 330_000];
        let problem = check(&shaped(&n, &huge, &huge, &huge)).err();
        assert_eq!(problem, Some(Problem::TooLong(Member::P, 330_000 * 8, 2048)));
    }

    #[test]
    fn each_number_is_held_to_its_length() {
        let n = [0xc5u8; 256];
        let half = [0xc5u8; 128];
        let long = [0xc5u8; 257];
        // Leading zeros do not count: a JWK may carry them.
        let padded: Vec<u8> = [vec![0u8; 100_000], half.to_vec()].concat();
        let sized = |numbers: &Numbers<'_>| sizes(numbers).err();
        assert_eq!(sized(&shaped(&n, &half, &padded, &n)), None);
        assert_eq!(
            sized(&shaped(&n, &half, &long, &n)),
            Some(Problem::TooLong(Member::Q, 2056, 2048))
        );
        assert_eq!(
            sized(&shaped(&n, &half, &half, &long)),
            Some(Problem::TooLong(Member::D, 2056, 2048))
        );
        // p·q cannot be n when their lengths add up to less, or to more than one bit extra;
        // lengths that add up with a prime of a quarter of n are not a key a tool makes; 3/8
        // and 5/8 of n still pass.
        for (p, q, problem) in [(128, 127, true), (192, 64, true), (160, 96, false)] {
            let (p, q) = (vec![0xc5u8; p], vec![0xc5u8; q]);
            let expected = problem.then_some(Problem::PrimeSizes {
                p: p.len() * 8,
                q: q.len() * 8,
                n: 2048,
            });
            assert_eq!(sized(&shaped(&n, &p, &q, &n)), expected);
        }
        let mut numbers = shaped(&n, &half, &half, &n);
        numbers.e = &[1; 9];
        assert_eq!(sized(&numbers), Some(Problem::TooLong(Member::E, 65, 64)));
        for index in 0..3 {
            let mut numbers = shaped(&n, &half, &half, &n);
            *[&mut numbers.dp, &mut numbers.dq, &mut numbers.q_inverse][index] = Some(&long);
            assert_eq!(
                sized(&numbers),
                Some(Problem::TooLong(Member::Crt(index), 2056, 1024))
            );
        }
        let oversized_n = [0xc5u8; 1025];
        assert_eq!(
            sized(&shaped(&oversized_n, &half, &half, &n)),
            Some(Problem::TooLong(Member::N, 8200, crate::key::MAX_RSA_BITS))
        );
    }
}
