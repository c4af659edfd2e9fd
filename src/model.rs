//! The data of the API: validated requests (written in the snake_case wire form) and
//! responses (read from the wire, written in the camelCase shape of Datadog's TypeScript
//! client, in its field order).

use crate::json::{Json, Object, ObjectWriter};
use crate::secret::Secret;
use crate::validate::type_name;

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
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMethod::OAuth => "oauth",
            AuthMethod::ApiKey => "api_key",
        }
    }

    /// Parses a wire value.
    pub fn parse(s: &str) -> Option<AuthMethod> {
        match s {
            "oauth" => Some(AuthMethod::OAuth),
            "api_key" => Some(AuthMethod::ApiKey),
            _ => None,
        }
    }
}

/// Validated attributes of a create or an update. `name` is set on create only: the API
/// cannot rename an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountInput {
    /// The authentication method.
    pub auth_method: AuthMethod,
    /// The Okta domain, an absolute `https://` URL.
    pub domain: String,
    /// The account name (create only).
    pub name: Option<String>,
    /// The OAuth client id.
    pub client_id: Option<String>,
    /// The OAuth client secret.
    pub client_secret: Option<Secret>,
    /// The Okta API token.
    pub api_key: Option<Secret>,
}

/// A validated `CreateOktaAccount` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateRequest {
    /// The attributes (`name` always set).
    pub attributes: AccountInput,
    /// An id sent by the caller; the API ignores it but the official client sends it.
    pub id: Option<String>,
}

/// A validated `UpdateOktaAccount` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateRequest {
    /// The attributes (`name` never set); the spec lets them be omitted.
    pub attributes: Option<AccountInput>,
}

// Field order follows the official client's serialiser, so bodies match the recordings byte
// for byte. This is the one place secret attributes are exposed: into the request body.
fn write_wire_attributes(a: &AccountInput, out: &mut String) {
    ObjectWriter::new(out)
        .opt_str("api_key", a.api_key.as_ref().map(Secret::expose))
        .str("auth_method", a.auth_method.as_str())
        .opt_str("client_id", a.client_id.as_deref())
        .opt_str("client_secret", a.client_secret.as_ref().map(Secret::expose))
        .str("domain", &a.domain)
        .opt_str("name", a.name.as_deref())
        .end();
}

fn wire_envelope(attributes: Option<&AccountInput>, id: Option<&str>) -> String {
    let mut out = String::new();
    ObjectWriter::new(&mut out)
        .raw("data", |out| {
            let mut data = ObjectWriter::new(out);
            if let Some(a) = attributes {
                data.raw("attributes", |out| write_wire_attributes(a, out));
            }
            data.opt_str("id", id).str("type", OKTA_ACCOUNTS).end();
        })
        .end();
    out
}

impl CreateRequest {
    /// The JSON body sent on the wire.
    pub fn to_wire_json(&self) -> String {
        wire_envelope(Some(&self.attributes), self.id.as_deref())
    }
}

impl UpdateRequest {
    /// The JSON body sent on the wire.
    pub fn to_wire_json(&self) -> String {
        wire_envelope(self.attributes.as_ref(), None)
    }
}

// ---------------------------------------------------------------------------------------
// Responses. Unknown fields are kept under `additionalProperties`; secrets the server should
// never send are dropped rather than surfaced.

/// The attributes of an account as the API returns them.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountAttributes {
    /// The authentication method; an unknown value is kept as sent.
    pub auth_method: String,
    /// The OAuth client id.
    pub client_id: Option<String>,
    /// The Okta domain.
    pub domain: String,
    /// The account name.
    pub name: String,
    /// Attributes this version does not know.
    pub additional_properties: Object,
}

/// One account as the API returns it.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    /// Its attributes.
    pub attributes: AccountAttributes,
    /// Its id, assigned by the server (and possibly changed by an update).
    pub id: Option<String>,
    /// `okta-accounts`, or an unknown value kept as sent.
    pub kind: String,
    /// Fields this version does not know.
    pub additional_properties: Object,
}

/// The body of get, create and update.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountResponse {
    /// The account.
    pub data: Option<Account>,
    /// Fields this version does not know.
    pub additional_properties: Object,
}

/// The body of list.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountsResponse {
    /// Every account of the organisation.
    pub data: Option<Vec<Account>>,
    /// Fields this version does not know.
    pub additional_properties: Object,
}

/// Why a response body does not have the documented shape; the path is relative.
type ShapeError = String;

fn string(v: Json, key: &str) -> Result<String, ShapeError> {
    match v {
        Json::String(s) => Ok(s),
        other => Err(format!("{key}: expected a string, found {}", type_name(&other))),
    }
}

fn opt_string(v: Json, key: &str) -> Result<Option<String>, ShapeError> {
    match v {
        Json::Null => Ok(None),
        v => string(v, key).map(Some),
    }
}

fn object(v: Json, what: &str) -> Result<Object, ShapeError> {
    match v {
        Json::Object(o) => Ok(o),
        other => Err(format!("{what}expected an object, found {}", type_name(&other))),
    }
}

fn required<T>(v: Option<T>, key: &str) -> Result<T, ShapeError> {
    v.ok_or_else(|| format!("{key}: missing"))
}

fn nested(prefix: &str, e: ShapeError) -> ShapeError {
    format!("{prefix}.{e}")
}

impl AccountAttributes {
    fn from_json(v: Json) -> Result<Self, ShapeError> {
        let (mut auth_method, mut client_id, mut domain, mut name) = (None, None, None, None);
        let mut additional = Object::new();
        for (k, v) in object(v, "")? {
            match k.as_str() {
                "auth_method" => auth_method = Some(string(v, &k)?),
                "client_id" => client_id = opt_string(v, &k)?,
                "domain" => domain = Some(string(v, &k)?),
                "name" => name = Some(string(v, &k)?),
                // Write-only: a response should never hold them, and they are not passed on.
                "client_secret" | "api_key" => {}
                _ => additional.insert(k, v),
            }
        }
        Ok(AccountAttributes {
            auth_method: required(auth_method, "auth_method")?,
            client_id,
            domain: required(domain, "domain")?,
            name: required(name, "name")?,
            additional_properties: additional,
        })
    }

    fn write(&self, out: &mut String) {
        ObjectWriter::new(out)
            .str("authMethod", &self.auth_method)
            .opt_str("clientId", self.client_id.as_deref())
            .str("domain", &self.domain)
            .str("name", &self.name)
            .extra("additionalProperties", &self.additional_properties)
            .end();
    }
}

impl Account {
    /// Reads an account from its wire form.
    pub fn from_json(v: Json) -> Result<Self, ShapeError> {
        let (mut attributes, mut id, mut kind) = (None, None, None);
        let mut additional = Object::new();
        for (k, v) in object(v, "")? {
            match k.as_str() {
                "attributes" => attributes = Some(AccountAttributes::from_json(v).map_err(|e| nested("attributes", e))?),
                "id" => id = opt_string(v, &k)?,
                "type" => kind = Some(string(v, &k)?),
                _ => additional.insert(k, v),
            }
        }
        Ok(Account {
            attributes: required(attributes, "attributes")?,
            id,
            kind: required(kind, "type")?,
            additional_properties: additional,
        })
    }

    /// Writes the account in the official camelCase shape.
    pub fn write(&self, out: &mut String) {
        ObjectWriter::new(out)
            .raw("attributes", |out| self.attributes.write(out))
            .opt_str("id", self.id.as_deref())
            .str("type", &self.kind)
            .extra("additionalProperties", &self.additional_properties)
            .end();
    }
}

impl AccountResponse {
    /// Reads the body of get, create or update.
    pub fn from_json(v: Json) -> Result<Self, ShapeError> {
        let mut data = None;
        let mut additional = Object::new();
        for (k, v) in object(v, "the body: ")? {
            match (k.as_str(), v) {
                ("data", Json::Null) => {}
                ("data", v) => data = Some(Account::from_json(v).map_err(|e| nested("data", e))?),
                (_, v) => additional.insert(k, v),
            }
        }
        Ok(AccountResponse { data, additional_properties: additional })
    }

    /// The response in the official camelCase shape, as JSON text.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        let mut w = ObjectWriter::new(&mut out);
        if let Some(d) = &self.data {
            w.raw("data", |out| d.write(out));
        }
        w.extra("additionalProperties", &self.additional_properties).end();
        out
    }
}

impl AccountsResponse {
    /// Reads the body of list.
    pub fn from_json(v: Json) -> Result<Self, ShapeError> {
        let mut data = None;
        let mut additional = Object::new();
        for (k, v) in object(v, "the body: ")? {
            match (k.as_str(), v) {
                ("data", Json::Null) => {}
                ("data", Json::Array(items)) => {
                    let mut accounts = Vec::with_capacity(items.len());
                    for (i, item) in items.into_iter().enumerate() {
                        accounts.push(Account::from_json(item).map_err(|e| nested(&format!("data[{i}]"), e))?);
                    }
                    data = Some(accounts);
                }
                ("data", other) => return Err(format!("data: expected an array, found {}", type_name(&other))),
                (_, v) => additional.insert(k, v),
            }
        }
        Ok(AccountsResponse { data, additional_properties: additional })
    }

    /// The response in the official camelCase shape, as JSON text.
    pub fn to_json(&self) -> String {
        // About 1.2 bytes out per byte in; reserving avoids regrowing a large list.
        let mut out = String::with_capacity(self.data.as_ref().map_or(16, |d| d.len() * 160));
        let mut w = ObjectWriter::new(&mut out);
        if let Some(accounts) = &self.data {
            w.raw("data", |out| {
                out.push('[');
                for (i, a) in accounts.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    a.write(out);
                }
                out.push(']');
            });
        }
        w.extra("additionalProperties", &self.additional_properties).end();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn oauth(name: Option<&str>) -> AccountInput {
        AccountInput {
            auth_method: AuthMethod::OAuth,
            domain: "https://example.okta.com/".into(),
            name: name.map(Into::into),
            client_id: Some("client_id".into()),
            client_secret: Some(Secret::new("client_secret")),
            api_key: None,
        }
    }

    #[test]
    fn create_body_matches_official_field_order() {
        let req = CreateRequest { attributes: oauth(Some("n")), id: Some("f749".into()) };
        assert_eq!(
            req.to_wire_json(),
            r#"{"data":{"attributes":{"auth_method":"oauth","client_id":"client_id","client_secret":"client_secret","domain":"https://example.okta.com/","name":"n"},"id":"f749","type":"okta-accounts"}}"#
        );
    }

    #[test]
    fn update_body_has_no_name_and_may_omit_attributes() {
        let req = UpdateRequest { attributes: Some(oauth(None)) };
        assert!(!req.to_wire_json().contains("\"name\""));
        assert_eq!(UpdateRequest { attributes: None }.to_wire_json(), r#"{"data":{"type":"okta-accounts"}}"#);
    }

    #[test]
    fn debug_of_inputs_never_shows_secrets() {
        let req = CreateRequest { attributes: oauth(Some("n")), id: None };
        let dbg = format!("{req:?}");
        assert!(!dbg.contains("client_secret\""), "{dbg}");
        assert!(dbg.contains("[REDACTED]"));
    }

    #[test]
    fn unknown_fields_are_kept_in_order_and_secrets_dropped() {
        let body = r#"{"data":{"type":"okta-accounts-v9","attributes":{"name":"n","auth_method":"saml","domain":"https://x/","client_secret":"leak","tier":"gold","rank":1.50},"id":"1","links":{"self":"/x"}},"meta":1}"#;
        let r = AccountResponse::from_json(parse(body).unwrap()).unwrap();
        let d = r.data.as_ref().unwrap();
        assert_eq!(d.kind, "okta-accounts-v9");
        assert_eq!(d.attributes.auth_method, "saml");
        let out = r.to_json();
        assert!(!out.contains("leak"));
        assert_eq!(
            out,
            r#"{"data":{"attributes":{"authMethod":"saml","domain":"https://x/","name":"n","additionalProperties":{"tier":"gold","rank":1.50}},"id":"1","type":"okta-accounts-v9","additionalProperties":{"links":{"self":"/x"}}},"additionalProperties":{"meta":1}}"#
        );
    }

    #[test]
    fn shape_errors_name_the_path() {
        let body = r#"{"data":{"type":"okta-accounts","attributes":{"auth_method":"oauth","domain":"https://x/"}}}"#;
        assert_eq!(AccountResponse::from_json(parse(body).unwrap()).unwrap_err(), "data.attributes.name: missing");
        let body = r#"{"data":[{"type":"okta-accounts","attributes":{"auth_method":"oauth","domain":"https://x/","name":"a"}},{"type":5}]}"#;
        assert_eq!(AccountsResponse::from_json(parse(body).unwrap()).unwrap_err(), "data[1].type: expected a string, found a number");
        assert_eq!(AccountsResponse::from_json(parse("[]").unwrap()).unwrap_err(), "the body: expected an object, found an array");
    }
}
