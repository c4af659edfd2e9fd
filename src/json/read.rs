//! Reading JSON text, with the place of the first problem and a limit on nesting.

use crate::prelude::*;

use super::{Json, Number, Object, MAX_DEPTH};

/// Why a text is not JSON, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong.
    pub message: &'static str,
    /// 1-based line of the problem.
    pub line: usize,
    /// 1-based column (in bytes) of the problem.
    pub column: usize,
}

impl core::fmt::Display for ParseError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl ParseError {
    /// What `Display` shows: `... at line L column C`.
    pub fn describe(&self) -> String {
        let mut out = String::from(self.message);
        out.push_str(" at line ");
        crate::text::push_int(&mut out, self.line as u64);
        out.push_str(" column ");
        crate::text::push_int(&mut out, self.column as u64);
        out
    }
}

/// Parses a complete JSON text.
pub fn parse(text: &str) -> Result<Json, ParseError> {
    let mut p = Parser { s: text.as_bytes(), i: 0, text };
    let v = p.value(0).map_err(|m| p.error(m))?;
    p.ws();
    if p.i < p.s.len() {
        return Err(p.error("trailing characters after the JSON value"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    text: &'a str,
}

type Res<T> = Result<T, &'static str>;

impl Parser<'_> {
    fn error(&self, message: &'static str) -> ParseError {
        let before = self.text.get(..self.i.min(self.text.len())).unwrap_or_default();
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let column = before.len() - before.bytes().rposition(|b| b == b'\n').map_or(0, |n| n + 1) + 1;
        ParseError { message, line, column }
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    #[inline(always)]
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn literal(&mut self, word: &'static [u8], v: Json) -> Res<Json> {
        if self.s.get(self.i..self.i + word.len()) == Some(word) {
            self.i += word.len();
            Ok(v)
        } else {
            Err("expected a JSON value")
        }
    }

    fn value(&mut self, depth: usize) -> Res<Json> {
        self.ws();
        match self.peek() {
            None => Err("unexpected end of the text"),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Json::String),
            Some(b't') => self.literal(b"true", Json::Bool(true)),
            Some(b'f') => self.literal(b"false", Json::Bool(false)),
            Some(b'n') => self.literal(b"null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err("expected a JSON value"),
        }
    }

    fn object(&mut self, depth: usize) -> Res<Json> {
        if depth > MAX_DEPTH {
            return Err("nested too deeply");
        }
        self.i += 1;
        let mut entries = Vec::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(Json::Object(Object(entries)));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err("expected a string key");
            }
            let key = self.string()?;
            self.ws();
            if self.peek() != Some(b':') {
                return Err("expected `:` after a key");
            }
            self.i += 1;
            let value = self.value(depth)?;
            entries.push((key, value));
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Json::Object(Object(entries)));
                }
                None => return Err("unexpected end of the text in an object"),
                Some(_) => return Err("expected `,` or `}` in an object"),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Res<Json> {
        if depth > MAX_DEPTH {
            return Err("nested too deeply");
        }
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Json::Array(items));
                }
                None => return Err("unexpected end of the text in an array"),
                Some(_) => return Err("expected `,` or `]` in an array"),
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Res<Json> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err("invalid number"),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err("invalid number");
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err("invalid number");
            }
        }
        let text = self.text.get(start..self.i).ok_or("invalid number")?;
        Ok(Json::Number(Number(text.to_owned())))
    }

    fn hex4(&mut self) -> Res<u32> {
        let h = self.text.get(self.i..self.i + 4).ok_or("invalid \\u escape")?;
        let v = crate::text::digits(h, 16).ok_or("invalid \\u escape")?;
        self.i += 4;
        Ok(v as u32)
    }

    fn string(&mut self) -> Res<String> {
        self.i += 1;
        let mut out = String::new();
        let mut run = self.i;
        loop {
            let Some(b) = self.peek() else { return Err("unexpected end of the text in a string") };
            match b {
                b'"' => {
                    out.push_str(self.text.get(run..self.i).ok_or("invalid string")?);
                    self.i += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(self.text.get(run..self.i).ok_or("invalid string")?);
                    self.i += 1;
                    let esc = self.peek().ok_or("unexpected end of the text in a string")?;
                    self.i += 1;
                    match esc {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let mut c = self.hex4()?;
                            if (0xD800..0xDC00).contains(&c) && self.s.get(self.i..self.i + 2) == Some(b"\\u") {
                                let save = self.i;
                                self.i += 2;
                                let low = self.hex4()?;
                                if (0xDC00..0xE000).contains(&low) {
                                    c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                                } else {
                                    self.i = save;
                                }
                            }
                            // A lone surrogate (JSON.stringify writes them as escapes) becomes U+FFFD.
                            out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                        }
                        _ => return Err("invalid escape in a string"),
                    }
                    run = self.i;
                }
                0..=0x1f => return Err("control character in a string"),
                _ => self.i += 1,
            }
        }
    }
}

/// Where in a word of eight bytes (little-endian) the first byte is that stops a plain run of a
/// string: `"`, `\` or a control character (below 0x20); 8 when none does. The classic test for a
/// zero byte, `(x - 0x01..) & !x & 0x80..`, flags every zero byte (and, with `0x20..`, every byte
/// below 0x20); a borrow can also flag a byte above a flagged one, never below, so the lowest flag
/// is exact.
#[inline(always)]
pub fn plain_run(word: u64) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |x: u64, below: u64| x.wrapping_sub(ONES * below) & !x & HIGH;
    let flags = zero(word ^ (ONES * u64::from(b'"')), 1) | zero(word ^ (ONES * u64::from(b'\\')), 1) | zero(word, 0x20);
    (flags.trailing_zeros() / 8) as usize
}
