//! The organisation a site or base URL stands for, as one canonical name: the state file keeps
//! a section per organisation, and `localhost` and `127.0.0.1` (or `--site datadoghq.eu` and
//! `--base-url https://api.datadoghq.eu/`) must not be two of them.

use crate::prelude::*;

use crate::site::BaseUrl;
use crate::text::cat;

/// The spellings of the loopback interface that name one host.
const LOOPBACK_NAMES: [&str; 3] = ["localhost", "127.0.0.1", "[::1]"];

/// The canonical origin of a checked base URL: the scheme, the lower-case host (`localhost`,
/// `127.0.0.1` and `[::1]` as `localhost`, a trailing dot dropped) and the port unless it is the
/// scheme's default.
pub fn origin(b: &BaseUrl) -> String {
    let rest = b.url.get(b.scheme.len() + 3..).unwrap_or_default();
    let authority = rest.split('/').next().unwrap_or_default();
    let port = authority.get(b.host.len()..).and_then(|p| p.strip_prefix(':')).unwrap_or_default();
    let mut host = b.host.to_ascii_lowercase();
    if let Some(h) = host.strip_suffix('.') {
        host = h.to_owned();
    }
    if LOOPBACK_NAMES.contains(&host.as_str()) {
        host = "localhost".to_owned();
    }
    let port = port.trim_start_matches('0');
    let default = matches!((b.scheme.as_str(), port), ("https", "443") | ("http", "80"));
    if port.is_empty() || default {
        cat(&[&b.scheme, "://", &host])
    } else {
        cat(&[&b.scheme, "://", &host, ":", port])
    }
}

/// The organisation key of a base URL: its canonical origin, and its path when it has one (a
/// proxy may serve two organisations under two paths).
pub fn organisation(b: &BaseUrl) -> String {
    let rest = b.url.get(b.scheme.len() + 3..).unwrap_or_default();
    let path = rest.find('/').and_then(|i| rest.get(i..)).unwrap_or_default().trim_end_matches('/');
    cat(&[&origin(b), path])
}

/// The organisation key of a checked site (lower-case): the origin of its API host.
pub fn site_origin(site: &str) -> String {
    cat(&["https://api.", site])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::parse_base_url;

    fn key(url: &str) -> String {
        organisation(&parse_base_url(url).unwrap())
    }

    #[test]
    fn one_organisation_one_name() {
        for same in ["http://localhost:8080", "http://127.0.0.1:8080/", "http://[::1]:8080", "HTTP://LocalHost:08080", "http://localhost.:8080"] {
            assert_eq!(key(same), "http://localhost:8080", "{same}");
        }
        assert_eq!(key("https://API.datadoghq.eu/"), site_origin("datadoghq.eu"));
        assert_eq!(key("https://api.datadoghq.eu:443"), "https://api.datadoghq.eu");
        assert_eq!(key("http://proxy.example:80/"), "http://proxy.example");
        assert_eq!(key("https://proxy.example/eu/"), "https://proxy.example/eu");
        assert_eq!(origin(&parse_base_url("https://proxy.example/eu/").unwrap()), "https://proxy.example");
        // Different ports, schemes and loopback addresses stay apart.
        assert_ne!(key("http://localhost:8080"), key("http://localhost:8081"));
        assert_ne!(key("http://localhost:8080"), key("https://localhost:8080"));
        assert_ne!(key("http://127.0.0.2:8080"), key("http://localhost:8080"));
    }
}
