//! The data of the API: validated requests (serialised to the snake_case wire form) and
//! responses (decoded from the wire, serialised to the camelCase shape of Datadog's
//! TypeScript client).

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};
use std::fmt;

use crate::secret::Secret;

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

fn expose<S: Serializer>(s: &Option<&Secret>, ser: S) -> Result<S::Ok, S::Error> {
    match s {
        // The one place a secret attribute is written: into the request body.
        Some(secret) => ser.serialize_str(secret.expose()),
        None => ser.serialize_none(),
    }
}

// Field order follows the official client's serialiser, so bodies match the recordings byte
// for byte.
#[derive(Serialize)]
struct WireAttributes<'a> {
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "expose")]
    api_key: Option<&'a Secret>,
    auth_method: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "expose")]
    client_secret: Option<&'a Secret>,
    domain: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
}

impl<'a> From<&'a AccountInput> for WireAttributes<'a> {
    fn from(a: &'a AccountInput) -> Self {
        WireAttributes {
            api_key: a.api_key.as_ref(),
            auth_method: a.auth_method.as_str(),
            client_id: a.client_id.as_deref(),
            client_secret: a.client_secret.as_ref(),
            domain: &a.domain,
            name: a.name.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct WireData<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    attributes: Option<WireAttributes<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct WireEnvelope<'a> {
    data: WireData<'a>,
}

impl CreateRequest {
    /// The JSON body sent on the wire.
    pub fn to_wire_json(&self) -> String {
        let env = WireEnvelope {
            data: WireData { attributes: Some((&self.attributes).into()), id: self.id.as_deref(), kind: OKTA_ACCOUNTS },
        };
        serde_json::to_string(&env).unwrap_or_default()
    }
}

impl UpdateRequest {
    /// The JSON body sent on the wire.
    pub fn to_wire_json(&self) -> String {
        let env = WireEnvelope {
            data: WireData { attributes: self.attributes.as_ref().map(Into::into), id: None, kind: OKTA_ACCOUNTS },
        };
        serde_json::to_string(&env).unwrap_or_default()
    }
}

// ---------------------------------------------------------------------------------------
// Responses. Decoded from snake_case, written back in the official client's camelCase shape
// and field order. Unknown fields are kept under `additionalProperties`; secrets the server
// should never send are dropped rather than surfaced.

/// The attributes of an account as the API returns them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountAttributes {
    /// The authentication method; an unknown value is kept as sent.
    pub auth_method: String,
    /// The OAuth client id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// The Okta domain.
    pub domain: String,
    /// The account name.
    pub name: String,
    /// Attributes this version does not know.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub additional_properties: Map<String, Value>,
}

/// One account as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// Its attributes.
    pub attributes: AccountAttributes,
    /// Its id, assigned by the server (and possibly changed by an update).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `okta-accounts`, or an unknown value kept as sent.
    #[serde(rename = "type")]
    pub kind: String,
    /// Fields this version does not know.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub additional_properties: Map<String, Value>,
}

/// The body of get, create and update.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountResponse {
    /// The account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Account>,
    /// Fields this version does not know.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub additional_properties: Map<String, Value>,
}

/// The body of list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountsResponse {
    /// Every account of the organisation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Vec<Account>>,
    /// Fields this version does not know.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub additional_properties: Map<String, Value>,
}

/// Writes a decoded value as the JSON the JS layer hands to the caller.
pub fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// Secrets are write-only: a response carrying one is not passed on.
fn is_secret_key(k: &str) -> bool {
    k == "client_secret" || k == "api_key"
}

fn required<T, E: de::Error>(v: Option<T>, name: &'static str) -> Result<T, E> {
    v.ok_or_else(|| de::Error::missing_field(name))
}

impl<'de> Deserialize<'de> for AccountAttributes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AccountAttributes;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of account attributes")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let (mut auth_method, mut client_id, mut domain, mut name) = (None, None, None, None);
                let mut additional = Map::new();
                while let Some(k) = m.next_key::<std::borrow::Cow<'de, str>>()? {
                    match k.as_ref() {
                        "auth_method" => auth_method = Some(m.next_value::<String>()?),
                        "client_id" => client_id = m.next_value::<Option<String>>()?,
                        "domain" => domain = Some(m.next_value::<String>()?),
                        "name" => name = Some(m.next_value::<String>()?),
                        s if is_secret_key(s) => {
                            m.next_value::<de::IgnoredAny>()?;
                        }
                        _ => {
                            let v = m.next_value::<Value>()?;
                            additional.insert(k.into_owned(), v);
                        }
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
        }
        d.deserialize_map(V)
    }
}

impl<'de> Deserialize<'de> for Account {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Account;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an account object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let (mut attributes, mut id, mut kind) = (None, None, None);
                let mut additional = Map::new();
                while let Some(k) = m.next_key::<std::borrow::Cow<'de, str>>()? {
                    match k.as_ref() {
                        "attributes" => attributes = Some(m.next_value::<AccountAttributes>()?),
                        "id" => id = m.next_value::<Option<String>>()?,
                        "type" => kind = Some(m.next_value::<String>()?),
                        _ => {
                            let v = m.next_value::<Value>()?;
                            additional.insert(k.into_owned(), v);
                        }
                    }
                }
                Ok(Account {
                    attributes: required(attributes, "attributes")?,
                    id,
                    kind: required(kind, "type")?,
                    additional_properties: additional,
                })
            }
        }
        d.deserialize_map(V)
    }
}

macro_rules! envelope_deserialize {
    ($ty:ident, $data:ty, $what:literal) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str($what)
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                        let mut data = None;
                        let mut additional = Map::new();
                        while let Some(k) = m.next_key::<std::borrow::Cow<'de, str>>()? {
                            if k == "data" {
                                data = m.next_value::<Option<$data>>()?;
                            } else {
                                let v = m.next_value::<Value>()?;
                                additional.insert(k.into_owned(), v);
                            }
                        }
                        Ok($ty { data, additional_properties: additional })
                    }
                }
                d.deserialize_map(V)
            }
        }
    };
}

envelope_deserialize!(AccountResponse, Account, "an object with `data`");
envelope_deserialize!(AccountsResponse, Vec<Account>, "an object with a `data` array");

#[cfg(test)]
mod tests {
    use super::*;

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
    fn unknown_fields_are_kept_and_secrets_dropped() {
        let body = r#"{"data":{"type":"okta-accounts-v9","attributes":{"name":"n","auth_method":"saml","domain":"https://x/","client_secret":"leak","tier":"gold"},"id":"1","links":{"self":"/x"}},"meta":1}"#;
        let r: AccountResponse = serde_json::from_str(body).unwrap();
        let d = r.data.as_ref().unwrap();
        assert_eq!(d.kind, "okta-accounts-v9");
        assert_eq!(d.attributes.auth_method, "saml");
        assert_eq!(d.attributes.additional_properties["tier"], "gold");
        assert_eq!(d.additional_properties["links"]["self"], "/x");
        assert_eq!(r.additional_properties["meta"], 1);
        let out = to_json(&r);
        assert!(!out.contains("leak"));
        assert_eq!(
            out,
            r#"{"data":{"attributes":{"authMethod":"saml","domain":"https://x/","name":"n","additionalProperties":{"tier":"gold"}},"id":"1","type":"okta-accounts-v9","additionalProperties":{"links":{"self":"/x"}}},"additionalProperties":{"meta":1}}"#
        );
    }

    #[test]
    fn missing_required_field_is_an_error() {
        let body = r#"{"data":{"type":"okta-accounts","attributes":{"auth_method":"oauth","domain":"https://x/"}}}"#;
        let err = serde_json::from_str::<AccountResponse>(body).unwrap_err();
        assert!(err.to_string().contains("missing field `name`"), "{err}");
    }
}
