//! A small JSON reader and writer: all this client needs, at a fraction of the size a general
//! serialisation framework adds to the wasm. Objects keep their keys in order, numbers keep
//! their original text (so nothing is lost in a round trip), and nesting is limited so hostile
//! input cannot exhaust the stack.

use std::fmt::Write as _;

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
pub struct Number(String);

impl Number {
    /// The text of the number.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value as an `f64`. Parsed by hand (digits, fraction, exponent): exact for integers
    /// up to 2^53 and within an ulp or two otherwise, which is all configuration values need.
    pub fn as_f64(&self) -> Option<f64> {
        let s = self.0.as_str();
        let (neg, s) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
        let (mantissa_part, exp_part) = match s.find(['e', 'E']) {
            Some(i) => (s.get(..i)?, s.get(i + 1..)?),
            None => (s, "0"),
        };
        let (int, frac) = mantissa_part.split_once('.').unwrap_or((mantissa_part, ""));
        let mut mantissa: u64 = 0;
        let mut exp: i32 = exp_part.parse().ok()?;
        for (i, b) in int.bytes().chain(frac.bytes()).enumerate() {
            if mantissa < 1_000_000_000_000_000_000 {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                if i >= int.len() {
                    exp -= 1;
                }
            } else if i < int.len() {
                exp += 1;
            }
        }
        let v = mantissa as f64 * 10f64.powi(exp);
        Some(if neg { -v } else { v })
    }
}

/// A JSON object; keys keep the order they were read or inserted in.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Object(Vec<(String, Json)>);

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

    /// Adds or replaces `key`.
    pub fn insert(&mut self, key: String, value: Json) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
    }

    /// Tells whether the object is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
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
    type IntoIter = std::vec::IntoIter<(String, Json)>;
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

/// Writes `s` as a JSON string literal.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(s.get(start..i).unwrap_or_default());
        if escape.is_empty() {
            let _ = write!(out, "\\u{b:04x}");
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
        let _ = write!(self.out, "{value}");
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

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at line {} column {}", self.message, self.line, self.column)
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
        let column = before.len() - before.rfind('\n').map_or(0, |n| n + 1) + 1;
        ParseError { message, line, column }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

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
        let v = u32::from_str_radix(h, 16).map_err(|_| "invalid \\u escape")?;
        if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err("invalid \\u escape");
        }
        self.i += 4;
        Ok(v)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn round(s: &str) -> String {
        parse(s).unwrap().to_text()
    }

    #[test]
    fn round_trips_keep_order_and_number_text() {
        assert_eq!(round(r#" { "b" : [1, -2.50e+3, true, null], "a": {"x": "y"} } "#), r#"{"b":[1,-2.50e+3,true,null],"a":{"x":"y"}}"#);
        assert_eq!(round(r#""\u00e9\ud83d\ude00\n\"\\\/\b\f\t\u0001""#), "\"é😀\\n\\\"\\\\/\\u0008\\u000c\\t\\u0001\"");
        assert_eq!(round(r#""\ud800x""#), "\"\u{FFFD}x\"");
        assert_eq!(round("12345678901234567890123"), "12345678901234567890123");
    }

    #[test]
    fn repeated_keys_read_the_last() {
        assert_eq!(parse(r#"{"a":1,"a":2}"#).unwrap().get("a").unwrap().as_f64(), Some(2.0));
    }

    #[test]
    fn numbers_as_f64() {
        for (t, v) in [("0", 0.0), ("-0", 0.0), ("3", 3.0), ("0.001", 0.001), ("2.5", 2.5), ("1e3", 1000.0), ("-1.5E-2", -0.015), ("9007199254740993", 9007199254740992.0)] {
            let got = parse(t).unwrap().as_f64().unwrap();
            assert!((got - v).abs() <= v.abs() * 1e-15, "{t}: {got}");
        }
    }

    #[test]
    fn errors_say_where() {
        let e = parse("{\n  \"a\": tru }").unwrap_err();
        assert_eq!((e.message, e.line, e.column), ("expected a JSON value", 2, 8));
        for bad in ["", "{", "[1,]", "{\"a\"}", "01", "1.", "-", "\"\u{1}\"", "\"\\x\"", "\"\\u12\"", "nul", "[] x", "{\"a\":1,}", "\"\\u+123\""] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_a_crash() {
        assert!(parse(&format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH))).is_ok());
        assert_eq!(parse(&"[".repeat(100_000)).unwrap_err().message, "nested too deeply");
        assert_eq!(parse(&"{\"a\":".repeat(100_000)).unwrap_err().message, "nested too deeply");
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        #[test]
        fn arbitrary_text_never_panics(s in proptest::prelude::any::<String>()) {
            let _ = parse(&s);
        }

        #[test]
        fn agrees_with_serde_json(v in arb_json()) {
            let text = serde_json::to_string(&v).unwrap();
            let ours = parse(&text).unwrap().to_text();
            let back: serde_json::Value = serde_json::from_str(&ours).unwrap();
            proptest::prop_assert_eq!(back, v);
        }

        #[test]
        fn json_like_noise_never_panics(s in "[\\[\\]{}\":,0-9eE.+\\-tfnul\\\\ a-z]{0,64}") {
            let ours = parse(&s).is_ok();
            match serde_json::from_str::<serde_json::Value>(&s) {
                Ok(_) => proptest::prop_assert!(ours, "{:?}", s),
                // serde_json also refuses numbers beyond f64; this reader keeps their text.
                Err(e) => proptest::prop_assert!(!ours || e.to_string().contains("out of range"), "{:?}", s),
            }
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn arb_json() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::Bool),
            any::<i64>().prop_map(serde_json::Value::from),
            (-1e6f64..1e6).prop_map(serde_json::Value::from),
            any::<String>().prop_map(serde_json::Value::String),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..8).prop_map(serde_json::Value::Array),
                proptest::collection::btree_map(any::<String>(), inner, 0..8).prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }
}
