//! Percent-encoding of one path segment, exactly as JavaScript's `encodeURIComponent`.

use crate::prelude::*;

/// Encodes `s` as `encodeURIComponent` does: every byte of its UTF-8 form is kept when it is
/// an ASCII letter, digit or one of `-_.!~*'()`, and written as `%XX` (upper-case hex)
/// otherwise. The result is always a single path segment: `/`, `?`, `#`, `%` and `.` runs
/// such as `..` cannot act as path syntax (`..` stays literal, which servers treat as a name).
pub fn encode_uri_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        let keep = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')');
        if keep {
            out.push(char::from(b));
        } else {
            push_percent(&mut out, b);
        }
    }
    out
}

/// Appends `%XX`, the percent-escape of byte `b` (upper-case hex, as `encodeURIComponent` and
/// HTML forms write it).
pub fn push_percent(out: &mut String, b: u8) {
    out.push('%');
    out.push(hex_digit(b >> 4));
    out.push(hex_digit(b & 0x0f));
}

fn hex_digit(n: u8) -> char {
    char::from_digit(u32::from(n), 16).unwrap_or('0').to_ascii_uppercase()
}

/// Decodes `%XX` escapes (the inverse of [`encode_uri_component`]); `None` for a malformed
/// escape or bytes that are not UTF-8.
pub fn decode_component(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::try_from(crate::text::digits(hex, 16)?).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_encode_uri_component() {
        // Expected values computed with Node's encodeURIComponent.
        let cases = [
            ("f749daaf-682e-4208-a38d-c9b43162c609", "f749daaf-682e-4208-a38d-c9b43162c609"),
            ("a/b", "a%2Fb"),
            ("a?b#c", "a%3Fb%23c"),
            ("..", ".."),
            ("../x", "..%2Fx"),
            ("a b", "a%20b"),
            ("100%", "100%25"),
            ("é", "%C3%A9"),
            ("日本", "%E6%97%A5%E6%9C%AC"),
            ("😀", "%F0%9F%98%80"),
            ("-_.!~*'()", "-_.!~*'()"),
            ("a+b=c&d;e,f:g@h$", "a%2Bb%3Dc%26d%3Be%2Cf%3Ag%40h%24"),
        ];
        for (input, want) in cases {
            assert_eq!(encode_uri_component(input), want, "input {input:?}");
        }
    }

    #[test]
    fn decodes_escapes_as_decode_uri_component() {
        assert_eq!(decode_component("a%2Fb%C3%A9"), Some("a/bé".to_owned()));
        // decodeURIComponent throws on these: two hex digits, nothing else, make an escape.
        for s in ["%+2", "%-1", "%2", "%zz", "% 2"] {
            assert_eq!(decode_component(s), None, "{s}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: crate::json::proptest_cases(2000), ..Default::default() })]
        #[test]
        fn one_segment_that_decodes_back(id in proptest::prelude::any::<String>()) {
            let enc = encode_uri_component(&id);
            proptest::prop_assert!(!enc.contains('/') && !enc.contains('?') && !enc.contains('#'));
            proptest::prop_assert_eq!(decode_component(&enc), Some(id));
        }
    }
}
