//! The fast path for success bodies: one pass from the wire form to the official camelCase
//! shape, copying string literals and unknown values verbatim instead of building a tree.
//! A 10,000-account list is the common large response; this keeps it close to the cost of a
//! single `JSON.parse`. Anything unusual (an escaped key, a missing field, a wrong type) returns
//! `None`, and the caller takes the general path in [`super::output`], which gives the precise
//! error. A property test checks that both paths agree. Attributes follow [`FIELDS`].

use crate::prelude::*;

use super::sink::{self, Sink, Span};
use super::{FIELDS, FIELD_COUNT};
use crate::json::{plain_run, MAX_DEPTH};
use crate::secret::Scrubber;

struct Scanner<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
}

impl<'a> Scanner<'a> {
    #[inline(always)]
    fn ws(&mut self) {
        while matches!(self.s.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    #[inline(always)]
    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.s.get(self.i).copied()
    }

    #[inline(always)]
    fn eat(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.i += 1)
    }

    /// A string literal: its span (quotes included) and whether it holds an escape.
    fn string(&mut self) -> Option<(Span, bool)> {
        self.eat(b'"')?;
        let start = self.i - 1;
        let mut escaped = false;
        loop {
            // Eight bytes at a time while none of them ends the plain run: most strings (ids,
            // names, domains) are read in a few words instead of a byte each.
            while let Some(word) = self.s.get(self.i..).and_then(<[u8]>::first_chunk::<8>) {
                let run = plain_run(u64::from_le_bytes(*word));
                self.i += run;
                if run < 8 {
                    break;
                }
            }
            match *self.s.get(self.i)? {
                b'"' => {
                    self.i += 1;
                    return Some(((start, self.i), escaped));
                }
                b'\\' => {
                    escaped = true;
                    self.escape()?;
                }
                0..=0x1f => return None,
                _ => self.i += 1,
            }
        }
    }

    /// Steps over the escape at `i` (a backslash). Out of the string loop, which most strings run
    /// through without one: kept apart, the loop stays small and fast.
    #[cold]
    #[inline(never)]
    fn escape(&mut self) -> Option<()> {
        match *self.s.get(self.i + 1)? {
            b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.i += 2,
            b'u' => match self.hex4(self.i + 2)? {
                // A surrogate pair is copied as it is; a lone surrogate, which the tree decoder
                // reads as U+FFFD (a Rust string cannot hold it), is left to it.
                0xD800..=0xDBFF if self.s.get(self.i + 6..self.i + 8) == Some(b"\\u") => {
                    (0xDC00..=0xDFFF).contains(&self.hex4(self.i + 8)?).then_some(())?;
                    self.i += 12;
                }
                0xD800..=0xDFFF => return None,
                _ => self.i += 6,
            },
            _ => return None,
        }
        Some(())
    }

    /// The four hex digits at `at`, as a number.
    fn hex4(&self, at: usize) -> Option<u32> {
        crate::text::digits(self.text.get(at..at + 4)?, 16).map(|v| v as u32)
    }

    /// A key without escapes, as text.
    fn key(&mut self) -> Option<&'a str> {
        let ((start, end), escaped) = self.string()?;
        if escaped {
            return None;
        }
        self.eat(b':')?;
        self.text.get(start + 1..end - 1)
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while matches!(self.s.get(self.i), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        self.i - start
    }

    /// Any JSON value, checked and skipped; returns its span.
    fn value(&mut self, depth: usize) -> Option<Span> {
        let start = {
            self.ws();
            self.i
        };
        match self.peek()? {
            b'"' => {
                self.string()?;
            }
            b'{' | b'[' => {
                if depth >= MAX_DEPTH {
                    return None;
                }
                let close = if matches!(self.s.get(self.i), Some(b'{')) { b'}' } else { b']' };
                self.i += 1;
                if self.eat(close).is_none() {
                    loop {
                        if close == b'}' {
                            self.string()?;
                            self.eat(b':')?;
                        }
                        self.value(depth + 1)?;
                        if self.eat(b',').is_none() {
                            self.eat(close)?;
                            break;
                        }
                    }
                }
            }
            b't' | b'f' | b'n' => {
                let word: &[u8] = match self.s.get(self.i) {
                    Some(b't') => b"true",
                    Some(b'f') => b"false",
                    _ => b"null",
                };
                (self.s.get(self.i..self.i + word.len())? == word).then_some(())?;
                self.i += word.len();
            }
            b'-' | b'0'..=b'9' => {
                if matches!(self.s.get(self.i), Some(b'-')) {
                    self.i += 1;
                }
                match self.s.get(self.i)? {
                    b'0' => self.i += 1,
                    b'1'..=b'9' => {
                        self.digits();
                    }
                    _ => return None,
                }
                if matches!(self.s.get(self.i), Some(b'.')) {
                    self.i += 1;
                    (self.digits() > 0).then_some(())?;
                }
                if matches!(self.s.get(self.i), Some(b'e' | b'E')) {
                    self.i += 1;
                    if matches!(self.s.get(self.i), Some(b'+' | b'-')) {
                        self.i += 1;
                    }
                    (self.digits() > 0).then_some(())?;
                }
            }
            _ => return None,
        }
        Some((start, self.i))
    }

    /// A string value (its literal's span), or `None` for anything else.
    fn string_value(&mut self) -> Option<Span> {
        (self.peek()? == b'"').then_some(())?;
        self.string().map(|(span, _)| span)
    }

    /// Calls `field` for each key of an object; `field` reads the value.
    fn object(&mut self, mut field: impl FnMut(&mut Self, &'a str) -> Option<()>) -> Option<()> {
        self.eat(b'{')?;
        if self.eat(b'}').is_some() {
            return Some(());
        }
        loop {
            let key = self.key()?;
            field(self, key)?;
            if self.eat(b',').is_none() {
                return self.eat(b'}');
            }
        }
    }
}

struct Out<'a> {
    text: &'a str,
    sink: Sink,
    scrubber: &'a Scrubber,
}

impl<'a> Out<'a> {
    fn new(text: &'a str, scrubber: &'a Scrubber) -> Self {
        Out { text, sink: Sink::new(text.len() + text.len() / 8 + 64), scrubber }
    }

    /// `"key":value` (with a leading comma unless `first`), the key from [`sink::KEYS`].
    fn known(&mut self, first: bool, (start, end): Span, value: Span) -> Option<()> {
        self.sink.short(&sink::KEYS, (start + usize::from(first), end))?;
        self.sink.short(self.text.as_bytes(), value)
    }

    /// `"key":value`, with a leading comma unless first.
    fn field(&mut self, first: bool, key: &str, value: Span) -> Option<()> {
        self.sink.put(if first { "\"" } else { ",\"" })?;
        self.sink.put(key)?;
        self.sink.put("\":")?;
        self.sink.copy(self.text.as_bytes(), value)
    }

    /// `,"additionalProperties":{...}` when there are unknown fields (`{"additionalProperties":...}`
    /// when `first`). `None` when one may hold a secret: an echo the tree decoder scrubs.
    fn extra(&mut self, first: bool, extra: &[(&str, Span)]) -> Option<()> {
        if extra.is_empty() {
            return Some(());
        }
        if !self.scrubber.is_empty() {
            for (k, (start, end)) in extra {
                let v = self.text.get(*start..*end)?;
                // An escape may hide a secret in a form the raw text does not show.
                if v.contains('\\') || self.scrubber.taints(v) || self.scrubber.taints(k) {
                    return None;
                }
            }
        }
        self.sink.put(if first { "\"additionalProperties\":{" } else { ",\"additionalProperties\":{" })?;
        for (i, (k, v)) in extra.iter().enumerate() {
            self.field(i == 0, k, *v)?;
        }
        self.sink.put("}")
    }

    /// What was written, as text.
    fn finish(self) -> Option<String> {
        self.sink.finish()
    }
}

fn is_null(sc: &Scanner<'_>, (start, _): Span) -> bool {
    matches!(sc.s.get(start), Some(b'n'))
}

/// One account, `depth` containers below the top (1 for get, 2 for a list's items): nesting is
/// counted from the top, as the tree decoder counts it.
fn account(sc: &mut Scanner<'_>, out: &mut Out<'_>, depth: usize) -> Option<()> {
    let mut values: [Option<Span>; FIELD_COUNT] = [None; FIELD_COUNT];
    let (mut id, mut kind, mut saw_attributes) = (None, None, false);
    let mut attr_extra = Vec::new();
    let mut extra = Vec::new();
    sc.object(|sc, key| {
        // By length first: an integer switch, then one comparison (string patterns would each
        // be a call).
        match key.len() {
            10 if key.as_bytes() == b"attributes" => {
                if saw_attributes {
                    // A repeated `attributes`: the last one counts (as in JSON.parse), and nothing
                    // of the others may survive; left to the tree decoder.
                    return None;
                }
                saw_attributes = true;
                sc.object(|sc, key| {
                    let Some(i) = super::by_wire(key) else {
                        attr_extra.push((key, sc.value(depth + 2)?));
                        return Some(());
                    };
                    let role = FIELDS.get(i)?.role;
                    if role.is_secret() {
                        // Write-only secrets are never passed on.
                        sc.value(depth + 2)?;
                    } else if role.required_in_response() {
                        *values.get_mut(i)? = Some(sc.string_value()?);
                    } else {
                        let v = sc.value(depth + 2)?;
                        *values.get_mut(i)? = if is_null(sc, v) { None } else { Some(v) };
                        if values.get(i)?.is_some() && !matches!(sc.s.get(v.0), Some(b'"')) {
                            return None;
                        }
                    }
                    Some(())
                })?;
            }
            2 if key.as_bytes() == b"id" => {
                let v = sc.value(depth + 1)?;
                id = if is_null(sc, v) { None } else { Some(v) };
                if id.is_some() && !matches!(sc.s.get(v.0), Some(b'"')) {
                    return None;
                }
            }
            4 if key.as_bytes() == b"type" => kind = Some(sc.string_value()?),
            _ => extra.push((key, sc.value(depth + 1)?)),
        }
        Some(())
    })?;
    if !saw_attributes {
        return None;
    }
    out.sink.copy(b"{\"attributes\":{ ", (0, 15))?; // one byte more to read: copied as two words
    let mut first = true;
    // `values` by reference: by value, the array was copied (a `memory.copy`) for each account.
    for (i, (field, value)) in FIELDS.iter().zip(&values).enumerate() {
        match *value {
            _ if field.role.is_secret() => {}
            Some(v) => {
                out.known(first, sink::piece(i), v)?;
                first = false;
            }
            None if field.role.required_in_response() => return None,
            None => {}
        }
    }
    if first {
        return None; // no attribute at all: the general path says which is missing
    }
    out.extra(false, &attr_extra)?;
    out.sink.put("}")?;
    if let Some(id) = id {
        out.known(false, sink::ID, id)?;
    }
    out.known(false, sink::TYPE, kind?)?;
    out.extra(false, &extra)?;
    out.sink.put("}")
}

fn envelope(body: &str, list: bool, scrubber: &Scrubber) -> Option<String> {
    let mut sc = Scanner { s: body.as_bytes(), text: body, i: 0 };
    let mut out = Out::new(body, scrubber);
    let mut extra = Vec::new();
    let mut wrote_data = false;
    out.sink.put("{")?;
    sc.object(|sc, key| {
        if key != "data" {
            extra.push((key, sc.value(1)?));
            return Some(());
        }
        if wrote_data {
            return None; // a repeated `data`: leave it to the general path
        }
        if sc.peek()? == b'n' {
            sc.value(1)?;
            return Some(());
        }
        wrote_data = true;
        out.sink.put("\"data\":")?;
        if !list {
            return account(sc, &mut out, 1);
        }
        sc.eat(b'[')?;
        out.sink.put("[")?;
        if sc.eat(b']').is_none() {
            loop {
                account(sc, &mut out, 2)?;
                if sc.eat(b',').is_none() {
                    sc.eat(b']')?;
                    break;
                }
                out.sink.put(",")?;
            }
        }
        out.sink.put("]")
    })?;
    sc.ws();
    if sc.i != sc.s.len() {
        return None;
    }
    out.extra(!wrote_data, &extra)?;
    out.sink.put("}")?;
    out.finish()
}

/// The body of list in the official shape, or `None` to take the general path (which also
/// scrubs unknown fields that may echo a secret of `scrubber`).
pub fn account_list(body: &str, scrubber: &Scrubber) -> Option<String> {
    envelope(body, true, scrubber)
}

/// The body of get, create or update in the official shape, or `None` for the general path.
pub fn account_single(body: &str, scrubber: &Scrubber) -> Option<String> {
    envelope(body, false, scrubber)
}
