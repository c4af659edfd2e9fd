//! Text put together without `core::fmt`. Each `format!` or `write!` site costs the wasm its
//! argument tables and a call into the formatting machinery, and `{}` of an integer brings the
//! padding code along; these few functions do what the core needs (BENCHMARKS.md, history of
//! issue 15). `Display` impls for library users stay, written with them.

/// The parts, one after the other.
pub fn cat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

/// The items, each between `mark`s, joined by `, `: `"a", "b"` (one function for every list
/// of the messages, where `join` is instantiated once per item type).
pub fn list(items: &[&str], mark: &str) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(mark);
        out.push_str(item);
        out.push_str(mark);
    }
    out
}

/// Reads ASCII digits in base `radix` (10 or 16): `None` for an empty text, any other character
/// (no sign: `str::parse` and `from_str_radix` take a `+`) or a value beyond `u64`. One reader
/// for every number the core reads, in place of an instance of the standard one per type.
pub fn digits(s: &str, radix: u32) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    s.chars().try_fold(0u64, |n, c| n.checked_mul(u64::from(radix))?.checked_add(u64::from(c.to_digit(radix)?)))
}

/// Appends `n` in decimal.
pub fn push_int(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        if let Some(d) = digits.get_mut(i) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    for d in digits.iter().skip(i) {
        out.push(char::from(*d));
    }
}

/// `n` in decimal.
pub fn int(n: u64) -> String {
    let mut out = String::new();
    push_int(&mut out, n);
    out
}

/// Appends `\uXXXX`, the JSON escape of the UTF-16 unit `u` (lower-case hex, as
/// `JSON.stringify` writes it).
pub fn push_u_escape(out: &mut String, u: u16) {
    out.push_str("\\u");
    for shift in [12, 8, 4, 0] {
        let d = ((u >> shift) & 0xf) as u8;
        out.push(char::from(if d < 10 { b'0' + d } else { b'a' + d - 10 }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_only() {
        assert_eq!(digits("0", 10), Some(0));
        assert_eq!(digits("0042", 10), Some(42));
        assert_eq!(digits("18446744073709551615", 10), Some(u64::MAX));
        assert_eq!(digits("18446744073709551616", 10), None);
        assert_eq!(digits("00fF", 16), Some(255));
        for s in ["", "+1", "-1", " 1", "1 ", "1.5", "a"] {
            assert_eq!(digits(s, 10), None, "{s}");
        }
        assert_eq!(digits("+f", 16), None);
    }

    #[test]
    fn integers_and_escapes_read_as_format_writes_them() {
        for n in [0, 1, 9, 10, 99, 100, 429, 1_000_000, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(int(n), format!("{n}"));
        }
        for u in [0u16, 0x1f, 0xab, 0xd800, 0xffff] {
            let mut s = String::new();
            push_u_escape(&mut s, u);
            assert_eq!(s, format!("\\u{u:04x}"));
        }
        assert_eq!(cat(&["a", "", "bc"]), "abc");
        assert_eq!(list(&["a", "b"], "`"), "`a`, `b`");
        assert_eq!(list(&["a"], ""), "a");
        assert_eq!(list(&[], "\""), "");
    }
}
