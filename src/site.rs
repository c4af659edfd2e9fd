//! Datadog sites and the hosts the client may talk to.

use crate::prelude::*;

use crate::text::digits;

/// The site used when none is given (`DD_SITE` unset).
pub const DEFAULT_SITE: &str = "datadoghq.com";

/// The sites Datadog runs today; the API host is `api.` + site.
pub const KNOWN_SITES: [&str; 9] = [
    "datadoghq.com",
    "us3.datadoghq.com",
    "us5.datadoghq.com",
    "ap1.datadoghq.com",
    "ap2.datadoghq.com",
    "uk1.datadoghq.com",
    "datadoghq.eu",
    "ddog-gov.com",
    "us2.ddog-gov.com",
];

/// The parent domains of every Datadog deployment; a new site under one of them is accepted
/// before this library learns its name.
pub const DATADOG_DOMAINS: [&str; 3] = ["datadoghq.com", "datadoghq.eu", "ddog-gov.com"];

/// Tells whether `host` is a syntactically valid DNS name (letters, digits, `-`, dots).
pub fn is_dns_name(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// Tells whether `host` is a Datadog host: one of the parent domains or a name under one.
pub fn is_datadog_host(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    DATADOG_DOMAINS.iter().any(|d| host == *d || (host.len() > d.len() && host.ends_with(d) && host.as_bytes().get(host.len() - d.len() - 1) == Some(&b'.')))
}

/// Checks a site name: one of [`KNOWN_SITES`], or another valid host under a Datadog domain.
pub fn check_site(site: &str) -> Result<(), String> {
    let lower = site.to_ascii_lowercase();
    if KNOWN_SITES.contains(&lower.as_str()) {
        return Ok(());
    }
    if is_dns_name(&lower) && is_datadog_host(&lower) {
        return Ok(());
    }
    Err(crate::text::cat(&["unknown Datadog site; expected one of ", &crate::text::list(&KNOWN_SITES, ""), " or another host under ", &crate::text::list(&DATADOG_DOMAINS, "")]))
}

/// Tells whether `host` (as written in a URL, IPv6 in brackets) is the loopback interface.
pub fn is_loopback(host: &str) -> bool {
    let h = host.to_ascii_lowercase();
    if h == "localhost" || h.ends_with(".localhost") || h == "[::1]" {
        return true;
    }
    // 127.x.y.z, each part 0 to 255 in digits.
    let mut parts = 0;
    let octets = h.split('.').all(|p| {
        parts += 1;
        digits(p, 10).is_some_and(|n| n <= 255)
    });
    octets && parts == 4 && h.starts_with("127.")
}

/// The parts of an absolute `http(s)://` URL that matter here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// `https` or `http`, lower-case.
    pub scheme: String,
    /// The host as written (brackets kept for IPv6), without the port.
    pub host: String,
    /// The whole URL without a trailing `/`.
    pub url: String,
}

/// Parses a base URL: `http(s)://host[:port][/path]`, no user info, query or fragment.
pub fn parse_base_url(url: &str) -> Result<BaseUrl, &'static str> {
    let url = url.trim_end_matches('/');
    // By hand rather than `split_once("://")`: a string pattern brings a substring search
    // (Two-Way) into the wasm. The scheme is what comes before the first `:`.
    let (scheme, rest) = url.split_once(':').and_then(|(s, r)| Some((s, r.strip_prefix("//")?))).ok_or("must be an absolute http:// or https:// URL")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return Err("must be an absolute http:// or https:// URL");
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must not contain spaces or control characters");
    }
    if url.contains('?') || url.contains('#') {
        return Err("must not have a query or a fragment");
    }
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.contains('@') {
        return Err("must not contain user info (user:password@)");
    }
    let host = if authority.starts_with('[') {
        let end = authority.find(']').ok_or("has an invalid IPv6 host")?;
        authority.get(..=end).unwrap_or_default()
    } else {
        authority.split(':').next().unwrap_or_default()
    };
    if host.is_empty() {
        return Err("must have a host");
    }
    let port = authority.get(host.len()..).unwrap_or_default();
    let port_ok = match port.strip_prefix(':') {
        None => port.is_empty(),
        // 1 to 65535, digits only.
        Some(port) => digits(port, 10).is_some_and(|p| (1..=65_535).contains(&p)),
    };
    if !port_ok {
        return Err("has an invalid port (1 to 65535)");
    }
    Ok(BaseUrl { scheme, host: host.to_owned(), url: url.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites() {
        for s in KNOWN_SITES {
            assert!(check_site(s).is_ok(), "{s}");
        }
        assert!(check_site("us7.datadoghq.com").is_ok());
        assert!(check_site("DATADOGHQ.EU").is_ok());
        assert!(check_site("evil.com").is_err());
        assert!(check_site("datadoghq.com.evil.com").is_err());
        assert!(check_site("evildatadoghq.com").is_err());
        assert!(check_site("x/..datadoghq.com").is_err());
        assert!(check_site("").is_err());
    }

    #[test]
    fn a_site_is_a_dns_name_under_a_datadog_domain() {
        let long_label = format!("{}.datadoghq.com", "a".repeat(63));
        for ok in ["x-y.datadoghq.com", "1.datadoghq.eu", "a.b.ddog-gov.com", long_label.as_str()] {
            assert_eq!(check_site(ok), Ok(()), "{ok}");
        }
        // Each refused for one reason alone: a character, a dash at an end, a label's length.
        let too_long_label = format!("{}.datadoghq.com", "a".repeat(64));
        for bad in ["evil.com/.datadoghq.com", "x/y.datadoghq.com", "x y.datadoghq.com", "x_y.datadoghq.com", "-x.datadoghq.com", "x-.datadoghq.com", "x..datadoghq.com", too_long_label.as_str()] {
            assert!(check_site(bad).is_err(), "{bad}");
        }
        let label = "a".repeat(63);
        let name = |n: usize| [label.as_str(); 4].join(".").get(..n).unwrap().trim_end_matches('.').to_owned();
        assert_eq!(name(253).len(), 253);
        assert!(is_dns_name(&name(253)));
        assert!(!is_dns_name(&format!("{}.b", name(252))));
        assert!(!is_dns_name(""));
    }

    #[test]
    fn a_datadog_host_is_a_parent_domain_or_under_one() {
        for h in ["datadoghq.com", "API.DATADOGHQ.EU", "x.ddog-gov.com"] {
            assert!(is_datadog_host(h), "{h}");
        }
        for h in ["evildatadoghq.com", "datadoghq.com.evil", "datadoghq.co", "xdatadoghq.eu"] {
            assert!(!is_datadog_host(h), "{h}");
        }
    }

    #[test]
    fn loopback() {
        for h in ["localhost", "127.0.0.1", "127.8.9.10", "[::1]", "api.localhost"] {
            assert!(is_loopback(h), "{h}");
        }
        // `127.+0.0.1` is no address a URL parser accepts: not loopback either.
        for h in ["10.0.0.1", "127.0.0.1.evil.com", "localhost.evil.com", "[::2]", "128.0.0.1", "127.+0.0.1", "127.0.0.256", "127..0.1"] {
            assert!(!is_loopback(h), "{h}");
        }
    }

    #[test]
    fn base_urls() {
        let b = parse_base_url("http://127.0.0.1:8080/").unwrap();
        assert_eq!((b.scheme.as_str(), b.host.as_str(), b.url.as_str()), ("http", "127.0.0.1", "http://127.0.0.1:8080"));
        let b = parse_base_url("https://[::1]:9/proxy").unwrap();
        assert_eq!(b.host, "[::1]");
        assert_eq!(b.url, "https://[::1]:9/proxy");
        for bad in ["ftp://x", "x", "https://", "https://u:p@h", "https://h?q", "https://h:x", "https://a b", "//h"] {
            assert!(parse_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ports_run_from_1_to_65535() {
        for ok in ["http://h:1", "http://h:65535", "http://[::1]:8080/x", "http://h:080"] {
            assert!(parse_base_url(ok).is_ok(), "{ok}");
        }
        for bad in ["http://h:", "http://h:0", "http://h:65536", "http://h:99999999999999999999", "http://h:+80", "http://[::1]:", "http://[::1]x", "http://h:8 0"] {
            assert!(parse_base_url(bad).is_err(), "{bad}");
        }
    }
}
