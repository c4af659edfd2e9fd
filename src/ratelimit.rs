//! The `X-RateLimit-*` headers Datadog sends on every response, 429s included.

use crate::prelude::*;

use crate::json::ObjectWriter;

/// The rate-limit figures of one response; a field is `None` when its header was absent or
/// unreadable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per period (`X-RateLimit-Limit`).
    pub limit: Option<u64>,
    /// Length of the period in seconds (`X-RateLimit-Period`).
    pub period: Option<u64>,
    /// Requests left in this period (`X-RateLimit-Remaining`).
    pub remaining: Option<u64>,
    /// Seconds until the period resets (`X-RateLimit-Reset`).
    pub reset: Option<u64>,
    /// Name of the limit (`X-RateLimit-Name`).
    pub name: Option<String>,
}

impl RateLimit {
    /// Writes the figures as a JSON object; absent figures are left out.
    pub fn write(&self, out: &mut String) {
        ObjectWriter::new(out)
            .opt_int("limit", self.limit)
            .opt_int("period", self.period)
            .opt_int("remaining", self.remaining)
            .opt_int("reset", self.reset)
            .opt_str("name", self.name.as_deref())
            .end();
    }

    /// Reads the figures from response headers (names compared case-insensitively).
    /// Returns `None` when no rate-limit header is present at all.
    pub fn from_headers(headers: &[(String, String)]) -> Option<RateLimit> {
        let get = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        let rl = RateLimit {
            limit: get("x-ratelimit-limit").and_then(parse_count),
            period: get("x-ratelimit-period").and_then(parse_count),
            remaining: get("x-ratelimit-remaining").and_then(parse_count),
            reset: get("x-ratelimit-reset").and_then(parse_count),
            name: get("x-ratelimit-name").map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()),
        };
        (rl != RateLimit::default()).then_some(rl)
    }
}

/// Parses a header holding a count of seconds or requests. A header sent twice arrives
/// joined as `7, 7`: the first readable item counts. Fractions round up; negative numbers,
/// garbage and absurd values (beyond ten years) are ignored.
pub fn parse_count(value: &str) -> Option<u64> {
    value.split(',').find_map(|item| {
        // Digits, optionally a fraction of digits (rounded up); parsed by hand, since float
        // parsing would add kilobytes of tables to the wasm for one header.
        let (whole, fraction) = item.trim().split_once('.').unwrap_or((item.trim(), ""));
        if whole.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n = crate::text::digits(whole, 10)? + u64::from(fraction.bytes().any(|b| b != b'0'));
        (n <= 315_360_000).then_some(n)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn reads_all_five_headers() {
        let rl = RateLimit::from_headers(&h(&[
            ("X-RateLimit-Limit", "100"),
            ("x-ratelimit-period", "60"),
            ("X-RATELIMIT-REMAINING", "99"),
            ("X-RateLimit-Reset", "7, 7"),
            ("X-RateLimit-Name", "okta_accounts"),
        ]))
        .unwrap();
        assert_eq!(rl.limit, Some(100));
        assert_eq!(rl.period, Some(60));
        assert_eq!(rl.remaining, Some(99));
        assert_eq!(rl.reset, Some(7));
        assert_eq!(rl.name.as_deref(), Some("okta_accounts"));
    }

    #[test]
    fn figures_are_written_as_json_without_the_absent_ones() {
        let mut out = String::new();
        RateLimit { limit: Some(100), period: None, remaining: Some(0), reset: Some(7), name: Some("okta".into()) }.write(&mut out);
        assert_eq!(out, r#"{"limit":100,"remaining":0,"reset":7,"name":"okta"}"#);
    }

    #[test]
    fn absent_headers_give_none() {
        assert_eq!(RateLimit::from_headers(&h(&[("content-type", "application/json")])), None);
    }

    #[test]
    fn garbage_is_ignored() {
        assert_eq!(parse_count("7, 7"), Some(7));
        assert_eq!(parse_count("soon, 3"), Some(3));
        assert_eq!(parse_count("+5, 6"), Some(6));
        assert_eq!(parse_count("1.2"), Some(2));
        assert_eq!(parse_count("3.0"), Some(3));
        assert_eq!(parse_count("3."), Some(3));
        assert_eq!(parse_count(".5"), None);
        assert_eq!(parse_count("1e3"), None);
        assert_eq!(parse_count("1.x"), None);
        assert_eq!(parse_count("7.5a, 4"), Some(4));
        assert_eq!(parse_count("-4"), None);
        assert_eq!(parse_count("NaN"), None);
        assert_eq!(parse_count("inf"), None);
        assert_eq!(parse_count("99999999999999999999"), None);
        assert_eq!(parse_count(""), None);
    }
}
