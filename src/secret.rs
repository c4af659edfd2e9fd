//! A string that must never be printed (DD keys, the Okta `client_secret` and `api_key`), the
//! scrubber that takes known secrets out of text leaving the library, and the cutting of such
//! text to a short excerpt.

use std::fmt;

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

/// Replaces every occurrence of the known secret values in text that is about to leave the
/// library (error bodies, snippets, messages), in case a proxy echoed a request back.
#[derive(Debug, Clone, Default)]
pub struct Scrubber {
    secrets: Vec<Secret>,
}

impl Scrubber {
    /// Adds a value to scrub. Values shorter than 4 characters are ignored: replacing them
    /// would mangle ordinary text and they are not secrets worth the name.
    pub fn add(&mut self, secret: &Secret) {
        // Characters counted by their first bytes: `chars().count()` brings a large counter.
        let chars = secret.expose().bytes().filter(|b| b & 0xC0 != 0x80).count();
        if chars >= 4 && !self.secrets.contains(secret) {
            self.secrets.push(secret.clone());
        }
    }

    /// Returns `text` with every known secret replaced by `[REDACTED]`.
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for s in &self.secrets {
            out = replace_all(&out, s.expose(), "[REDACTED]");
        }
        out
    }
}

/// `text` with every occurrence of `needle` replaced by `with`, left to right, as
/// `str::replace` does. Compared byte by byte: `str::replace` and `contains` with a string
/// pattern bring a substring search (Two-Way, about 2 KB) into the wasm, and these texts are
/// short (error bodies are cut at 4,096 characters).
fn replace_all(text: &str, needle: &str, with: &str) -> String {
    let (hay, pat) = (text.as_bytes(), needle.as_bytes());
    if pat.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let (mut start, mut i) = (0, 0);
    while i + pat.len() <= hay.len() {
        if hay.get(i..i + pat.len()) == Some(pat) {
            // A match of a whole UTF-8 string starts and ends on character boundaries.
            out.push_str(text.get(start..i).unwrap_or_default());
            out.push_str(with);
            i += pat.len();
            start = i;
        } else {
            i += 1;
        }
    }
    out.push_str(text.get(start..).unwrap_or_default());
    out
}

/// Returns at most `max` characters of `s`, marking a cut with `…`.
pub fn snippet(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", s.get(..i).unwrap_or_default()),
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
    fn short_values_are_counted_in_characters() {
        let mut sc = Scrubber::default();
        sc.add(&Secret::new("ééé")); // 6 bytes, 3 characters: not scrubbed
        sc.add(&Secret::new("éééé"));
        assert_eq!(sc.scrub("ééé éééé"), "ééé [REDACTED]");
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
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
