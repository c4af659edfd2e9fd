//! Validation of what callers pass in (camelCase, as in Datadog's TypeScript client), run
//! before every request and exported for forms. Every problem is reported, each with a path.

use crate::json::{Json, Object};

use crate::error::Problem;
use crate::model::{AccountInput, AuthMethod, CreateRequest, UpdateRequest, OKTA_ACCOUNTS};
use crate::secret::Secret;

/// Longest `accountId` accepted; real ids are 36-character UUIDs.
pub const MAX_ACCOUNT_ID_LEN: usize = 1024;

/// Collects problems while walking a JSON value.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// Records a problem.
    pub fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem::new(path, message));
    }

    /// Checks that `v` is an object with no keys outside `allowed`; returns its map.
    pub fn object<'v>(&mut self, v: &'v Json, path: &str, allowed: &[&str]) -> Option<&'v Object> {
        let Some(map) = v.as_object() else {
            self.add(path, format!("must be an object, not {}", type_name(v)));
            return None;
        };
        for key in map.keys() {
            if !allowed.contains(&key.as_str()) {
                self.add(join(path, key), unknown_key_message(key, allowed));
            }
        }
        Some(map)
    }

    /// Reads an optional string field; any other type is a problem.
    pub fn opt_string<'v>(&mut self, map: &'v Object, path: &str, key: &str) -> Option<&'v str> {
        match map.get(key) {
            None => None,
            Some(Json::String(s)) => Some(s),
            Some(other) => {
                self.add(join(path, key), format!("must be a string, not {}", type_name(other)));
                None
            }
        }
    }

    /// Reads a required, non-blank string field.
    pub fn req_string<'v>(&mut self, map: &'v Object, path: &str, key: &str) -> Option<&'v str> {
        if !map.contains_key(key) {
            self.add(join(path, key), "is required");
            return None;
        }
        self.non_blank(map, path, key)
    }

    /// Reads an optional string field that, when present, must not be blank.
    pub fn non_blank<'v>(&mut self, map: &'v Object, path: &str, key: &str) -> Option<&'v str> {
        let s = self.opt_string(map, path, key)?;
        if s.trim().is_empty() {
            self.add(join(path, key), "must not be empty");
            return None;
        }
        Some(s)
    }
}

/// Joins a path and a key: `body.data` + `type` = `body.data.type`.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The JSON type of a value, for messages.
pub fn type_name(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

fn unknown_key_message(key: &str, allowed: &[&str]) -> String {
    let camel = snake_to_camel(key);
    if camel != key && allowed.contains(&camel.as_str()) {
        return format!("unknown key; did you mean `{camel}`? (keys are camelCase, as in Datadog's TypeScript client)");
    }
    if allowed.is_empty() {
        "unknown key; no keys are accepted here".to_owned()
    } else {
        format!("unknown key; expected {}", allowed.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "))
    }
}

fn snake_to_camel(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut upper = false;
    for c in s.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Checks an Okta domain: an absolute `https://` URL with a host, no spaces, no user info.
pub fn check_domain(domain: &str) -> Result<(), &'static str> {
    let lower = domain.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("https://") else {
        return Err("must be an absolute https:// URL, such as https://example.okta.com/");
    };
    if domain.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must not contain spaces or control characters");
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err("must not contain user info (user:password@)");
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !authority.starts_with('[') => (h, Some(p)),
        _ => (authority, None),
    };
    if let Some(p) = port {
        if p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err("has an invalid port");
        }
    }
    let host = host.trim_end_matches('.');
    let valid_host = !host.is_empty()
        // ASCII letters, digits and `-`, or any non-ASCII character (internationalised names);
        // no Unicode tables needed.
        && host.split('.').all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || !c.is_ascii()));
    if !valid_host {
        return Err("must have a valid host name, such as https://example.okta.com/");
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Create,
    Update,
}

const CREATE_ATTRIBUTES: [&str; 6] = ["apiKey", "authMethod", "clientId", "clientSecret", "domain", "name"];

fn attributes(p: &mut Problems, v: &Json, path: &str, mode: Mode) -> Option<AccountInput> {
    let map = p.object(v, path, &CREATE_ATTRIBUTES)?;
    let before = p.0.len();
    let name = match mode {
        Mode::Create => p.req_string(map, path, "name"),
        Mode::Update => {
            if map.contains_key("name") {
                p.add(join(path, "name"), "cannot be changed: the API has no rename, so an update takes no name");
            }
            None
        }
    };
    let domain = p.req_string(map, path, "domain");
    if let Some(d) = domain {
        if let Err(m) = check_domain(d) {
            p.add(join(path, "domain"), m);
        }
    }
    let method = match p.req_string(map, path, "authMethod") {
        Some(m) => match AuthMethod::parse(m) {
            Some(m) => Some(m),
            None => {
                p.add(join(path, "authMethod"), "unknown auth method; accepted: \"oauth\", \"api_key\"");
                None
            }
        },
        None => None,
    };
    let client_id = p.non_blank(map, path, "clientId");
    let client_secret = p.non_blank(map, path, "clientSecret");
    let api_key = p.non_blank(map, path, "apiKey");
    match method {
        Some(AuthMethod::OAuth) => {
            if mode == Mode::Create {
                for key in ["clientId", "clientSecret"] {
                    if !map.contains_key(key) {
                        p.add(join(path, key), "is required when authMethod is \"oauth\"");
                    }
                }
            }
            if map.contains_key("apiKey") {
                p.add(join(path, "apiKey"), "belongs to authMethod \"api_key\"; remove it for \"oauth\"");
            }
        }
        Some(AuthMethod::ApiKey) => {
            if mode == Mode::Create && !map.contains_key("apiKey") {
                p.add(join(path, "apiKey"), "is required when authMethod is \"api_key\"");
            }
            for key in ["clientId", "clientSecret"] {
                if map.contains_key(key) {
                    p.add(join(path, key), "belongs to authMethod \"oauth\"; remove it for \"api_key\"");
                }
            }
        }
        None => {}
    }
    if p.0.len() != before {
        return None;
    }
    Some(AccountInput {
        auth_method: method?,
        domain: domain?.to_owned(),
        name: name.map(str::to_owned),
        client_id: client_id.map(str::to_owned),
        client_secret: client_secret.map(Secret::new),
        api_key: api_key.map(Secret::new),
    })
}

fn check_type(p: &mut Problems, map: &Object, path: &str) {
    if let Some(t) = p.opt_string(map, path, "type") {
        if t != OKTA_ACCOUNTS {
            p.add(join(path, "type"), "must be \"okta-accounts\" (or omitted)");
        }
    }
}

/// Validates a create body (`{ data: { attributes, id?, type? } }`); paths start at `path`.
pub fn create_body(p: &mut Problems, v: &Json, path: &str) -> Option<CreateRequest> {
    let map = p.object(v, path, &["data"])?;
    let data_path = join(path, "data");
    let Some(data) = map.get("data") else {
        p.add(data_path, "is required");
        return None;
    };
    let data = p.object(data, &data_path, &["attributes", "id", "type"])?;
    check_type(p, data, &data_path);
    let id = p.opt_string(data, &data_path, "id");
    let attrs_path = join(&data_path, "attributes");
    let Some(attrs) = data.get("attributes") else {
        p.add(attrs_path, "is required");
        return None;
    };
    let attributes = attributes(p, attrs, &attrs_path, Mode::Create)?;
    Some(CreateRequest { attributes, id: id.map(str::to_owned) })
}

/// Validates an update body (`{ data: { attributes?, type? } }`); paths start at `path`.
pub fn update_body(p: &mut Problems, v: &Json, path: &str) -> Option<UpdateRequest> {
    let map = p.object(v, path, &["data"])?;
    let data_path = join(path, "data");
    let Some(data) = map.get("data") else {
        p.add(data_path, "is required");
        return None;
    };
    let data = p.object(data, &data_path, &["attributes", "type"])?;
    check_type(p, data, &data_path);
    let attributes = match data.get("attributes") {
        Some(a) => Some(attributes(p, a, &join(&data_path, "attributes"), Mode::Update)?),
        None => None,
    };
    Some(UpdateRequest { attributes })
}

/// Validates an account id: a non-empty string of at most [`MAX_ACCOUNT_ID_LEN`] bytes.
pub fn account_id<'v>(p: &mut Problems, map: &'v Object, path: &str) -> Option<&'v str> {
    let id = p.req_string(map, path, "accountId")?;
    if id.len() > MAX_ACCOUNT_ID_LEN {
        p.add(join(path, "accountId"), format!("is longer than {MAX_ACCOUNT_ID_LEN} bytes"));
        return None;
    }
    Some(id)
}

/// Validates a create body on its own, for forms: every problem, empty when valid.
pub fn validate_create(v: &Json) -> Vec<Problem> {
    let mut p = Problems::default();
    create_body(&mut p, v, "body");
    p.0
}

/// Validates an update body on its own, for forms: every problem, empty when valid.
pub fn validate_update(v: &Json) -> Vec<Problem> {
    let mut p = Problems::default();
    update_body(&mut p, v, "body");
    p.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::j as json;

    fn paths(problems: &[Problem]) -> Vec<&str> {
        problems.iter().map(|p| p.path.as_str()).collect()
    }

    fn oauth_body() -> Json {
        json!({"data": {"attributes": {"authMethod": "oauth", "domain": "https://example.okta.com/",
            "name": "exampleoktaintegration", "clientId": "client_id", "clientSecret": "client_secret"},
            "id": "f749daaf-682e-4208-a38d-c9b43162c609", "type": "okta-accounts"}})
    }

    #[test]
    fn the_seed_bodies_are_valid() {
        assert_eq!(validate_create(&oauth_body()), vec![]);
        let upd = json!({"data": {"attributes": {"authMethod": "oauth", "domain": "https://example.okta.com/",
            "clientId": "client_id", "clientSecret": "client_secret"}, "type": "okta-accounts"}});
        assert_eq!(validate_update(&upd), vec![]);
        let api_key = json!({"data": {"attributes": {"authMethod": "api_key", "domain": "https://a.okta.com", "name": "n", "apiKey": "k"}}});
        assert_eq!(validate_create(&api_key), vec![]);
    }

    #[test]
    fn every_problem_is_reported_with_its_path() {
        let body = json!({"data": {"attributes": {"auth_method": "oauth", "domain": "http://x", "name": " "}, "type": "accounts"}});
        let problems = validate_create(&body);
        assert_eq!(
            paths(&problems),
            vec![
                "body.data.type",
                "body.data.attributes.auth_method",
                "body.data.attributes.name",
                "body.data.attributes.domain",
                "body.data.attributes.authMethod",
            ]
        );
        assert!(problems[1].message.contains("did you mean `authMethod`"), "{:?}", problems[1]);
    }

    #[test]
    fn credentials_follow_the_auth_method() {
        let body = json!({"data": {"attributes": {"authMethod": "oauth", "domain": "https://a.okta.com", "name": "n", "apiKey": "k"}}});
        assert_eq!(
            paths(&validate_create(&body)),
            vec!["body.data.attributes.clientId", "body.data.attributes.clientSecret", "body.data.attributes.apiKey"]
        );
        let body = json!({"data": {"attributes": {"authMethod": "api_key", "domain": "https://a.okta.com", "name": "n", "clientId": "c"}}});
        assert_eq!(paths(&validate_create(&body)), vec!["body.data.attributes.apiKey", "body.data.attributes.clientId"]);
        let body = json!({"data": {"attributes": {"authMethod": "saml", "domain": "https://a.okta.com", "name": "n"}}});
        let problems = validate_create(&body);
        assert_eq!(paths(&problems), vec!["body.data.attributes.authMethod"]);
        assert!(problems[0].message.contains("\"oauth\", \"api_key\""));
    }

    #[test]
    fn update_refuses_name_and_allows_missing_secret() {
        let body = json!({"data": {"attributes": {"authMethod": "oauth", "domain": "https://a.okta.com", "name": "n"}}});
        assert_eq!(paths(&validate_update(&body)), vec!["body.data.attributes.name"]);
        let body = json!({"data": {"attributes": {"authMethod": "oauth", "domain": "https://a.okta.com"}}});
        assert_eq!(validate_update(&body), vec![]);
    }

    #[test]
    fn wrong_types_never_crash() {
        for v in [serde_json::json!(null), serde_json::json!(5), serde_json::json!("x"), serde_json::json!([]), serde_json::json!(true)] {
            let v_ours = crate::json::parse(&v.to_string()).unwrap();
            let problems = validate_create(&v_ours);
            assert_eq!(paths(&problems), vec!["body"]);
            assert!(problems[0].message.starts_with("must be an object"));
            let problems = validate_create(&json!({"data": {"attributes": v.clone()}}));
            assert_eq!(paths(&problems), vec!["body.data.attributes"]);
        }
        let problems = validate_create(&json!({"data": {"attributes": {"authMethod": 1, "domain": [], "name": {}, "__proto__": {}}}}));
        assert_eq!(
            paths(&problems),
            vec!["body.data.attributes.__proto__", "body.data.attributes.name", "body.data.attributes.domain", "body.data.attributes.authMethod"]
        );
        assert_eq!(paths(&validate_create(&json!({}))), vec!["body.data"]);
    }

    #[test]
    fn domains() {
        for ok in ["https://example.okta.com/", "https://EXAMPLE.okta.com", "https://dev-1.okta.com:8443/x?y#z", "https://bücher.okta.com"] {
            assert_eq!(check_domain(ok), Ok(()), "{ok}");
        }
        for bad in ["http://example.okta.com", "example.okta.com", "https://", "https:///x", "https://a b.com", "https://u@h.com", "https://h:99999999", "https://a..b", "https://a_b.com", "javascript:alert(1)"] {
            assert!(check_domain(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn no_problem_message_echoes_a_secret_value() {
        let body = json!({"data": {"attributes": {"authMethod": "api_key", "domain": "https://a.okta.com", "name": "n", "apiKey": "canary-secret", "clientSecret": "canary-secret"}}});
        let problems = validate_create(&body);
        assert!(!problems.is_empty());
        assert!(!format!("{problems:?}").contains("canary"));
    }
}
