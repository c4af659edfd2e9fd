//! A string that must never be printed (DD keys, the Okta `client_secret` and `api_key`), the
//! scrubber that takes known secrets out of text leaving the library, and the cutting of such
//! text to a short excerpt.

use crate::prelude::*;

use core::fmt;

use crate::encode::{encode_uri_component, push_percent};
use crate::json::{write_str, Json, Object};
use crate::text::{cat, push_u_escape};

/// A secret value. `Debug` and `Display` print `[REDACTED]`; [`Secret::expose`] is the one
/// way to read it, and it is called only where a header or a request body is written.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// Returns the value, for writing it into a header or a request body.
    pub fn expose(&self) -> &str {
        &self.0
    }

}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

/// Replaces every known secret in text that is about to leave the library (error bodies,
/// snippets, messages, headers, unknown keys of results), in case a server or a proxy echoed
/// the request back. Each secret is matched whole in every form an echo shows it in: raw,
/// JSON-escaped (as `JSON.stringify` writes it, and with non-ASCII characters as `\uXXXX`, as
/// many servers do) and URL-encoded (as `encodeURIComponent` and HTML forms write it).
#[derive(Debug, Clone, Default)]
pub struct Scrubber {
    /// Every form of every secret, longest first, so that a secret holding another is
    /// replaced whole.
    forms: Vec<Secret>,
}

impl Scrubber {
    /// Adds a value to scrub. Values shorter than 4 characters are ignored: replacing them
    /// would mangle ordinary text and they are not secrets worth the name.
    pub fn add(&mut self, secret: &Secret) {
        let raw = secret.expose();
        // Characters counted by their first bytes: `chars().count()` brings a large counter.
        if raw.bytes().filter(|b| b & 0xC0 != 0x80).count() < 4 {
            return;
        }
        // Letters, digits and `-_.*` read the same in every form (most keys and tokens): one form.
        if raw.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'*')) {
            self.insert(Secret::new(raw.to_owned()));
            return;
        }
        for form in [raw.to_owned(), json_escaped(raw, false), json_escaped(raw, true), encode_uri_component(raw), form_encoded(raw)] {
            self.insert(Secret::new(form));
        }
    }

    /// Adds one form, unless known, keeping the forms longest first (an insertion: a handful of
    /// forms, and no sort code in the wasm).
    fn insert(&mut self, form: Secret) {
        if !self.forms.contains(&form) {
            let at = self.forms.iter().position(|f| f.expose().len() < form.expose().len()).unwrap_or(self.forms.len());
            self.forms.insert(at, form);
        }
    }

    /// Tells whether the scrubber knows no secret (a proxy holds the keys).
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// Tells whether `text` holds a known secret in any of its forms.
    pub fn taints(&self, text: &str) -> bool {
        // Longest first: once the forms are longer than the text, none can be in it (short texts,
        // such as most unknown fields, are done in a comparison or two).
        self.forms.iter().rev().take_while(|f| f.expose().len() <= text.len()).any(|f| find(text.as_bytes(), f.expose().as_bytes(), 0).is_some())
    }

    /// Returns `text` with every known secret, in any of its forms, replaced by `[REDACTED]`.
    /// Call it before any cut: a secret cut in two is no longer found.
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for f in &self.forms {
            out = replace_all(&out, f.expose(), "[REDACTED]");
        }
        out
    }

    /// Scrubs every string of a JSON value, object keys included.
    pub fn scrub_json(&self, v: &mut Json) {
        match v {
            Json::String(s) => self.scrub_in_place(s),
            Json::Array(items) => items.iter_mut().for_each(|item| self.scrub_json(item)),
            Json::Object(o) => self.scrub_object(o),
            Json::Null | Json::Bool(_) | Json::Number(_) => {}
        }
    }

    /// Scrubs every key and string value of an object.
    pub fn scrub_object(&self, o: &mut Object) {
        for (k, v) in &mut o.0 {
            self.scrub_in_place(k);
            self.scrub_json(v);
        }
    }

    fn scrub_in_place(&self, s: &mut String) {
        if self.taints(s) {
            *s = self.scrub(s);
        }
    }
}

/// `s` as it appears inside a JSON string literal: as `JSON.stringify` writes it, or with
/// every non-ASCII character escaped too (`ensure_ascii`, as Python and others write it).
fn json_escaped(s: &str, ascii_only: bool) -> String {
    let mut out = String::new();
    write_str(&mut out, s);
    let inner = out.get(1..out.len().saturating_sub(1)).unwrap_or_default();
    if !ascii_only {
        return inner.to_owned();
    }
    let mut ascii = String::with_capacity(inner.len());
    for c in inner.chars() {
        if c.is_ascii() {
            ascii.push(c);
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                push_u_escape(&mut ascii, *u);
            }
        }
    }
    ascii
}

/// `s` as an HTML form or `URLSearchParams` writes it: `+` for a space, `%XX` for every byte
/// but letters, digits and `*-._`.
fn form_encoded(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        match b {
            b' ' => out.push('+'),
            b if b.is_ascii_alphanumeric() || matches!(b, b'*' | b'-' | b'.' | b'_') => out.push(char::from(b)),
            b => push_percent(&mut out, b),
        }
    }
    out
}

/// Where `pat` next occurs in `hay` at or after `from`. Compared byte by byte: `str::contains`
/// and `str::replace` with a string pattern bring a substring search (Two-Way, about 2 KB) into
/// the wasm, and these texts are short (error bodies, unknown fields).
fn find(hay: &[u8], pat: &[u8], from: usize) -> Option<usize> {
    if pat.is_empty() {
        return None;
    }
    (from..=hay.len().checked_sub(pat.len())?).find(|&i| hay.get(i..i + pat.len()) == Some(pat))
}

/// `text` with every occurrence of `needle` replaced by `with`, left to right, as
/// `str::replace` does.
fn replace_all(text: &str, needle: &str, with: &str) -> String {
    let (hay, pat) = (text.as_bytes(), needle.as_bytes());
    let mut out = String::with_capacity(text.len());
    let mut start = 0;
    while let Some(i) = find(hay, pat, start) {
        // A match of a whole UTF-8 string starts and ends on character boundaries.
        out.push_str(text.get(start..i).unwrap_or_default());
        out.push_str(with);
        start = i + pat.len();
    }
    out.push_str(text.get(start..).unwrap_or_default());
    out
}

/// Returns at most `max` characters of `s`, marking a cut with `…`.
pub fn snippet(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => cat(&[s.get(..i).unwrap_or_default(), "…"]),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_redact() {
        let s = Secret::new("canary-7d1f");
        assert_eq!(format!("{s:?}"), "[REDACTED]");
        assert_eq!(format!("{s}"), "[REDACTED]");
        assert_eq!(s.expose(), "canary-7d1f");
    }

    #[test]
    fn scrubber_replaces_every_occurrence() {
        let mut sc = Scrubber::default();
        sc.add(&Secret::new("canary-7d1f"));
        sc.add(&Secret::new("ab"));
        assert_eq!(sc.scrub("x canary-7d1f y canary-7d1f ab"), "x [REDACTED] y [REDACTED] ab");
    }

    #[test]
    fn a_plain_secret_has_one_form_and_loses_none() {
        // `add` keeps one form for letters, digits and `-_.*`: every encoding leaves them as they are.
        let plain: String = (0u8..128).filter(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'*')).map(char::from).collect();
        for form in [json_escaped(&plain, false), json_escaped(&plain, true), encode_uri_component(&plain), form_encoded(&plain)] {
            assert_eq!(form, plain);
        }
        // Any other ASCII character has another form in at least one encoding.
        for b in (0u8..128).filter(|b| !plain.as_bytes().contains(b)) {
            let s = String::from_utf8(vec![b'a', b]).unwrap();
            assert!([json_escaped(&s, false), encode_uri_component(&s), form_encoded(&s)].iter().any(|f| *f != s), "{b}");
        }
        let mut sc = Scrubber::default();
        sc.add(&Secret::new(plain.clone()));
        assert_eq!(sc.forms.len(), 1);
        assert_eq!(sc.scrub(&["x", &plain, "y"].concat()), "x[REDACTED]y");
    }

    #[test]
    fn every_form_of_a_secret_is_scrubbed_whole() {
        let mut sc = Scrubber::default();
        sc.add(&Secret::new("a\"b\\c/d é+&1"));
        let forms = [
            "a\"b\\c/d é+&1",
            r#"a\"b\\c/d é+&1"#,
            r#"a\"b\\c/d \u00e9+&1"#,
            "a%22b%5Cc%2Fd%20%C3%A9%2B%261",
            "a%22b%5Cc%2Fd+%C3%A9%2B%261",
        ];
        for form in forms {
            assert!(sc.taints(&format!("<{form}>")), "{form}");
            assert_eq!(sc.scrub(&format!("<{form}>{form}")), "<[REDACTED]>[REDACTED]", "{form}");
        }
        assert!(!sc.taints("a\"b\\c/d é+&"));
        assert!(!format!("{sc:?}").contains("c/d"));
    }

    #[test]
    fn four_characters_is_the_shortest_secret_scrubbed() {
        let mut sc = Scrubber::default();
        sc.add(&Secret::new("abc"));
        assert!(sc.is_empty());
        sc.add(&Secret::new("ab\u{e9}d"));
        assert_eq!(sc.scrub("x ab\u{e9}d y abc"), "x [REDACTED] y abc");
    }

    #[test]
    fn json_forms_escape_as_json_stringify_or_as_ascii() {
        assert_eq!(json_escaped("a\"\u{e9}\u{1f600}\n", false), "a\\\"\u{e9}\u{1f600}\\n");
        assert_eq!(json_escaped("a\"\u{e9}\u{1f600}\n", true), "a\\\"\\u00e9\\ud83d\\ude00\\n");
        assert_eq!(form_encoded("a b+~"), "a+b%2B%7E");
    }

    #[test]
    fn a_secret_holding_another_is_replaced_whole() {
        let mut sc = Scrubber::default();
        sc.add(&Secret::new("abcd"));
        sc.add(&Secret::new("abcdefgh"));
        assert_eq!(sc.scrub("abcdefgh abcd"), "[REDACTED] [REDACTED]");
    }

    #[test]
    fn json_values_are_scrubbed_in_keys_and_strings() {
        let mut sc = Scrubber::default();
        sc.add(&Secret::new("canary-7d1f"));
        let mut v = crate::json::parse(r#"{"canary-7d1f":["x canary-7d1f",{"k":"canary%2D7d1f"}],"n":1}"#).unwrap();
        sc.scrub_json(&mut v);
        assert_eq!(v.to_text(), r#"{"[REDACTED]":["x [REDACTED]",{"k":"canary%2D7d1f"}],"n":1}"#);
    }

    #[test]
    fn short_values_are_counted_in_characters() {
        let mut sc = Scrubber::default();
        sc.add(&Secret::new("ééé")); // 6 bytes, 3 characters: not scrubbed
        sc.add(&Secret::new("éééé"));
        assert_eq!(sc.scrub("ééé éééé"), "ééé [REDACTED]");
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: crate::json::proptest_cases(2000), ..Default::default() })]
        #[test]
        fn replace_all_is_str_replace(text in "(ab|é|a|b|x|😀){0,40}", needle in "(ab|é|a|b|😀){1,4}") {
            proptest::prop_assert_eq!(replace_all(&text, &needle, "[R]"), text.replace(&needle, "[R]"));
        }
    }

    #[test]
    fn snippets_cut_on_char_boundaries() {
        assert_eq!(snippet("ééé", 2), "éé…");
        assert_eq!(snippet("ab", 5), "ab");
    }
}
