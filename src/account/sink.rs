//! The writer of the fast path ([`super::fast`]): text written eight bytes at a time, and the
//! keys of the official shape as pieces made at compile time from [`FIELDS`].

use crate::prelude::*;

use super::{FIELDS, FIELD_COUNT};

/// A span of a text, `start..end`.
pub type Span = (usize, usize);

/// Written text: `buf` is kept longer than what is written (`at` bytes), so that a copy can
/// move eight bytes at a time and overshoot. Copies of a few bytes are most of the writing, and
/// V8 makes each `memory.copy` (what `push_str` becomes) a call into its runtime: a fifth of a
/// 10,000-account list's time went there.
pub struct Sink {
    buf: Vec<u8>,
    at: usize,
}

impl Sink {
    /// A sink with room for `room` bytes to start with.
    pub fn new(room: usize) -> Self {
        Sink { buf: vec![0; room], at: 0 }
    }

    /// Copies `src[start..end]`: eight bytes at a time when `src` goes on far enough (up to
    /// seven bytes past `end` are then written too, to be overwritten later).
    #[inline(never)]
    pub fn copy(&mut self, src: &[u8], (start, end): Span) -> Option<()> {
        let len = end.checked_sub(start)?;
        let words = (len + 7) & !7;
        if self.buf.len() < self.at + words {
            self.buf.append(&mut vec![0; self.buf.len() / 2 + words]);
        }
        let mut k = 0;
        if start + words <= src.len() {
            while k < len {
                let word = *src.get(start + k..)?.first_chunk::<8>()?;
                *self.buf.get_mut(self.at + k..)?.first_chunk_mut::<8>()? = word;
                k += 8;
            }
        } else {
            while k < len {
                *self.buf.get_mut(self.at + k)? = *src.get(start + k)?;
                k += 1;
            }
        }
        self.at += len;
        Some(())
    }

    /// [`Sink::copy`] for the pieces of every account, inlined: one of up to 16 bytes is copied
    /// as 16 bytes at once when `src` goes on far enough (what follows is overwritten later).
    #[inline(always)]
    pub fn short(&mut self, src: &[u8], (start, end): Span) -> Option<()> {
        let len = end.checked_sub(start)?;
        if len <= 16 {
            let from = src.get(start..).and_then(<[u8]>::first_chunk::<16>);
            if let (Some(from), Some(to)) = (from, self.buf.get_mut(self.at..).and_then(<[u8]>::first_chunk_mut::<16>)) {
                *to = *from;
                self.at += len;
                return Some(());
            }
        }
        self.copy(src, (start, end))
    }

    /// Copies `piece`.
    #[inline(never)]
    pub fn put(&mut self, piece: &str) -> Option<()> {
        self.copy(piece.as_bytes(), (0, piece.len()))
    }

    /// What was written, as text (`None` if it is not UTF-8, which pieces of text never make).
    pub fn finish(mut self) -> Option<String> {
        self.buf.truncate(self.at);
        String::from_utf8(self.buf).ok()
    }
}

/// The room of each piece of [`KEYS`].
pub const KEY_ROOM: usize = 16;

/// `,"key":` of each attribute (in the order of [`FIELDS`]), then `,"id":` and `,"type":`, each
/// at a multiple of [`KEY_ROOM`], and room to read [`KEY_ROOM`] bytes from any of them (and
/// from one byte after: without the comma). Made at compile time.
pub const KEYS: [u8; (FIELD_COUNT + 3) * KEY_ROOM] = keys();
/// Where `,"id":` and `,"type":` are in [`KEYS`].
pub const ID: Span = (FIELD_COUNT * KEY_ROOM, FIELD_COUNT * KEY_ROOM + 6);
pub const TYPE: Span = ((FIELD_COUNT + 1) * KEY_ROOM, (FIELD_COUNT + 1) * KEY_ROOM + 8);

/// Where `,"key":` of attribute `i` (the index in [`FIELDS`]) is in [`KEYS`].
pub fn piece(i: usize) -> Span {
    let at = i * KEY_ROOM;
    (at, at + FIELDS.get(i).map_or(0, |f| f.js.len() + 4))
}

// Evaluated by the compiler: an index out of range or a failed assertion is a build error.
#[allow(clippy::indexing_slicing)]
const fn keys() -> [u8; (FIELD_COUNT + 3) * KEY_ROOM] {
    let mut out = [b' '; (FIELD_COUNT + 3) * KEY_ROOM];
    let mut i = 0;
    while i < FIELD_COUNT + 2 {
        let name = if i < FIELD_COUNT { FIELDS[i].js } else if i == FIELD_COUNT { "id" } else { "type" }.as_bytes();
        assert!(name.len() + 4 <= KEY_ROOM, "an attribute's name does not fit in KEY_ROOM");
        let at = i * KEY_ROOM;
        out[at] = b',';
        out[at + 1] = b'"';
        let mut k = 0;
        while k < name.len() {
            out[at + 2 + k] = name[k];
            k += 1;
        }
        out[at + 2 + k] = b'"';
        out[at + 3 + k] = b':';
        i += 1;
    }
    out
}
