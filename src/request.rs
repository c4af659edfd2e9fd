//! The five operations and the HTTP requests they become. Building a request does no I/O.

use crate::prelude::*;

use crate::json::Json;
use core::fmt;

use crate::account::input::{AccountInput, CreateRequest, UpdateRequest};
use crate::config::Config;
use crate::encode::encode_uri_component;
use crate::error::Error;
use crate::problem::Problems;
use crate::secret::{Scrubber, Secret};
use crate::validate;

/// The path of the collection.
pub const ACCOUNTS_PATH: &str = "/api/v2/integrations/okta/accounts";

/// The `User-Agent` sent where the runtime lets us set one (not in browsers).
pub const USER_AGENT: &str = concat!("datadog-okta-wasm/", env!("CARGO_PKG_VERSION"));

/// One of the five API operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// `GET /accounts`.
    List,
    /// `POST /accounts`.
    Create,
    /// `GET /accounts/{id}`.
    Get,
    /// `PATCH /accounts/{id}`.
    Update,
    /// `DELETE /accounts/{id}`.
    Delete,
}

impl Operation {
    /// The method name in the JS API (`listOktaAccounts`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Operation::List => "listOktaAccounts",
            Operation::Create => "createOktaAccount",
            Operation::Get => "getOktaAccount",
            Operation::Update => "updateOktaAccount",
            Operation::Delete => "deleteOktaAccount",
        }
    }

    /// Every operation.
    pub const ALL: [Operation; 5] = [Operation::List, Operation::Create, Operation::Get, Operation::Update, Operation::Delete];

    /// Parses a JS method name.
    pub fn from_name(s: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|op| op.name() == s)
    }

    /// The permission the API requires for the operation, as Datadog documents it.
    pub fn permission(self) -> &'static str {
        match self {
            Operation::List | Operation::Get => "integrations_read",
            Operation::Create | Operation::Update | Operation::Delete => "manage_integrations",
        }
    }

    /// The HTTP method.
    pub fn method(self) -> &'static str {
        match self {
            Operation::List | Operation::Get => "GET",
            Operation::Create => "POST",
            Operation::Update => "PATCH",
            Operation::Delete => "DELETE",
        }
    }
}

/// A header value; secrets stay wrapped until the transport writes them.
#[derive(Clone, PartialEq, Eq)]
pub enum HeaderValue {
    /// An ordinary value.
    Plain(String),
    /// A DD key.
    Secret(Secret),
}

impl HeaderValue {
    /// The value to put on the wire.
    pub fn as_wire(&self) -> &str {
        match self {
            HeaderValue::Plain(s) => s,
            HeaderValue::Secret(s) => s.expose(),
        }
    }
}

impl fmt::Debug for HeaderValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderValue::Plain(s) => write!(f, "{s:?}"),
            HeaderValue::Secret(s) => write!(f, "{s:?}"),
        }
    }
}

/// A request body. It may hold the Okta `client_secret` or `api_key`, so `Debug` shows only
/// its length.
#[derive(Clone, PartialEq, Eq)]
pub struct Body(pub String);

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Body({} bytes)", self.0.len())
    }
}

/// An HTTP request ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// `GET`, `POST`, `PATCH` or `DELETE`.
    pub method: &'static str,
    /// The absolute URL (or a same-origin path when `baseServer` is relative).
    pub url: String,
    /// The path alone, for events and logs.
    pub path: String,
    /// The headers, in the order they are written.
    pub headers: Vec<(&'static str, HeaderValue)>,
    /// The JSON body of POST and PATCH.
    pub body: Option<Body>,
    /// The largest response body to read (`maxResponseBytes`); a larger one is not read.
    pub max_response_bytes: u64,
}

/// The validated parameters of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Params {
    /// List takes none.
    List,
    /// A create body.
    Create(CreateRequest),
    /// An account id.
    Get(String),
    /// An account id and an update body.
    Update(String, UpdateRequest),
    /// An account id.
    Delete(String),
}

impl Params {
    /// Validates the JS parameters of `op` (`{ body }`, `{ accountId }`, ...).
    pub fn parse(op: Operation, v: Option<&Json>) -> Result<Params, Error> {
        let mut p = Problems::default();
        let params = match (op, v) {
            (Operation::List, None) => Some(Params::List),
            (Operation::List, Some(v)) => {
                p.object(v, "params", &[]);
                Some(Params::List)
            }
            (_, None) => {
                p.add("params", "is required");
                None
            }
            (Operation::Create, Some(v)) => p.object(v, "params", &["body"]).and_then(|m| match m.get("body") {
                Some(b) => validate::create_body(&mut p, b, "body").map(Params::Create),
                None => {
                    p.add("body", "is required");
                    None
                }
            }),
            (Operation::Get | Operation::Delete, Some(v)) => p.object(v, "params", &["accountId"]).and_then(|m| {
                let id = validate::account_id(&mut p, m, "")?.to_owned();
                Some(if op == Operation::Get { Params::Get(id) } else { Params::Delete(id) })
            }),
            (Operation::Update, Some(v)) => p.object(v, "params", &["accountId", "body"]).and_then(|m| {
                let id = validate::account_id(&mut p, m, "");
                let body = match m.get("body") {
                    Some(b) => validate::update_body(&mut p, b, "body"),
                    None => {
                        p.add("body", "is required");
                        None
                    }
                };
                Some(Params::Update(id?.to_owned(), body?))
            }),
        };
        match params {
            Some(params) if p.0.is_empty() => Ok(params),
            _ => Err(Error::Validation { problems: p.0 }),
        }
    }

    /// The operation these parameters are for.
    pub fn operation(&self) -> Operation {
        match self {
            Params::List => Operation::List,
            Params::Create(_) => Operation::Create,
            Params::Get(_) => Operation::Get,
            Params::Update(..) => Operation::Update,
            Params::Delete(_) => Operation::Delete,
        }
    }

    /// Adds the secrets of the body to a scrubber.
    pub fn add_secrets(&self, scrubber: &mut Scrubber) {
        if let Some(a) = self.attributes() {
            a.add_secrets(scrubber);
        }
    }

    /// Whether the parameters may hold a secret (account attributes: a create or an update);
    /// without, a call's scrubber is its configuration's.
    pub fn may_hold_secrets(&self) -> bool {
        self.attributes().is_some()
    }

    fn attributes(&self) -> Option<&AccountInput> {
        match self {
            Params::Create(c) => Some(&c.attributes),
            Params::Update(_, u) => u.attributes.as_ref(),
            _ => None,
        }
    }
}

/// The path of the collection, or of one account: its id percent-encoded as one segment.
pub fn account_path(id: Option<&str>) -> String {
    match id {
        None => ACCOUNTS_PATH.to_owned(),
        Some(id) => {
            let encoded = encode_uri_component(id);
            let mut path = String::with_capacity(ACCOUNTS_PATH.len() + 1 + encoded.len());
            path.push_str(ACCOUNTS_PATH);
            path.push('/');
            path.push_str(&encoded);
            path
        }
    }
}

/// Builds the HTTP request of an operation, with the headers the official client sends.
pub fn build(config: &Config, params: &Params) -> HttpRequest {
    let op = params.operation();
    let path = match params {
        Params::List | Params::Create(_) => account_path(None),
        Params::Get(id) | Params::Update(id, _) | Params::Delete(id) => account_path(Some(id)),
    };
    let body = match params {
        Params::Create(c) => Some(Body(c.to_wire_json())),
        Params::Update(_, u) => Some(Body(u.to_wire_json())),
        _ => None,
    };
    let accept = if op == Operation::Delete { "*/*" } else { "application/json" };
    let mut headers = vec![("Accept", HeaderValue::Plain(accept.to_owned()))];
    if body.is_some() {
        headers.push(("Content-Type", HeaderValue::Plain("application/json".to_owned())));
    }
    if let Some(k) = &config.api_key {
        headers.push(("DD-API-KEY", HeaderValue::Secret(k.clone())));
    }
    if let Some(k) = &config.app_key {
        headers.push(("DD-APPLICATION-KEY", HeaderValue::Secret(k.clone())));
    }
    if config.send_user_agent {
        headers.push(("User-Agent", HeaderValue::Plain(USER_AGENT.to_owned())));
    }
    let mut url = String::with_capacity(config.base_url.len() + path.len());
    url.push_str(&config.base_url);
    url.push_str(&path);
    HttpRequest { method: op.method(), url, path, headers, body, max_response_bytes: config.max_response_bytes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::j as json;

    fn config() -> Config {
        crate::config::parse(&json!({"authMethods": {"apiKeyAuth": "canary-api", "appKeyAuth": "canary-app"}}), None, false).unwrap()
    }

    #[test]
    fn operations_are_found_by_their_js_name() {
        for op in Operation::ALL {
            assert_eq!(Operation::from_name(op.name()), Some(op));
        }
        assert_eq!(Operation::from_name("listOktaAccount"), None);
    }

    #[test]
    fn a_request_prints_its_plain_headers_and_the_size_of_its_body_only() {
        let params = Params::parse(Operation::Create, Some(&json!({"body": {"data": {"attributes": {"authMethod": "oauth", "domain": "https://a.okta.com/", "name": "n", "clientId": "c", "clientSecret": "canary-okta"}}}}))).unwrap();
        let req = build(&config(), &params);
        let shown = format!("{req:?}");
        assert!(shown.contains(r#"("Content-Type", "application/json")"#), "{shown}");
        assert!(shown.contains(r#"("DD-API-KEY", [REDACTED])"#), "{shown}");
        assert!(shown.contains(&format!("Body({} bytes)", req.body.as_ref().unwrap().0.len())), "{shown}");
        assert!(!shown.contains("canary"), "{shown}");
    }

    #[test]
    fn odd_ids_stay_one_segment() {
        for (id, tail) in [("a b", "a%20b"), ("...", "..."), ("x?y#z", "x%3Fy%23z"), (" x", "%20x"), ("é", "%C3%A9"), ("%2e%2e", "%252e%252e"), ("%2F", "%252F")] {
            let req = build(&config(), &Params::parse(Operation::Get, Some(&json!({ "accountId": id }))).unwrap());
            assert_eq!(req.url, format!("https://api.datadoghq.com/api/v2/integrations/okta/accounts/{tail}"));
        }
    }

    #[test]
    fn dot_segment_ids_are_refused_before_sending() {
        // fetch resolves `.` and `..` (encoded or not) as path steps: `/accounts/..` would go to
        // `/api/v2/integrations/okta/` with the keys.
        for op in [Operation::Get, Operation::Update, Operation::Delete] {
            for id in [".", "..", "../users", "a/b", "a\\b", "a\u{0}b", "a\nb"] {
                let params = if op == Operation::Update { json!({ "accountId": id, "body": {"data": {}} }) } else { json!({ "accountId": id }) };
                let e = Params::parse(op, Some(&params)).unwrap_err();
                match e {
                    Error::Validation { problems } => assert_eq!(problems[0].path, "accountId", "{op:?} {id}"),
                    other => panic!("{other:?}"),
                }
            }
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: crate::json::proptest_cases(3000), ..Default::default() })]
        #[test]
        fn any_valid_account_id_is_exactly_one_segment_that_decodes_back(id in proptest::prelude::any::<String>()) {
            for op in [Operation::Get, Operation::Delete] {
                let Ok(params) = Params::parse(op, Some(&json!({ "accountId": id }))) else {
                    proptest::prop_assert!(crate::validate::check_account_id(&id).is_err());
                    continue;
                };
                let url = build(&config(), &params).url;
                let tail = url.strip_prefix(&format!("https://api.datadoghq.com{ACCOUNTS_PATH}/")).unwrap();
                proptest::prop_assert!(!tail.contains('/') && !tail.contains('?') && !tail.contains('#') && tail != "." && tail != "..", "{}", tail);
                proptest::prop_assert_eq!(crate::encode::decode_component(tail), Some(id.clone()));
            }
        }
    }

    #[test]
    fn params_are_checked() {
        let e = Params::parse(Operation::Get, Some(&json!({"accountId": 5}))).unwrap_err();
        assert_eq!(e.to_string(), "invalid input: accountId: must be a string, not a number");
        let e = Params::parse(Operation::Get, Some(&json!({"accountId": ""}))).unwrap_err();
        assert_eq!(e.to_string(), "invalid input: accountId: must not be empty");
        let e = Params::parse(Operation::Create, Some(&json!({}))).unwrap_err();
        assert_eq!(e.to_string(), "invalid input: body: is required");
        let e = Params::parse(Operation::Update, None).unwrap_err();
        assert_eq!(e.to_string(), "invalid input: params: is required");
        let e = Params::parse(Operation::Delete, Some(&json!({"accountId": "x", "id": 1}))).unwrap_err();
        assert!(e.to_string().starts_with("invalid input: params.id: unknown key"), "{e}");
        assert_eq!(Params::parse(Operation::List, None).unwrap(), Params::List);
    }

    #[test]
    fn debug_of_a_request_hides_keys_and_body() {
        let params = Params::parse(
            Operation::Create,
            Some(&json!({"body": {"data": {"attributes": {"authMethod": "oauth", "domain": "https://a.okta.com", "name": "n", "clientId": "c", "clientSecret": "canary-secret"}}}})),
        )
        .unwrap();
        let req = build(&config(), &params);
        let dbg = format!("{req:?} {params:?}");
        assert!(!dbg.contains("canary"), "{dbg}");
        assert!(req.body.unwrap().0.contains("canary-secret"));
    }
}
