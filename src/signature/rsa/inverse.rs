//! Modular inversion for the blinding: Bernstein and Yang's "safegcd" divsteps, variable-time,
//! on signed 30-bit limbs (the layout libsecp256k1 uses on 32-bit machines, with the batch
//! matrix of 30 divsteps applied to whole numbers at once; see its `doc/safegcd_implementation.md`).
//!
//! Variable time is acceptable only for inputs that say nothing about a secret: the blinding
//! inverts `r·u mod n` for a public n and a uniform u that is never revealed, so its time
//! depends on a value independent of r (DESIGN.md, "Blinding"). Nothing here is wiped: nothing
//! here is secret.
#![allow(clippy::indexing_slicing)]

/// Bits per signed limb; each batch runs this many divsteps.
const LIMB: u32 = 30;
const MASK: i64 = (1 << LIMB) - 1;

/// Repacks a non-negative number from `from`-bit limbs into `to`-bit limbs (`count` of them;
/// bits beyond them are dropped, so callers size `count` to fit).
pub(super) fn repack(src: &[u32], from: u32, to: u32, count: usize) -> Vec<u32> {
    let mut out = vec![0u32; count];
    let mut acc = 0u64;
    let mut held = 0u32;
    let mut slots = out.iter_mut();
    for &limb in src {
        acc |= u64::from(limb) << held;
        held += from;
        while held >= to {
            match slots.next() {
                Some(slot) => *slot = (acc as u32) & ((1 << to) - 1),
                None => return out,
            }
            acc >>= to;
            held -= to;
        }
    }
    if let Some(slot) = slots.next() {
        *slot = acc as u32;
    }
    out
}

/// The modulus in signed-limb form with the constant the updates need.
#[derive(Clone)]
pub(super) struct Inverter {
    m: Vec<i64>,
    /// m⁻¹ mod 2^30.
    m_inv: i64,
}

/// 30 divsteps on the low bits of f and g: returns the new delta and the transition matrix
/// `[u v; q r]`, scaled by 2^30, with |u|+|v| and |q|+|r| at most 2^30.
#[inline(never)]
fn divsteps(mut delta: i64, f0: i64, g0: i64) -> (i64, [i64; 4]) {
    let (mut u, mut v, mut q, mut r) = (1i64, 0i64, 0i64, 1i64);
    let (mut f, mut g) = (f0, g0);
    for _ in 0..LIMB {
        if g & 1 == 1 {
            if delta > 0 {
                (delta, f, g) = (1 - delta, g, g.wrapping_sub(f) >> 1);
                (u, v, q, r) = (2 * q, 2 * r, q - u, r - v);
            } else {
                (delta, g) = (1 + delta, g.wrapping_add(f) >> 1);
                (u, v, q, r) = (2 * u, 2 * v, q + u, r + v);
            }
        } else {
            (delta, g) = (1 + delta, g >> 1);
            (u, v) = (2 * u, 2 * v);
        }
    }
    (delta, [u, v, q, r])
}

impl Inverter {
    /// For an odd modulus in `bits`-bit limbs (28 for jwtmint's Montgomery limbs).
    pub(super) fn new(modulus: &[u32], bits: u32) -> Inverter {
        // One limb more than the value needs: the numbers below carry a sign.
        let count = (modulus.len() * bits as usize).div_ceil(LIMB as usize) + 1;
        let m: Vec<i64> = repack(modulus, bits, LIMB, count)
            .into_iter()
            .map(i64::from)
            .collect();
        // Newton's iteration for m⁻¹ mod 2^30 doubles the correct bits each step.
        let low = m.first().copied().unwrap_or(1);
        let mut m_inv = 1i64;
        for _ in 0..5 {
            m_inv = m_inv.wrapping_mul(2i64.wrapping_sub(low.wrapping_mul(m_inv))) & MASK;
        }
        Inverter { m, m_inv }
    }

    /// `x⁻¹ mod m` for `x < m` in `bits`-bit limbs, returned in `bits`-bit limbs (as many as
    /// the modulus had), or `None` when x shares a factor with m (x = 0 included).
    #[inline(never)]
    pub(super) fn invert(&self, x: &[u32], bits: u32, limbs: usize) -> Option<Vec<u32>> {
        let count = self.m.len();
        let mut f = self.m.clone();
        let mut g: Vec<i64> = repack(x, bits, LIMB, count).into_iter().map(i64::from).collect();
        let mut d = vec![0i64; count];
        let mut e = vec![0i64; count];
        e[0] = 1;
        let mut delta = 1i64;
        // f and g shrink as the gcd proceeds; d and e stay modulus-sized.
        let mut len = count;
        while g[..len].iter().any(|&limb| limb != 0) {
            let (next, t) = divsteps(delta, f[0], g[0]);
            delta = next;
            combine(&mut f[..len], &mut g[..len], t, &self.m, [0, 0]);
            self.update_de(&mut d, &mut e, t);
            // Drop a top limb that holds only the sign, folding the sign into the one below.
            if len > 1 {
                let (top_f, top_g) = (f[len - 1], g[len - 1]);
                if (top_f == 0 || top_f == -1) && (top_g == 0 || top_g == -1) {
                    f[len - 2] |= top_f << LIMB;
                    g[len - 2] |= top_g << LIMB;
                    len -= 1;
                }
            }
        }
        // Now f = ±gcd(x, m): there is an inverse only if that is ±1, and then it is ±d.
        let negative = f[len - 1] < 0;
        let value = if negative {
            f.iter().take(len).map(|&l| -l).collect()
        } else {
            f[..len].to_vec()
        };
        if normalize(value) != [1] {
            return None;
        }
        if negative {
            d.iter_mut().for_each(|limb| *limb = -*limb);
        }
        let mut d = normalize(d);
        // d is within (−2m, 2m): at most two corrections each way.
        while is_negative(&d) {
            d = normalize(add(&d, &self.m));
        }
        while !less(&d, &self.m) {
            d = normalize(sub(&d, &self.m));
        }
        let plain: Vec<u32> = d.iter().map(|&limb| limb as u32).collect();
        Some(repack(&plain, LIMB, bits, limbs))
    }

    /// `[d; e] = t·[d; e] / 2^30 mod m`, keeping both within (−2m, m): a multiple of m is added
    /// that makes the low 30 bits zero, as in Montgomery reduction.
    #[inline(never)]
    fn update_de(&self, d: &mut [i64], e: &mut [i64], [u, v, q, r]: [i64; 4]) {
        let count = self.m.len();
        let sign_d = d[count - 1] >> 63;
        let sign_e = e[count - 1] >> 63;
        let mut md = (u & sign_d) + (v & sign_e);
        let mut me = (q & sign_d) + (r & sign_e);
        let low_d = u * d[0] + v * e[0];
        let low_e = q * d[0] + r * e[0];
        md -= (self.m_inv.wrapping_mul(low_d).wrapping_add(md)) & MASK;
        me -= (self.m_inv.wrapping_mul(low_e).wrapping_add(me)) & MASK;
        combine(d, e, [u, v, q, r], &self.m, [md, me]);
    }
}

/// `[x; y] = (t·[x; y] + [mx; my]·m) / 2^30`, for multiples of m that make the division exact
/// (zero for f and g, which the divsteps already made divisible).
#[inline(never)]
fn combine(x: &mut [i64], y: &mut [i64], [u, v, q, r]: [i64; 4], m: &[i64], [mx, my]: [i64; 2]) {
    let len = x.len();
    let mut cx = (u * x[0] + v * y[0] + m[0] * mx) >> LIMB;
    let mut cy = (q * x[0] + r * y[0] + m[0] * my) >> LIMB;
    for i in 1..len {
        cx += u * x[i] + v * y[i] + m[i] * mx;
        cy += q * x[i] + r * y[i] + m[i] * my;
        x[i - 1] = cx & MASK;
        y[i - 1] = cy & MASK;
        cx >>= LIMB;
        cy >>= LIMB;
    }
    x[len - 1] = cx;
    y[len - 1] = cy;
}

/// Carries every limb into [0, 2^30) but the top one, which keeps the sign; trims nothing.
fn normalize(mut x: Vec<i64>) -> Vec<i64> {
    let mut carry = 0i64;
    let last = x.len() - 1;
    for (i, limb) in x.iter_mut().enumerate() {
        let value = *limb + carry;
        if i == last {
            *limb = value;
        } else {
            *limb = value & MASK;
            carry = value >> LIMB;
        }
    }
    // Trailing zero limbs do not change the value; drop them for comparisons with [1].
    while x.len() > 1 && x.last() == Some(&0) {
        x.pop();
    }
    x
}

fn is_negative(x: &[i64]) -> bool {
    x.last().is_some_and(|&top| top < 0)
}

fn add(a: &[i64], b: &[i64]) -> Vec<i64> {
    (0..a.len().max(b.len()))
        .map(|i| a.get(i).unwrap_or(&0) + b.get(i).unwrap_or(&0))
        .collect()
}

fn sub(a: &[i64], b: &[i64]) -> Vec<i64> {
    (0..a.len().max(b.len()))
        .map(|i| a.get(i).unwrap_or(&0) - b.get(i).unwrap_or(&0))
        .collect()
}

/// `a < b` for normalized non-negative numbers.
fn less(a: &[i64], b: &[i64]) -> bool {
    let len = a.len().max(b.len());
    for i in (0..len).rev() {
        let (x, y) = (a.get(i).unwrap_or(&0), b.get(i).unwrap_or(&0));
        if x != y {
            return x < y;
        }
    }
    false
}
