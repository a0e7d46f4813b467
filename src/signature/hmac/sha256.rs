//! The SHA-256 block function (FIPS 180-4 §6.2.2) for HMAC-SHA-256 (`super::hs256`).
//!
//! In the wasm SIMD build the message schedule is expanded four words at a time with `v128`
//! operations (the method of Intel's SSE SHA-256, Gulley et al., 2012: σ1 needs the two words
//! just computed, so each step does it in two halves) and the round constants are added in the
//! same pass, so the 64 rounds read one word each. Measured in Node 20 (ns per block, one
//! process, alternating): the `sha2` crate's loop 453 in the scalar build but 547 in the SIMD
//! build, where LLVM vectorises its schedule badly; this one 360. Every other build uses the
//! `sha2` crate's `compress256`.

/// Absorbs one 64-byte block into `state`.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
pub(crate) fn compress(state: &mut [u32; 8], block: &[u8; 64]) {
    use sha2::digest::generic_array::GenericArray;
    sha2::compress256(state, core::slice::from_ref(GenericArray::from_slice(block)));
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(crate) use simd::compress;

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use core::arch::wasm32::{
        i32x4_shuffle, i8x16, u32x4, u32x4_add, u32x4_shl, u32x4_shr, u8x16_swizzle, v128, v128_load,
        v128_or, v128_store, v128_xor,
    };

    /// FIPS 180-4 §4.2.2, four to a vector.
    const K: [v128; 16] = [
        u32x4(0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5),
        u32x4(0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5),
        u32x4(0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3),
        u32x4(0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174),
        u32x4(0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc),
        u32x4(0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da),
        u32x4(0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7),
        u32x4(0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967),
        u32x4(0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13),
        u32x4(0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85),
        u32x4(0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3),
        u32x4(0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070),
        u32x4(0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5),
        u32x4(0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3),
        u32x4(0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208),
        u32x4(0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2),
    ];

    #[inline(always)]
    fn rotate<const RIGHT: u32, const LEFT: u32>(x: v128) -> v128 {
        v128_or(u32x4_shr(x, RIGHT), u32x4_shl(x, LEFT))
    }

    /// σ0 and σ1 of FIPS 180-4 §4.1.2, on four words.
    #[inline(always)]
    fn sigma0(x: v128) -> v128 {
        v128_xor(v128_xor(rotate::<7, 25>(x), rotate::<18, 14>(x)), u32x4_shr(x, 3))
    }

    #[inline(always)]
    fn sigma1(x: v128) -> v128 {
        v128_xor(
            v128_xor(rotate::<17, 15>(x), rotate::<19, 13>(x)),
            u32x4_shr(x, 10),
        )
    }

    /// Absorbs one 64-byte block into `state`.
    #[allow(clippy::indexing_slicing)] // constant indices below 64 into [_; 64]
    pub(crate) fn compress(state: &mut [u32; 8], block: &[u8; 64]) {
        // W[t] + K[t] for all 64 rounds.
        let mut schedule = [0u32; 64];
        let big_endian = i8x16(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
        let load = |step: usize| {
            // SAFETY: step < 4, so the 16 bytes at 16·step are inside the 64-byte block; v128
            // loads need no alignment.
            u8x16_swizzle(
                unsafe { v128_load(block.as_ptr().add(16 * step).cast::<v128>()) },
                big_endian,
            )
        };
        let mut store = |step: usize, words: v128| {
            // SAFETY: step < 16, so the 16 bytes at word 4·step are inside the 64 words.
            unsafe {
                v128_store(
                    schedule.as_mut_ptr().add(4 * step).cast::<v128>(),
                    u32x4_add(words, K[step]),
                )
            };
        };
        // The last sixteen words, four to a register, oldest first.
        let (mut w0, mut w1, mut w2, mut w3) = (load(0), load(1), load(2), load(3));
        for (step, words) in [w0, w1, w2, w3].into_iter().enumerate() {
            store(step, words);
        }
        for step in 4..16 {
            // W[t−16] + σ0(W[t−15]) + W[t−7] for t..t+4, then σ1(W[t−2]) for the first two
            // and σ1 of the two just finished for the last two.
            let w15 = i32x4_shuffle::<1, 2, 3, 4>(w0, w1);
            let w7 = i32x4_shuffle::<1, 2, 3, 4>(w2, w3);
            let partial = u32x4_add(u32x4_add(w0, sigma0(w15)), w7);
            let low = u32x4_add(partial, sigma1(i32x4_shuffle::<2, 3, 2, 3>(w3, w3)));
            let high = u32x4_add(partial, sigma1(i32x4_shuffle::<0, 1, 0, 1>(low, low)));
            let next = i32x4_shuffle::<0, 1, 6, 7>(low, high);
            store(step, next);
            (w0, w1, w2, w3) = (w1, w2, w3, next);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
        for word in schedule {
            let t1 = h
                .wrapping_add(e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25))
                .wrapping_add((e & f) ^ (!e & g))
                .wrapping_add(word);
            let t2 = (a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22))
                .wrapping_add((a & b) ^ (a & c) ^ (b & c));
            (h, g, f, e, d, c, b, a) = (g, f, e, d.wrapping_add(t1), c, b, a, t1.wrapping_add(t2));
        }
        for (word, add) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
            *word = word.wrapping_add(add);
        }
    }
}
