//! The account, the one concept of this API. Its attributes are described once, in [`FIELDS`]:
//! the wire reader and the camelCase writer ([`output`]), the request writer ([`input`]), the
//! fast path (`fast`), validation (the `validate` module) and the planner's comparison all follow
//! that description, so a new attribute is one entry here (plus its TypeScript declaration).

pub(crate) mod fast;
pub mod input;
pub mod output;
#[cfg(test)]
mod properties;
pub(crate) mod sink;

/// The only `type` the API defines for an account.
pub const OKTA_ACCOUNTS: &str = "okta-accounts";

/// How Datadog authenticates to Okta.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMethod {
    /// An Okta OAuth app: `client_id` and `client_secret`.
    OAuth,
    /// An Okta API token: `api_key`.
    ApiKey,
}

impl AuthMethod {
    /// Every auth method, in the order messages list them.
    pub const ALL: [AuthMethod; 2] = [AuthMethod::OAuth, AuthMethod::ApiKey];

    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMethod::OAuth => "oauth",
            AuthMethod::ApiKey => "api_key",
        }
    }

    /// Parses a wire value.
    pub fn parse(s: &str) -> Option<AuthMethod> {
        AuthMethod::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// The write-only attribute that holds this method's secret.
    pub fn secret_field(self) -> &'static Field {
        // Every method has exactly one secret field in FIELDS (a unit test holds it).
        FIELDS.iter().find(|f| f.role == Role::Secret(self)).unwrap_or(&FIELDS[0])
    }
}

/// What an attribute is for; it decides how every layer treats it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The account's name: required on create, refused on update (the API has no rename), and
    /// the key the planner matches accounts by.
    Name,
    /// The auth method, which decides which credentials belong to the account.
    AuthMethod,
    /// A plain attribute required on every write and in every response.
    Required,
    /// A plain credential of one auth method: required on create for it, refused for the other.
    Credential(AuthMethod),
    /// A write-only credential of one auth method: sent, never returned, compared by fingerprint.
    Secret(AuthMethod),
}

impl Role {
    /// Tells whether the attribute is write-only (never read from a response, never printed).
    pub fn is_secret(self) -> bool {
        matches!(self, Role::Secret(_))
    }

    /// Tells whether a response must hold the attribute.
    pub fn required_in_response(self) -> bool {
        matches!(self, Role::Name | Role::AuthMethod | Role::Required)
    }

    /// Tells whether the planner compares the attribute with the server's (the name is the key,
    /// secrets go by fingerprint).
    pub fn is_compared(self) -> bool {
        matches!(self, Role::AuthMethod | Role::Required | Role::Credential(_))
    }

    /// The auth method the attribute belongs to, if it is a credential.
    pub fn auth_method(self) -> Option<AuthMethod> {
        match self {
            Role::Credential(m) | Role::Secret(m) => Some(m),
            _ => None,
        }
    }
}

/// A rule a value must follow, beyond being a non-blank string; `Err` says what is wrong.
pub type Check = fn(&str) -> Result<(), &'static str>;

/// One attribute of an account.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The camelCase name of the JS API (`clientSecret`).
    pub js: &'static str,
    /// The snake_case name on the wire (`client_secret`).
    pub wire: &'static str,
    /// What it is for.
    pub role: Role,
    /// A rule its value must follow when sent, beyond being a non-blank string.
    pub check: Option<Check>,
}

/// Every attribute, in the order the official client writes them on the wire (which is also
/// the camelCase order of its responses).
pub const FIELDS: [Field; FIELD_COUNT] = [
    Field { js: "apiKey", wire: "api_key", role: Role::Secret(AuthMethod::ApiKey), check: None },
    Field { js: "authMethod", wire: "auth_method", role: Role::AuthMethod, check: None },
    Field { js: "clientId", wire: "client_id", role: Role::Credential(AuthMethod::OAuth), check: None },
    Field { js: "clientSecret", wire: "client_secret", role: Role::Secret(AuthMethod::OAuth), check: None },
    Field { js: "domain", wire: "domain", role: Role::Required, check: Some(check_domain) },
    Field { js: "name", wire: "name", role: Role::Name, check: None },
];

/// The number of attributes.
pub const FIELD_COUNT: usize = 6;

/// The index of the attribute whose wire name is `key`.
pub fn by_wire(key: &str) -> Option<usize> {
    // Lengths first: they tell the names apart, and comparing them takes no call.
    FIELDS.iter().position(|f| f.wire.len() == key.len() && f.wire == key)
}

/// The index of the attribute whose camelCase name is `key`.
#[cfg(test)]
pub fn by_js(key: &str) -> Option<usize> {
    FIELDS.iter().position(|f| f.js == key)
}

/// The index of the first attribute with `role`.
pub fn by_role(role: Role) -> Option<usize> {
    FIELDS.iter().position(|f| f.role == role)
}

/// Checks an Okta domain: an `https://` origin, a host name with nothing after it but an
/// optional `/` (no path, query, fragment, user info or port), which is what Datadog calls.
pub fn check_domain(domain: &str) -> Result<(), &'static str> {
    let lower = domain.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("https://") else {
        return Err("must be an absolute https:// URL, such as https://example.okta.com/");
    };
    if domain.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must not contain spaces or control characters");
    }
    let end = rest.bytes().position(|b| matches!(b, b'/' | b'?' | b'#')).unwrap_or(rest.len());
    // `get`, not `split_at`: no slicing panic (and its formatting) in the wasm.
    let (authority, tail) = (rest.get(..end).unwrap_or_default(), rest.get(end..).unwrap_or_default());
    if authority.contains('@') {
        return Err("must not contain user info (user:password@); the accepted form is https://example.okta.com/");
    }
    if authority.contains(':') {
        return Err("must not have a port; the accepted form is https://example.okta.com/");
    }
    let host = authority.strip_suffix('.').unwrap_or(authority);
    let valid_host = !host.is_empty()
        // ASCII letters, digits and `-`, or any non-ASCII character (internationalised names);
        // no Unicode tables needed.
        && host.split('.').all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || !c.is_ascii()));
    if !valid_host {
        return Err("must have a valid host name, such as https://example.okta.com/");
    }
    if tail.contains('?') {
        return Err("must not have a query; the accepted form is https://example.okta.com/");
    }
    if tail.contains('#') {
        return Err("must not have a fragment; the accepted form is https://example.okta.com/");
    }
    if !tail.is_empty() && tail != "/" {
        return Err("must not have a path; the accepted form is https://example.okta.com/");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_description_is_consistent() {
        assert_eq!(FIELDS.len(), FIELD_COUNT);
        for m in AuthMethod::ALL {
            assert_eq!(FIELDS.iter().filter(|f| f.role == Role::Secret(m)).count(), 1, "{m:?}");
            assert_eq!(AuthMethod::parse(m.as_str()), Some(m));
        }
        assert_eq!(AuthMethod::OAuth.secret_field().js, "clientSecret");
        assert_eq!(AuthMethod::ApiKey.secret_field().wire, "api_key");
        assert_eq!(FIELDS.iter().filter(|f| f.role == Role::Name).count(), 1);
        assert_eq!(FIELDS.iter().filter(|f| f.role == Role::AuthMethod).count(), 1);
        // The wire order is the official client's: alphabetical.
        assert!(FIELDS.windows(2).all(|w| w[0].wire < w[1].wire));
        assert_eq!(by_wire("client_id"), by_js("clientId"));
        assert_eq!(by_js("client_id"), None);
    }

    #[test]
    fn domains_are_origins() {
        for ok in ["https://example.okta.com/", "https://EXAMPLE.okta.com", "https://dev-1.okta.com", "https://bücher.okta.com", "https://a.okta.com./"] {
            assert_eq!(check_domain(ok), Ok(()), "{ok}");
        }
        for (bad, why) in [
            ("http://example.okta.com", "https://"),
            ("example.okta.com", "https://"),
            ("https://", "host"),
            ("https:///x", "host"),
            ("https://a b.com", "spaces"),
            ("https://u@h.com", "user info"),
            ("https://h.okta.com:8443/", "port"),
            ("https://h:99999999", "port"),
            ("https://a..b", "host"),
            ("https://a_b.com", "host"),
            ("https://[::1]/", "port"),
            ("javascript:alert(1)", "https://"),
            ("https://e.okta.com/admin/x?y=1#z", "query"),
            ("https://e.okta.com/admin", "path"),
            ("https://e.okta.com//", "path"),
            ("https://e.okta.com/#z", "fragment"),
            ("https://e.okta.com?", "query"),
        ] {
            let e = check_domain(bad).expect_err(bad);
            assert!(e.contains(why), "{bad}: {e}");
        }
        assert!(check_domain("https://e.okta.com/x").unwrap_err().contains("https://example.okta.com/"));
    }
}
