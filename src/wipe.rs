//! Wiping the large buffers of the signing path (the claims bytes, the payload), eight bytes a
//! store. `zeroize` has no optimisation barrier for wasm, so there it falls back to volatile
//! writes of the bytes: 3–4% of an HS256 token with 1 KB of claims in the profile. Volatile
//! writes cannot be removed by the compiler whatever their width, so writing the aligned middle
//! as `u64`s wipes as surely with fewer stores. Key material keeps `Zeroizing` (small, and wiped rarely).

use core::mem::MaybeUninit;
use core::ops::{Deref, DerefMut};
use core::ptr;
use core::sync::atomic;
use zeroize::Zeroize;

/// `u8` and `MaybeUninit<u8>`: one byte, valid with any value, so their slices may be viewed
/// as words.
trait Byte {}
impl Byte for u8 {}
impl Byte for MaybeUninit<u8> {}

/// Zeroes `items` (bytes, or bytes that may be uninitialised) with volatile writes, the aligned
/// middle as 64-bit words.
fn wipe_words<T: Byte>(items: &mut [T])
where
    [T]: Zeroize,
{
    // SAFETY: `T` is a one-byte type valid for any bit pattern (`Byte`), and the middle is
    // viewed as `MaybeUninit<u64>`, valid for any bytes, so writing zeros through either view
    // leaves valid values; `align_to_mut` only splits the slice at alignment boundaries.
    let (head, middle, tail) = unsafe { items.align_to_mut::<MaybeUninit<u64>>() };
    head.zeroize();
    for word in middle {
        // SAFETY: `word` is a valid, aligned, exclusive reference.
        unsafe { ptr::write_volatile(word, MaybeUninit::new(0)) };
    }
    tail.zeroize();
    atomic::compiler_fence(atomic::Ordering::SeqCst);
}

/// A byte buffer wiped, over its whole capacity, when dropped. Like `Zeroizing<Vec<u8>>`, it
/// cannot wipe the copies a reallocation leaves behind: size it up front.
pub(crate) struct WipedBytes(Vec<u8>);

impl WipedBytes {
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        WipedBytes(Vec::with_capacity(capacity))
    }
}

impl From<Vec<u8>> for WipedBytes {
    fn from(bytes: Vec<u8>) -> Self {
        WipedBytes(bytes)
    }
}

impl Deref for WipedBytes {
    type Target = Vec<u8>;
    fn deref(&self) -> &Vec<u8> {
        &self.0
    }
}

impl DerefMut for WipedBytes {
    fn deref_mut(&mut self) -> &mut Vec<u8> {
        &mut self.0
    }
}

impl WipedBytes {
    /// Zeroes the whole capacity and empties the buffer (what dropping it does).
    fn wipe(&mut self) {
        wipe_words(self.0.as_mut_slice());
        wipe_words(self.0.spare_capacity_mut());
        self.0.clear();
    }
}

impl Drop for WipedBytes {
    fn drop(&mut self) {
        self.wipe();
    }
}

/// The allocator of the wasm build: the system allocator (dlmalloc), with every block zeroed as
/// it is freed, so nothing freed keeps a secret: not a temporary `String` of a request renderer
/// holding an API key, not a JSON value of decoded claims holding a PAT, not the buffer the
/// wasm-bindgen glue copied a JavaScript string into (it is freed through this allocator too).
/// Growing a buffer copies it to a new block and frees the old one, wiped: never in place, since
/// an in-place shrink would return a tail to the allocator unwiped. The explicit wipes of the
/// signing path (`WipedBytes`, `Zeroizing`) stay: they wipe buffers that are not freed yet.
#[cfg(target_arch = "wasm32")]
pub(crate) struct WipingAllocator;

#[cfg(target_arch = "wasm32")]
// SAFETY: every call is forwarded to `System` with the caller's layout; `dealloc` only writes
// zeros into the block being freed, which the caller owns until the call returns.
unsafe impl core::alloc::GlobalAlloc for WipingAllocator {
    unsafe fn alloc(&self, layout: core::alloc::Layout) -> *mut u8 {
        std::alloc::System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: core::alloc::Layout) -> *mut u8 {
        std::alloc::System.alloc_zeroed(layout)
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: core::alloc::Layout) {
        // SAFETY: `pointer` is a live block of `layout.size()` bytes owned by the caller.
        wipe_words(core::slice::from_raw_parts_mut(pointer, layout.size()));
        std::alloc::System.dealloc(pointer, layout)
    }

    // `realloc` is GlobalAlloc's default: a new block, a copy, and `dealloc` (wiping) of the old.
}

/// How much of the stack a call that used a private key is wiped over, in bytes: the deepest
/// measured was 20 KB (signing with a P-521 key; an import 12 KB, RSA under 5 KB), so 32 KB with
/// room. HMAC keeps to 3.5 KB (its key's padded states pass through the SHA-2 compression).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // used by src/wasm
pub(crate) const STACK_FOR_KEYS: usize = 32 * 1024;
/// The same for HMAC signing: 4 KB.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // used by src/wasm
pub(crate) const STACK_FOR_HMAC: usize = 4 * 1024;

/// Zeroes `WORDS` 64-bit words of the stack just below the caller's frame, where the calls it made
/// and that have returned left their frames: the heap is wiped as it is freed (the allocator
/// above), but a curve crate's copy of a scalar, a nonce or an HMAC state in a stack frame stays
/// in wasm memory until a later call overwrites it. Call it right after such a call returns.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // used by src/wasm
#[inline(never)]
pub(crate) fn scrub_stack<const WORDS: usize>() {
    let mut area = [MaybeUninit::<u64>::uninit(); WORDS];
    for word in area.iter_mut() {
        // SAFETY: `word` is a valid, aligned, exclusive reference into a local array.
        unsafe { ptr::write_volatile(word, MaybeUninit::new(0)) };
    }
    atomic::compiler_fence(atomic::Ordering::SeqCst);
    core::hint::black_box(&area);
}

/// Runs `work`, then wipes the stack it used: [`STACK_FOR_HMAC`] for an HMAC secret,
/// [`STACK_FOR_KEYS`] otherwise.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // used by src/wasm
pub(crate) fn stack_wiped<T>(hmac: bool, work: impl FnOnce() -> T) -> T {
    let result = work();
    if hmac {
        scrub_stack::<{ STACK_FOR_HMAC / 8 }>();
    } else {
        scrub_stack::<{ STACK_FOR_KEYS / 8 }>();
    }
    result
}

#[cfg(test)]
mod tests {
    use super::{wipe_words, WipedBytes};

    #[test]
    fn every_byte_of_every_alignment_and_length() {
        let mut buffer = [0xa5u8; 80];
        for start in 0..9 {
            for length in 0..70 {
                buffer.fill(0xa5);
                wipe_words(&mut buffer[start..start + length]);
                assert!(buffer[start..start + length].iter().all(|&byte| byte == 0));
                assert!(buffer[..start].iter().all(|&byte| byte == 0xa5), "before {start}");
                assert!(
                    buffer[start + length..].iter().all(|&byte| byte == 0xa5),
                    "after {start}+{length}"
                );
            }
        }
    }

    #[test]
    fn the_whole_capacity_when_dropped() {
        let mut bytes = WipedBytes::with_capacity(100);
        bytes.extend_from_slice(&[7; 100]);
        bytes.truncate(10);
        let (pointer, capacity) = (bytes.as_ptr(), bytes.capacity());
        // What Drop runs; the allocation is still there to look at afterwards.
        bytes.wipe();
        assert_eq!(
            (bytes.as_ptr(), bytes.len(), bytes.capacity()),
            (pointer, 0, capacity)
        );
        // SAFETY (test): the allocation is live and every byte of it was just written.
        let all = unsafe { std::slice::from_raw_parts(pointer, capacity) };
        assert!(all.iter().all(|&byte| byte == 0));
    }
}
