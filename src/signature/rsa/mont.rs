//! Montgomery arithmetic on little-endian 28-bit limbs, tuned for wasm32.
//!
//! wasm has a native `i64.mul` but no 64×64→128 multiply, so a 32×32→64 product is one
//! instruction here while the 64-bit limbs of general-purpose bignum crates cost four. Limbs hold
//! 28 bits so a product is below 2^56 and a 64-bit accumulator takes 64 rounds of two products
//! before it can overflow: the multiplication's inner loop adds `a_i·b_j + u·m_j` into each
//! accumulator with no carry chain between neighbours, and carries are settled once at the end
//! (and every 64 rounds for moduli above 1,792 bits). Every
//! operation on secret values runs the same instructions and touches the same memory whatever
//! the values are: carries are propagated arithmetically, conditional subtractions and table
//! lookups use masks, and loop bounds depend only on the (public) limb counts.
//!
//! Buffers are allocated by this module at the modulus' limb count, so the slice indexing below
//! cannot go out of bounds; the hot loops use iterators so the compiler drops the checks.
#![allow(clippy::indexing_slicing)]

use zeroize::Zeroizing;

/// Limbs of a secret (or secret-derived) number, wiped when dropped.
pub(crate) type Limbs = Zeroizing<Vec<u32>>;

/// Bits per limb.
pub(crate) const BITS: usize = 28;
const MASK: u32 = (1 << BITS) - 1;
/// Rounds of a multiplication between carry settlements (each adds below 2^57 per accumulator).
const SETTLE: usize = 64;

/// The window width of the fixed-window exponentiation: 2^5 = 32 table entries, measured best
/// for 1024- to 2048-bit exponents (see DESIGN.md).
const WINDOW: usize = 5;
const TABLE: usize = 1 << WINDOW;

/// All ones if `a == b`, else zero, without a branch.
#[inline(always)]
fn eq_mask(a: u32, b: u32) -> u32 {
    let x = a ^ b;
    ((x | x.wrapping_neg()) >> 31).wrapping_sub(1)
}

/// Reads big-endian bytes into `limbs` limbs; bits that do not fit are ignored (callers size
/// the limb count from the byte count).
pub(crate) fn from_be_bytes(bytes: &[u8], limbs: usize) -> Limbs {
    let mut out = Zeroizing::new(vec![0u32; limbs]);
    for (i, &byte) in bytes.iter().rev().enumerate() {
        let bit = 8 * i;
        let value = u64::from(byte) << (bit % BITS);
        if let Some(limb) = out.get_mut(bit / BITS) {
            *limb |= (value as u32) & MASK;
        }
        if let Some(limb) = out.get_mut(bit / BITS + 1) {
            *limb |= (value >> BITS) as u32;
        }
    }
    out
}

/// Writes `limbs` as exactly `len` big-endian bytes (higher bits must be zero).
pub(crate) fn to_be_bytes(limbs: &[u32], len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len];
    for (i, byte) in out.iter_mut().rev().enumerate() {
        let bit = 8 * i;
        let low = u64::from(limbs.get(bit / BITS).copied().unwrap_or(0));
        let high = u64::from(limbs.get(bit / BITS + 1).copied().unwrap_or(0));
        *byte = ((low | (high << BITS)) >> (bit % BITS)) as u8;
    }
    out
}

/// The number of limbs needed for a big-endian number, ignoring leading zero bits.
pub(crate) fn limbs_for(bytes: &[u8]) -> usize {
    let mut significant = bytes.iter().skip_while(|&&byte| byte == 0);
    let bits = match significant.next() {
        Some(&top) => 8 * significant.count() + (8 - top.leading_zeros() as usize),
        None => 1,
    };
    bits.div_ceil(BITS)
}

/// `out = a - b` over equal lengths; returns the borrow (0 or 1).
fn sub_into(out: &mut [u32], a: &[u32], b: &[u32]) -> u32 {
    let mut borrow = 0u64;
    for ((o, &x), &y) in out.iter_mut().zip(a).zip(b) {
        let d = u64::from(x).wrapping_sub(u64::from(y)).wrapping_sub(borrow);
        *o = (d as u32) & MASK;
        borrow = d >> 63;
    }
    borrow as u32
}

/// `a += b` over equal lengths; returns the carry (0 or 1).
fn add_assign(a: &mut [u32], b: &[u32]) -> u32 {
    let mut carry = 0u64;
    for (x, &y) in a.iter_mut().zip(b) {
        let s = u64::from(*x) + u64::from(y) + carry;
        *x = (s as u32) & MASK;
        carry = s >> BITS;
    }
    carry as u32
}

/// Where `mask` is all ones, `out = src`; where zero, `out` is kept.
#[inline(always)]
fn select_into(out: &mut [u32], src: &[u32], mask: u32) {
    for (o, &s) in out.iter_mut().zip(src) {
        *o = (*o & !mask) | (s & mask);
    }
}

/// An odd modulus with its Montgomery constants, R = 2^(32·limbs).
#[derive(Clone)]
pub(crate) struct Modulus {
    m: Limbs,
    /// −m⁻¹ mod 2^32.
    m0inv: u32,
    /// R mod m: one, in Montgomery form.
    one: Limbs,
    /// R² mod m: multiplying by it converts into Montgomery form.
    r2: Limbs,
    /// 4m < R: a product of two numbers below 2m is below 2m without the final subtraction, so
    /// exponentiations skip it until their end ("almost Montgomery multiplication").
    lazy: bool,
}

/// Scratch space for one modulus: the accumulators of a multiplication.
pub(crate) struct Scratch {
    t: Zeroizing<Vec<u64>>,
}

impl Modulus {
    /// Builds the constants for `m`, given as big-endian bytes. `None` if `m` is even or below 3.
    pub(crate) fn new(bytes: &[u8]) -> Option<Modulus> {
        let limbs = limbs_for(bytes);
        let m = from_be_bytes(bytes, limbs);
        let low = *m.first()?;
        let top = *m.last()?;
        if low & 1 == 0 || (limbs == 1 && low < 3) || top == 0 {
            return None;
        }
        // Newton's iteration doubles the correct low bits each step: 1 → 2 → 4 → … → 32.
        let mut inverse: u32 = 1;
        for _ in 0..5 {
            inverse = inverse.wrapping_mul(2u32.wrapping_sub(low.wrapping_mul(inverse)));
        }
        let mut modulus = Modulus {
            lazy: top < 1 << (BITS - 2),
            m0inv: inverse.wrapping_neg() & MASK,
            one: Zeroizing::new(vec![0; limbs]),
            r2: Zeroizing::new(vec![0; limbs]),
            m,
        };
        // R mod m: start from 2^(bits−1) < m and double, reducing each time, up to 2^(28·limbs).
        let bits = modulus.bits();
        let mut one = Zeroizing::new(vec![0u32; limbs]);
        one[(bits - 1) / BITS] = 1 << ((bits - 1) % BITS);
        for _ in bits - 1..BITS * limbs {
            modulus.double(&mut one);
        }
        // R² mod m = the Montgomery form of 2^(28·limbs): 2 in Montgomery form is 2R mod m,
        // raised to the (public) power 28·limbs with Montgomery multiplications.
        let mut two = one.clone();
        modulus.double(&mut two);
        modulus.one = one;
        let exponent = [(BITS * limbs) as u32];
        let r2 = modulus.pow_public(&two, &exponent);
        modulus.r2 = r2;
        Some(modulus)
    }

    /// The limb count.
    pub(crate) fn limbs(&self) -> usize {
        self.m.len()
    }

    /// The modulus' limbs.
    pub(crate) fn value(&self) -> &[u32] {
        &self.m
    }

    /// The bit length of the modulus.
    pub(crate) fn bits(&self) -> usize {
        let top = self.m.last().copied().unwrap_or(0);
        BITS * self.m.len() - (top.leading_zeros() as usize - (32 - BITS))
    }

    pub(crate) fn scratch(&self) -> Scratch {
        Scratch {
            t: Zeroizing::new(vec![0; self.m.len()]),
        }
    }

    /// A zeroed number of the modulus' limb count.
    pub(crate) fn zero(&self) -> Limbs {
        Zeroizing::new(vec![0; self.m.len()])
    }

    /// `x = 2x mod m`, for `x < m`.
    fn double(&self, x: &mut [u32]) {
        let mut carry = 0u32;
        for limb in x.iter_mut() {
            let next = *limb >> (BITS - 1);
            *limb = ((*limb << 1) | carry) & MASK;
            carry = next;
        }
        let mut reduced = self.zero();
        let borrow = sub_into(&mut reduced, x, &self.m);
        // Keep the difference when there was a carry out or no borrow (2x ≥ m).
        let use_reduced = carry | (borrow ^ 1);
        select_into(x, &reduced, use_reduced.wrapping_neg());
    }

    /// `out = a + b mod m`, for `a, b < m`.
    pub(crate) fn add(&self, out: &mut [u32], a: &[u32], b: &[u32]) {
        out.copy_from_slice(a);
        let carry = add_assign(out, b);
        let mut reduced = self.zero();
        let borrow = sub_into(&mut reduced, out, &self.m);
        select_into(out, &reduced, (carry | (borrow ^ 1)).wrapping_neg());
    }

    /// `out = a − b mod m`, for `a, b < m`.
    pub(crate) fn sub(&self, out: &mut [u32], a: &[u32], b: &[u32]) {
        let borrow = sub_into(out, a, b);
        let mut fixed = Zeroizing::new(out.to_vec());
        add_assign(&mut fixed, &self.m);
        select_into(out, &fixed, borrow.wrapping_neg());
    }

    /// Montgomery multiplication: `out = a·b·R⁻¹ mod m`, fully reduced, for `a·b < m·R` (true
    /// when one factor is below m and the other below R). `a`, `b` and `out` have the modulus'
    /// limb count and 28-bit limbs.
    pub(crate) fn mul(&self, out: &mut [u32], a: &[u32], b: &[u32], scratch: &mut Scratch) {
        self.rounds(a, b, scratch);
        self.finish(out, scratch);
    }

    /// Operand scanning: each round adds `a_i·b + u·m` (u chosen so the low limb becomes zero)
    /// into 64-bit accumulators and shifts down one limb. Only the low limb's carry moves each
    /// round, so the inner loop is two independent multiply-adds per limb with no carry chain;
    /// all carries are settled every `SETTLE` rounds and at the end. (Product scanning with one
    /// register accumulator and a dedicated squaring measured 25% slower in V8.)
    #[inline(never)]
    fn rounds(&self, a: &[u32], b: &[u32], scratch: &mut Scratch) {
        let n = self.m.len();
        let m = &self.m[..n];
        let b = &b[..n];
        let t = &mut scratch.t[..n];
        t.fill(0);
        let (m0, b0) = (u64::from(m[0]), u64::from(b[0]));
        for (round, &ai) in a[..n].iter().enumerate() {
            let t0 = t[0] + u64::from(ai) * b0;
            let u = (t0 as u32).wrapping_mul(self.m0inv) & MASK;
            let carry = (t0 + u64::from(u) * m0) >> BITS;
            shift_add(t, b, m, ai, u);
            t[0] += carry;
            if (round + 1) % SETTLE == 0 {
                settle(t);
            }
        }
        settle(t);
    }

    /// `a·b·R⁻¹`, below 2m but not always below m, for a and b below 2m; the same as `mul` when
    /// the modulus leaves no room (see `lazy`). For the chains of an exponentiation, which
    /// reduce fully once at the end.
    #[inline(never)]
    fn mul_lazy(&self, out: &mut [u32], a: &[u32], b: &[u32], scratch: &mut Scratch) {
        self.rounds(a, b, scratch);
        if self.lazy {
            // Settled accumulators hold 28 bits each, and t < 2m < R/2 leaves the top one 27.
            for (o, &t) in out.iter_mut().zip(scratch.t.iter()) {
                *o = t as u32;
            }
        } else {
            self.finish(out, scratch);
        }
    }

    /// Fully reduces `x < 2m` in Montgomery form (multiplying by one, R mod m).
    fn settle_lazy(&self, x: &[u32], scratch: &mut Scratch) -> Limbs {
        let mut out = self.zero();
        self.mul(&mut out, x, &self.one, scratch);
        out
    }

    /// From the accumulators (below 2m, 28-bit limbs but the top one), the fully reduced result.
    fn finish(&self, out: &mut [u32], scratch: &Scratch) {
        let n = self.m.len();
        let (t, m, out) = (&scratch.t[..n], &self.m[..n], &mut out[..n]);
        let mut borrow = 0u64;
        for j in 0..n {
            let d = t[j].wrapping_sub(u64::from(m[j])).wrapping_sub(borrow);
            out[j] = (d as u32) & MASK;
            borrow = d >> 63;
        }
        // The top difference is exact (not masked): it is negative exactly when t < m.
        let keep_t = (borrow as u32).wrapping_neg();
        for j in 0..n {
            out[j] = (out[j] & !keep_t) | ((t[j] as u32) & keep_t);
        }
    }

    /// Converts `x < R` into Montgomery form, fully reduced.
    pub(crate) fn to_mont(&self, x: &[u32], scratch: &mut Scratch) -> Limbs {
        let mut out = self.zero();
        self.mul(&mut out, x, &self.r2, scratch);
        out
    }

    /// Converts out of Montgomery form.
    pub(crate) fn to_plain(&self, x: &[u32], scratch: &mut Scratch) -> Limbs {
        let mut unit = self.zero();
        unit[0] = 1;
        let mut out = self.zero();
        self.mul(&mut out, x, &unit, scratch);
        out
    }

    /// Reduces a number of any length modulo m and returns it in Montgomery form. Horner's rule
    /// over limb-count chunks from the top: acc = acc·R + chunk, every step a Montgomery
    /// multiplication by R² and a modular addition, so no division is needed.
    pub(crate) fn reduce(&self, x: &[u32], scratch: &mut Scratch) -> Limbs {
        let n = self.m.len();
        let mut acc = self.zero();
        let mut shifted = self.zero();
        let mut chunk = self.zero();
        let count = x.len().div_ceil(n);
        for index in (0..count).rev() {
            let start = index * n;
            let end = (start + n).min(x.len());
            chunk.fill(0);
            chunk[..end - start].copy_from_slice(&x[start..end]);
            self.mul(&mut shifted, &acc, &self.r2, scratch);
            let converted = self.to_mont(&chunk, scratch);
            self.add(&mut acc, &shifted, &converted);
        }
        acc
    }

    /// `base^exponent` in Montgomery form, for a public exponent (the time depends on it).
    pub(crate) fn pow_public(&self, base: &[u32], exponent: &[u32]) -> Limbs {
        let mut scratch = self.scratch();
        let mut acc = self.one.clone();
        let mut next = self.zero();
        let mut started = false;
        for &limb in exponent.iter().rev() {
            for bit in (0..BITS).rev() {
                if started {
                    self.mul_lazy(&mut next, &acc, &acc, &mut scratch);
                    std::mem::swap(&mut acc, &mut next);
                }
                if (limb >> bit) & 1 == 1 {
                    self.mul_lazy(&mut next, &acc, base, &mut scratch);
                    std::mem::swap(&mut acc, &mut next);
                    started = true;
                }
            }
        }
        self.settle_lazy(&acc, &mut scratch)
    }

    /// `base^exponent` in Montgomery form, in constant time: fixed 5-bit windows, each
    /// multiplying by a table entry chosen with masks after reading all 32 entries. The exponent
    /// is read over the modulus' full limb count, so the time depends only on it.
    #[inline(never)]
    pub(crate) fn pow_secret(&self, base: &[u32], exponent: &[u32], scratch: &mut Scratch) -> Limbs {
        let n = self.m.len();
        let mut table = Zeroizing::new(vec![0u32; TABLE * n]);
        table[..n].copy_from_slice(&self.one);
        table[n..2 * n].copy_from_slice(&base[..n]);
        for i in 2..TABLE {
            let (done, rest) = table.split_at_mut(i * n);
            self.mul_lazy(&mut rest[..n], &done[(i - 1) * n..], &base[..n], scratch);
        }
        let bits = BITS * n;
        let mut acc = self.one.clone();
        let mut next = self.zero();
        let mut entry = self.zero();
        // The first window takes the leftover bits so the rest are whole.
        let mut position = bits;
        let mut width = match bits % WINDOW {
            0 => WINDOW,
            rest => rest,
        };
        while position > 0 {
            position -= width;
            for _ in 0..width {
                self.mul_lazy(&mut next, &acc, &acc, scratch);
                std::mem::swap(&mut acc, &mut next);
            }
            select(&mut entry, &table, window(exponent, position, width));
            self.mul_lazy(&mut next, &acc, &entry, scratch);
            std::mem::swap(&mut acc, &mut next);
            width = WINDOW;
        }
        self.settle_lazy(&acc, scratch)
    }
}

/// One round's `t[j−1] = t[j] + a_i·b[j] + u·m[j]` for every limb j ≥ 1, and `t[n−1] = 0`.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn shift_add(t: &mut [u64], b: &[u32], m: &[u32], ai: u32, u: u32) {
    shift_add_from(t, b, m, ai, u, 1);
}

/// The same with wasm SIMD: steps of four limbs, each `i64x2.extmul_*_i32x4_u` computing two
/// 32×32→64 products into two accumulators; the limbs after the last whole step one by one.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn shift_add(t: &mut [u64], b: &[u32], m: &[u32], ai: u32, u: u32) {
    use core::arch::wasm32::{
        u32x4_splat, u64x2_add, u64x2_extmul_high_u32x4, u64x2_extmul_low_u32x4, v128, v128_load, v128_store,
    };
    /// Limbs j..j+4: `t[j−1..j+3] = t[j..j+4] + a_i·b[j..j+4] + u·m[j..j+4]`. A function, not a
    /// closure, so that it is inlined at every opt-level.
    ///
    /// SAFETY: the caller guarantees j ≥ 1 and j + 3 < n for slices of n elements, so each
    /// 16-byte load reads limbs j..j+4 of b and m (u32) and accumulators j..j+2 and j+2..j+4 of t
    /// (u64), and the stores write accumulators j−1..j+1 and j+1..j+3, all inside the slices;
    /// v128_load and v128_store have no alignment requirement. Both loads of t come before the
    /// stores.
    #[inline(always)]
    unsafe fn group(tp: *mut u64, bp: *const u32, mp: *const u32, j: usize, av: v128, uv: v128) {
        let bv = v128_load(bp.add(j).cast::<v128>());
        let mv = v128_load(mp.add(j).cast::<v128>());
        let low = v128_load(tp.add(j).cast::<v128>());
        let high = v128_load(tp.add(j + 2).cast::<v128>());
        let low = u64x2_add(
            low,
            u64x2_add(u64x2_extmul_low_u32x4(av, bv), u64x2_extmul_low_u32x4(uv, mv)),
        );
        let high = u64x2_add(
            high,
            u64x2_add(u64x2_extmul_high_u32x4(av, bv), u64x2_extmul_high_u32x4(uv, mv)),
        );
        v128_store(tp.add(j - 1).cast::<v128>(), low);
        v128_store(tp.add(j + 1).cast::<v128>(), high);
    }
    let n = t.len().min(b.len()).min(m.len());
    let (tp, bp, mp) = (t.as_mut_ptr(), b.as_ptr(), m.as_ptr());
    let factors = [u32x4_splat(ai), u32x4_splat(u)];
    // Read anew for each step, opaque to LLVM: seeing loop-invariant operands, it hoists their
    // zero-extension and turns extmul into i64x2.mul, which V8 emulates with three multiplies on
    // x64 (measured: no faster than scalar code).
    let (a_factor, u_factor) = (factors.as_ptr(), factors.as_ptr().wrapping_add(1));
    let mut j = 1;
    // SAFETY: every call below has j ≥ 1 and j + 3 < n (see `group`), and the factor pointers
    // point into `factors`, a live, aligned local array of two.
    unsafe {
        while j + 8 <= n {
            let (av, uv) = (
                core::ptr::read_volatile(a_factor),
                core::ptr::read_volatile(u_factor),
            );
            group(tp, bp, mp, j, av, uv);
            group(tp, bp, mp, j + 4, av, uv);
            j += 8;
        }
        if j + 4 <= n {
            let (av, uv) = (
                core::ptr::read_volatile(a_factor),
                core::ptr::read_volatile(u_factor),
            );
            group(tp, bp, mp, j, av, uv);
            j += 4;
        }
    }
    shift_add_from(t, b, m, ai, u, j);
}

/// `t[j−1] = t[j] + a_i·b[j] + u·m[j]` for the limbs j ≥ `from`, one by one, and `t[n−1] = 0`.
#[inline(always)]
fn shift_add_from(t: &mut [u64], b: &[u32], m: &[u32], ai: u32, u: u32, from: usize) {
    let (ai, u) = (u64::from(ai), u64::from(u));
    let n = t.len().min(b.len()).min(m.len());
    for j in from..n {
        t[j - 1] = t[j] + ai * u64::from(b[j]) + u * u64::from(m[j]);
    }
    t[n - 1] = 0;
}

/// Copies table entry `index` into `entry` after reading every entry, keeping the right one with
/// a mask, so no memory address depends on the (secret) index. Out of line, like the other
/// loops an exponentiation runs: V8 compiles hot functions again with its optimising compiler,
/// and small functions get there sooner (and hold up a short-lived process's exit less).
///
/// (Index loops here and in the other hot loops: iterator adapters such as `zip` are only fast
/// where LLVM inlines them, which it does not do at `opt-level = "s"`.)
#[inline(never)]
fn select(entry: &mut [u32], table: &[u32], index: u32) {
    let n = entry.len();
    let entries = table.len() / n;
    let mut j = 0;
    // With SIMD, four limbs at a time, each column of the table read into one register, so the
    // entry is written once rather than read and written for every candidate.
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        use core::arch::wasm32::{u32x4_splat, v128, v128_and, v128_load, v128_or, v128_store};
        let mut masks = [u32x4_splat(0); TABLE];
        for (i, mask) in masks.iter_mut().enumerate() {
            *mask = u32x4_splat(eq_mask(i as u32, index));
        }
        let entries = entries.min(TABLE);
        while j + 4 <= n {
            let mut column = u32x4_splat(0);
            for (i, &mask) in masks.iter().enumerate().take(entries) {
                // SAFETY: i < entries ≤ table.len() / n and j + 3 < n, so the 16 bytes at limb
                // i·n + j are inside the table; v128_load needs no alignment.
                column = v128_or(
                    column,
                    v128_and(
                        unsafe { v128_load(table.as_ptr().add(i * n + j).cast::<v128>()) },
                        mask,
                    ),
                );
            }
            // SAFETY: j + 3 < n = entry.len(): the 16-byte store stays inside the entry.
            unsafe { v128_store(entry.as_mut_ptr().add(j).cast::<v128>(), column) };
            j += 4;
        }
    }
    while j < n {
        let mut limb = 0u32;
        for i in 0..entries {
            limb |= table[i * n + j] & eq_mask(i as u32, index);
        }
        entry[j] = limb;
        j += 1;
    }
}

/// Propagates the carries of redundant accumulators so each holds 28 bits (the top one keeps
/// whatever is above). Runs the same steps whatever the values.
fn settle(t: &mut [u64]) {
    let mut carry = 0u64;
    for limb in t.iter_mut() {
        let value = *limb + carry;
        *limb = value & u64::from(MASK);
        carry = value >> BITS;
    }
    if let Some(top) = t.last_mut() {
        *top += carry << BITS;
    }
}

/// The `width` bits of `exponent` starting at bit `position` (public), as a number.
fn window(exponent: &[u32], position: usize, width: usize) -> u32 {
    let limb = |i: usize| u64::from(exponent.get(i).copied().unwrap_or(0));
    let word = limb(position / BITS) | (limb(position / BITS + 1) << BITS);
    ((word >> (position % BITS)) as u32) & ((1u32 << width) - 1)
}

/// `a·b` (schoolbook), `a.len() + b.len()` limbs.
pub(crate) fn mul_plain(a: &[u32], b: &[u32]) -> Limbs {
    let mut out = Zeroizing::new(vec![0u32; a.len() + b.len()]);
    for (i, &ai) in a.iter().enumerate() {
        let ai = u64::from(ai);
        let mut carry = 0u64;
        for (o, &bj) in out[i..i + b.len()].iter_mut().zip(b) {
            let s = u64::from(*o) + ai * u64::from(bj) + carry;
            *o = (s as u32) & MASK;
            carry = s >> BITS;
        }
        out[i + b.len()] = carry as u32;
    }
    out
}

/// `a += b` where `b` may be shorter; the final carry must be zero (callers know the sum fits).
pub(crate) fn add_into(a: &mut [u32], b: &[u32]) {
    let mut carry = 0u64;
    for (i, x) in a.iter_mut().enumerate() {
        let s = u64::from(*x) + u64::from(b.get(i).copied().unwrap_or(0)) + carry;
        *x = (s as u32) & MASK;
        carry = s >> BITS;
    }
}

/// Whether `a < b` for equal-length numbers (not constant time: for public values).
pub(crate) fn less_than(a: &[u32], b: &[u32]) -> bool {
    for (x, y) in a.iter().rev().zip(b.iter().rev()) {
        if x != y {
            return x < y;
        }
    }
    false
}
