//! Writing JSON text: string literals and objects written field by field.

use crate::prelude::*;

use super::Object;

/// Writes `s` as a JSON string literal, escaped as `JSON.stringify` escapes it.
pub fn write_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\x08' => "\\b",
            b'\x0c' => "\\f",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(s.get(start..i).unwrap_or_default());
        if escape.is_empty() {
            crate::text::push_u_escape(out, u16::from(b));
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or_default());
    out.push('"');
}

/// Writes an object field by field, without building a value first.
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> ObjectWriter<'a> {
    /// Opens an object.
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        ObjectWriter { out, first: true }
    }

    fn key(&mut self, key: &str) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        write_str(self.out, key);
        self.out.push(':');
    }

    /// A boolean field.
    pub fn bool(&mut self, key: &str, value: bool) -> &mut Self {
        self.raw(key, |o| o.push_str(if value { "true" } else { "false" }))
    }

    /// An array of strings.
    pub fn strs<'s>(&mut self, key: &str, items: impl IntoIterator<Item = &'s str>) -> &mut Self {
        self.raw(key, |o| {
            o.push('[');
            for (i, item) in items.into_iter().enumerate() {
                if i > 0 {
                    o.push(',');
                }
                write_str(o, item);
            }
            o.push(']');
        })
    }

    /// A field whose value `f` writes.
    pub fn raw(&mut self, key: &str, f: impl FnOnce(&mut String)) -> &mut Self {
        self.key(key);
        f(self.out);
        self
    }

    /// A string field.
    pub fn str(&mut self, key: &str, value: &str) -> &mut Self {
        self.key(key);
        write_str(self.out, value);
        self
    }

    /// A string field, left out when `None`.
    pub fn opt_str(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value {
            self.str(key, v);
        }
        self
    }

    /// An integer field.
    pub fn int(&mut self, key: &str, value: u64) -> &mut Self {
        self.key(key);
        crate::text::push_int(self.out, value);
        self
    }

    /// An integer field, left out when `None`.
    pub fn opt_int(&mut self, key: &str, value: Option<u64>) -> &mut Self {
        if let Some(v) = value {
            self.int(key, v);
        }
        self
    }

    /// An object field with the entries of `o`, left out when `o` is empty.
    pub fn extra(&mut self, key: &str, o: &Object) -> &mut Self {
        if !o.is_empty() {
            self.raw(key, |out| o.write(out));
        }
        self
    }

    /// Closes the object.
    pub fn end(&mut self) {
        self.out.push('}');
    }
}
