//! The allocator of the wasm build, in place of the standard library's dlmalloc (about 8 KB of
//! code against about 1 KB here; BENCHMARKS.md, history). Blocks have power-of-two sizes; each
//! size has a list of freed blocks, and a block is taken from fresh pages only when its list is
//! empty. Blocks are never merged nor split: a call allocates, frees what it allocated, and the
//! next call of the same shape finds its blocks again. Every step is O(1). The memory a size
//! once needed stays with that size (wasm memory never shrinks anyway).
//!
//! Measured against the alternatives on the 10,000-account list read by the tree decoder (the
//! path with the most allocations): dlmalloc 48 ms, talc 55 ms, this 60 ms, and lol_alloc's
//! first-fit free list 4,070 ms (it walks its free list on every call).

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;

const PAGE: usize = 65_536;
/// The smallest block: room for the link of a freed block, and 16-byte alignment for all.
const MIN: usize = 16;
/// Size classes 0 to 31: blocks of 2^k bytes.
const CLASSES: usize = 32;

/// The heap's state; see the module's documentation.
pub struct Heap {
    /// Per size class `k`, the address of the first freed block (0 for none); each freed block
    /// holds the address of the next in its first word.
    free: UnsafeCell<[usize; CLASSES]>,
    /// The unused rest of the pages taken last: `top..end`.
    top: UnsafeCell<usize>,
    end: UnsafeCell<usize>,
}

// SAFETY: wasm32-unknown-unknown without the atomics feature runs one thread, and no method
// holds a reference into the state beyond its own body.
unsafe impl Sync for Heap {}

impl Heap {
    /// An empty heap: it takes pages with `memory.grow` as it needs them.
    pub const fn new() -> Self {
        Heap { free: UnsafeCell::new([0; CLASSES]), top: UnsafeCell::new(0), end: UnsafeCell::new(0) }
    }
}

/// The size class of a layout: the smallest `k` whose blocks (2^k bytes, aligned to their
/// alignment) hold it; `CLASSES` or more when none does.
fn class(layout: Layout) -> usize {
    let size = layout.size().max(layout.align()).max(MIN);
    (usize::BITS - (size - 1).leading_zeros()) as usize
}

/// `addr` rounded up to `align` (a power of two), if that fits in the address space.
fn align_up(addr: usize, align: usize) -> Option<usize> {
    Some(addr.checked_add(align - 1)? & !(align - 1))
}

unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let k = class(layout);
        if k >= CLASSES {
            return core::ptr::null_mut();
        }
        let size = 1usize << k;
        let align = layout.align().max(MIN);
        // SAFETY: one thread; the references below end with this call.
        unsafe {
            let free = &mut *self.free.get();
            let (top, end) = (&mut *self.top.get(), &mut *self.end.get());
            if let Some(head) = free.get_mut(k) {
                if *head != 0 && *head % align == 0 {
                    let block = *head;
                    *head = *(block as *const usize);
                    return block as *mut u8;
                }
            }
            let fits = |top: usize| align_up(top, align).and_then(|start| Some((start, start.checked_add(size)?)));
            let (start, next) = match fits(*top) {
                Some((start, next)) if next <= *end => (start, next),
                _ => {
                    // At least 1 MiB at a time: growing the memory is slow, and detaches the
                    // JS views of it.
                    let pages = (size + align).div_ceil(PAGE).max(16);
                    let old = core::arch::wasm32::memory_grow(0, pages);
                    if old == usize::MAX {
                        return core::ptr::null_mut();
                    }
                    let base = old * PAGE;
                    if base != *end {
                        *top = base; // not contiguous with the last pages: start afresh
                    }
                    *end = base + pages * PAGE;
                    match fits(*top) {
                        Some((start, next)) if next <= *end => (start, next),
                        _ => return core::ptr::null_mut(),
                    }
                }
            };
            *top = next;
            start as *mut u8
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` is a block of this layout's class that this heap handed out and that
        // is no longer used: its first word becomes the link.
        unsafe {
            if let Some(head) = (*self.free.get()).get_mut(class(layout)) {
                *(ptr as *mut usize) = *head;
                *head = ptr as usize;
            }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller keeps `GlobalAlloc::realloc`'s contract (`new_size` > 0 and a valid
        // size for this alignment), and one thread runs.
        unsafe {
            let new = Layout::from_size_align_unchecked(new_size, layout.align());
            let (old_k, new_k) = (class(layout), class(new));
            if new_k == old_k {
                return ptr;
            }
            // The block taken last grows in place when the pages have room: a string or a list
            // being built, the common case.
            let top = &mut *self.top.get();
            if new_k > old_k && new_k < CLASSES && ptr as usize + (1 << old_k) == *top {
                if let Some(next) = (ptr as usize).checked_add(1 << new_k).filter(|n| *n <= *self.end.get()) {
                    *top = next;
                    return ptr;
                }
            }
            let out = self.alloc(new);
            if !out.is_null() {
                core::ptr::copy_nonoverlapping(ptr, out, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            out
        }
    }
}
