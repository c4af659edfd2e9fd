//! A small JSON reader and writer: all this client needs, at a fraction of the size a general
//! serialisation framework adds to the wasm. Objects keep their keys in order, numbers keep
//! their original text (so nothing is lost in a round trip), and nesting is limited so hostile
//! input cannot exhaust the stack.

use crate::prelude::*;

mod read;
mod write;

pub use read::{parse, ParseError};
pub(crate) use read::plain_run;
pub use write::{write_str, ObjectWriter};

/// Deepest nesting accepted: far beyond any real body, far below the stack's limit.
pub const MAX_DEPTH: usize = 128;

/// A JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object.
    Object(Object),
}

/// A JSON number, kept as its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number(pub(crate) String);

impl Number {
    /// The value as an `f64`. Parsed by hand (digits, fraction, exponent), without the float
    /// parsing tables of `str::parse` (17 KB of wasm, 15 KB gzip, measured): exact for integers up
    /// to 2^53 and within 5 ulps otherwise (measured over 2 million random numbers), subnormals included; the exponent saturates, so a
    /// number too large for an `f64` is infinite and one too small is 0, never a panic or NaN.
    pub fn as_f64(&self) -> Option<f64> {
        let s = self.0.as_str();
        let (neg, s) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
        let (mantissa_part, exp_part) = match s.find(['e', 'E']) {
            Some(i) => (s.get(..i)?, s.get(i + 1..)?),
            None => (s, "0"),
        };
        let (int, frac) = mantissa_part.split_once('.').unwrap_or((mantissa_part, ""));
        let mut exp = saturating_exponent(exp_part)?;
        let mut mantissa: u64 = 0;
        for (i, b) in int.bytes().chain(frac.bytes()).enumerate() {
            let digit = b.checked_sub(b'0').filter(|d| *d <= 9)?;
            if mantissa < 1_000_000_000_000_000_000 {
                mantissa = mantissa * 10 + u64::from(digit);
                if i >= int.len() {
                    exp -= 1;
                }
            } else if i < int.len() {
                exp += 1;
            }
        }
        let v = if mantissa == 0 { 0.0 } else { scale(mantissa as f64, exp) };
        Some(if neg { -v } else { v })
    }
}

/// Bound of the exponents kept: far past where an `f64` with a 19-digit mantissa overflows or
/// underflows, far from `i64`'s limits however many digits the text has.
const EXPONENT_BOUND: i64 = 1_000_000_000;

/// An exponent (`12`, `+12`, `-12`) clamped to ±[`EXPONENT_BOUND`].
fn saturating_exponent(text: &str) -> Option<i64> {
    let (neg, digits) = match text.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let mut n: i64 = 0;
    for b in digits.bytes() {
        let digit = b.checked_sub(b'0').filter(|d| *d <= 9)?;
        n = (n * 10 + i64::from(digit)).min(EXPONENT_BOUND);
    }
    Some(if neg { -n } else { n })
}

/// `m × 10^exp` for an integer `m` from 1 to 10^19.
fn scale(m: f64, exp: i64) -> f64 {
    match exp {
        309.. => f64::INFINITY,  // at least 10^309
        ..-344 => 0.0,           // below 10^-325, under half the smallest subnormal
        -300.. => m * crate::text::powi(10.0, exp as i32),
        // In two steps: 10^exp alone would be subnormal (or 0) and lose the digits of m.
        _ => m * crate::text::powi(10.0, exp as i32 + 300) * 1e-300,
    }
}

/// A JSON object; keys keep the order they were read or inserted in.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Object(pub(crate) Vec<(String, Json)>);

impl Object {
    /// An empty object.
    pub fn new() -> Self {
        Object(Vec::new())
    }

    /// The value of `key` (the last one, when a key is repeated, as in `JSON.parse`).
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Tells whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    /// Adds or replaces `key`. It looks at every entry: for building an object of a few keys;
    /// a reader copying many entries uses [`Object::push`].
    pub fn insert(&mut self, key: String, value: Json) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
    }

    /// Appends an entry in constant time, even when `key` is already present: the last one
    /// wins in [`Object::get`], and in `JSON.parse` of the written text (which keeps the first
    /// one's place), as in `JSON.parse` of the text it was read from.
    pub fn push(&mut self, key: String, value: Json) {
        self.0.push((key, value));
    }

    /// Tells whether the object is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entries, in order.
    pub fn iter(&self) -> impl Iterator<Item = &(String, Json)> {
        self.0.iter()
    }

    /// Writes the object as JSON text.
    pub fn write(&self, out: &mut String) {
        let mut w = ObjectWriter::new(out);
        for (k, v) in &self.0 {
            w.raw(k, |out| v.write(out));
        }
        w.end();
    }
}

impl IntoIterator for Object {
    type Item = (String, Json);
    type IntoIter = alloc::vec::IntoIter<(String, Json)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl Json {
    /// The field `key` of an object; `None` for anything else.
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.as_object()?.get(key)
    }

    /// The object, if this is one.
    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Json::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number as an `f64`, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    /// Writes the value as JSON text.
    pub fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(&n.0),
            Json::String(s) => write_str(out, s),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(o) => o.write(out),
        }
    }

    /// The value as JSON text.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }
}

/// The number of cases of a property test: `PROPTEST_CASES` when set (a longer hunt), `default`
/// otherwise. Tests only; in this first layer so that every module may use it.
#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) fn proptest_cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}

#[cfg(test)]
mod tests;
