//! Text put together without `core::fmt`. Each `format!` or `write!` site costs the wasm its
//! argument tables and a call into the formatting machinery, and `{}` of an integer brings the
//! padding code along; these few functions do what the core needs (BENCHMARKS.md, history of
//! issue 15). `Display` impls for library users stay, written with them.

use crate::prelude::*;

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

/// `base` to the power `exp`, by repeated squaring: what `f64::powi` does (compiler-builtins'
/// `__powidf2`), for the build without std, where `f64` has no `powi`.
pub fn powi(base: f64, exp: i32) -> f64 {
    let (mut base, mut left, mut out) = (base, exp.unsigned_abs(), 1.0);
    loop {
        if left & 1 == 1 {
            out *= base;
        }
        left >>= 1;
        if left == 0 {
            break;
        }
        base *= base;
    }
    if exp < 0 {
        1.0 / out
    } else {
        out
    }
}

/// `x.ceil() as u64` for `x` ≥ 0 (NaN is 0, and too large is `u64::MAX`, as `as` casts do).
pub fn ceil_u64(x: f64) -> u64 {
    let whole = x as u64;
    if (whole as f64) < x {
        whole.saturating_add(1)
    } else {
        whole
    }
}

/// `x.round() as u64` for `x` ≥ 0: halves away from zero, as `f64::round`.
pub fn round_u64(x: f64) -> u64 {
    let whole = x as u64;
    if x - whole as f64 >= 0.5 {
        whole.saturating_add(1)
    } else {
        whole
    }
}

/// Whether a finite `x` is a whole number (`x.fract() == 0.0`); from 2^52 up every float is.
pub fn is_whole(x: f64) -> bool {
    const ALL_WHOLE: f64 = 4_503_599_627_370_496.0;
    !(-ALL_WHOLE..=ALL_WHOLE).contains(&x) || x == (x as i64) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The three numeric stand-ins against std's own, bit for bit.
    #[test]
    fn powi_ceil_and_round_give_what_std_gives() {
        for base in [10.0, 2.0, 1.5, 0.1, 3.7, 0.0, -2.5, 1e-300, 1e300, f64::MAX, f64::MIN_POSITIVE] {
            for exp in (-420..=420).chain([i32::MAX, i32::MIN, i32::MAX - 1]) {
                assert_eq!(powi(base, exp).to_bits(), base.powi(exp).to_bits(), "{base}^{exp}");
            }
        }
        let xs = [0.0, 0.1, 0.5, 0.49999999999999994, 1.0, 1.5, 2.5, 2.4999, 29_999.2, 30_000.0, 1e15 + 0.5, 9_007_199_254_740_993.0, 1e19, 1.8e19, 1e20, f64::INFINITY, f64::NAN];
        for x in xs {
            assert_eq!(ceil_u64(x), x.ceil() as u64, "ceil {x}");
            assert_eq!(round_u64(x), x.round() as u64, "round {x}");
        }
        for x in [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1e-300, 123_456.000_001, 4_503_599_627_370_495.5, 4_503_599_627_370_496.0, -4_503_599_627_370_497.0, 9.3e18, -9.3e18, 1e300, f64::MAX] {
            assert_eq!(is_whole(x), x.fract() == 0.0, "whole {x}");
        }
    }

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
