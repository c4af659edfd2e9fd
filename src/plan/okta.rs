//! Okta's own domains: an account whose domain is under none of them (nor under a domain the
//! desired file allows) is worth a warning, since Datadog will call that host with the account's
//! secret. A domain the validator accepts is an `https://` origin, so its host is what lies
//! between `https://` and the optional `/`.

use crate::prelude::*;

/// The parent domains of Okta's organisations (production, preview, EMEA, government, military).
pub const OKTA_DOMAINS: [&str; 5] = ["okta.com", "oktapreview.com", "okta-emea.com", "okta-gov.com", "okta.mil"];

/// The lower-case host of an Okta domain URL (`https://acme.okta.com/` gives `acme.okta.com`),
/// without a trailing dot; `None` when it is not an `https://` URL.
pub fn host_of(domain: &str) -> Option<String> {
    let rest = domain.get(..8).filter(|s| s.eq_ignore_ascii_case("https://")).and_then(|_| domain.get(8..))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = rest.get(..end)?.to_ascii_lowercase();
    Some(host.strip_suffix('.').map(str::to_owned).unwrap_or(host))
}

/// Tells whether `host` is `parent` or a name under it.
fn under(host: &str, parent: &str) -> bool {
    let parent = parent.trim_end_matches('.');
    host == parent || host.strip_suffix(parent).is_some_and(|head| head.ends_with('.'))
}

/// Tells whether the host of `domain` is under one of [`OKTA_DOMAINS`] or of `allowed`
/// (lower-case parent domains the desired file names).
pub fn is_okta_domain(domain: &str, allowed: &[String]) -> bool {
    let Some(host) = host_of(domain) else { return false };
    OKTA_DOMAINS.iter().any(|d| under(&host, d)) || allowed.iter().any(|d| under(&host, &d.to_ascii_lowercase()))
}

/// The warning for a domain outside Okta's domains.
pub fn warning(domain: &str) -> String {
    format!(
        "{domain} is not under an Okta domain ({}); Datadog will send this account's secret there. If that is meant, name its domain in \"allowedDomains\"",
        OKTA_DOMAINS.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn okta_hosts_and_allowed_ones() {
        for d in ["https://acme.okta.com/", "https://ACME.Okta.com", "https://acme.oktapreview.com/", "https://x.okta-emea.com/", "https://x.okta-gov.com/", "https://x.okta.mil/", "https://okta.com/", "https://acme.okta.com./"] {
            assert!(is_okta_domain(d, &[]), "{d}");
        }
        for d in ["https://collector.attacker.example/", "https://evilokta.com/", "https://okta.com.evil.example/", "http://acme.okta.com/", "acme.okta.com", "https://"] {
            assert!(!is_okta_domain(d, &[]), "{d}");
        }
        let allowed = vec!["example.com".to_owned()];
        assert!(is_okta_domain("https://login.example.com/", &allowed));
        assert!(is_okta_domain("https://example.com/", &allowed));
        assert!(!is_okta_domain("https://badexample.com/", &allowed));
    }
}
