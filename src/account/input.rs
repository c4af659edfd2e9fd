//! What is sent: validated attributes and the create and update bodies, written in the
//! snake_case wire form, field by field as [`FIELDS`] describes them.

use crate::prelude::*;

use core::fmt;

use super::{AuthMethod, Role, FIELDS, FIELD_COUNT, OKTA_ACCOUNTS};
use crate::json::ObjectWriter;
use crate::secret::{Scrubber, Secret};

/// The value of one attribute: plain text, or a secret that prints as `[REDACTED]`.
#[derive(Clone, PartialEq, Eq)]
pub enum Value {
    /// A plain attribute.
    Text(String),
    /// A write-only attribute.
    Secret(Secret),
}

impl Value {
    /// The value to write into a request body (the one place a secret attribute is exposed).
    pub fn expose(&self) -> &str {
        match self {
            Value::Text(s) => s,
            Value::Secret(s) => s.expose(),
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Text(s) => write!(f, "{s:?}"),
            Value::Secret(s) => write!(f, "{s:?}"),
        }
    }
}

/// Validated attributes of a create or an update, by field. The name is set on create only:
/// the API cannot rename an account.
#[derive(Clone, PartialEq, Eq)]
pub struct AccountInput {
    /// The authentication method.
    pub auth_method: AuthMethod,
    values: [Option<Value>; FIELD_COUNT],
}

impl AccountInput {
    /// Attributes with only the auth method set.
    pub fn new(auth_method: AuthMethod) -> Self {
        AccountInput { auth_method, values: Default::default() }
    }

    /// Sets the attribute at `index` of [`FIELDS`], as a secret when the field is one.
    pub fn set(&mut self, index: usize, value: &str) {
        let (Some(field), Some(slot)) = (FIELDS.get(index), self.values.get_mut(index)) else { return };
        *slot = Some(if field.role.is_secret() { Value::Secret(Secret::new(value)) } else { Value::Text(value.to_owned()) });
    }

    /// The value at `index` of [`FIELDS`] (the auth method is [`AccountInput::auth_method`]).
    pub fn get(&self, index: usize) -> Option<&Value> {
        self.values.get(index)?.as_ref()
    }

    /// The plain text of the attribute with `role`, if set (never a secret).
    pub fn text(&self, role: Role) -> Option<&str> {
        match self.get(super::by_role(role)?)? {
            Value::Text(s) => Some(s),
            Value::Secret(_) => None,
        }
    }

    /// The account name (set on create).
    pub fn name(&self) -> Option<&str> {
        self.text(Role::Name)
    }

    /// Adds every secret attribute to `scrubber`.
    pub fn add_secrets(&self, scrubber: &mut Scrubber) {
        for v in self.values.iter().flatten() {
            if let Value::Secret(s) = v {
                scrubber.add(s);
            }
        }
    }

    // Field order follows the official client's serialiser, so bodies match the recordings byte
    // for byte.
    fn write_wire(&self, out: &mut String) {
        let mut w = ObjectWriter::new(out);
        for (field, value) in FIELDS.iter().zip(&self.values) {
            match (field.role, value) {
                (Role::AuthMethod, _) => w.str(field.wire, self.auth_method.as_str()),
                (_, Some(v)) => w.str(field.wire, v.expose()),
                (_, None) => &mut w,
            };
        }
        w.end();
    }
}

impl fmt::Debug for AccountInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("AccountInput");
        d.field("authMethod", &self.auth_method);
        for (field, value) in FIELDS.iter().zip(&self.values) {
            if let Some(v) = value {
                d.field(field.js, v);
            }
        }
        d.finish()
    }
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

fn wire_envelope(attributes: Option<&AccountInput>, id: Option<&str>) -> String {
    let mut out = String::new();
    ObjectWriter::new(&mut out)
        .raw("data", |out| {
            let mut data = ObjectWriter::new(out);
            if let Some(a) = attributes {
                data.raw("attributes", |out| a.write_wire(out));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::by_js;

    fn oauth(name: Option<&str>) -> AccountInput {
        let mut a = AccountInput::new(AuthMethod::OAuth);
        a.set(by_js("domain").unwrap(), "https://example.okta.com/");
        if let Some(n) = name {
            a.set(by_js("name").unwrap(), n);
        }
        a.set(by_js("clientId").unwrap(), "client_id");
        a.set(by_js("clientSecret").unwrap(), "client_secret");
        a
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
        assert!(dbg.contains("[REDACTED]") && dbg.contains("client_id"), "{dbg}");
    }

    #[test]
    fn secrets_are_found_for_the_scrubber() {
        let mut sc = Scrubber::default();
        oauth(Some("n")).add_secrets(&mut sc);
        assert_eq!(sc.scrub("x client_secret client_id"), "x [REDACTED] client_id");
    }
}
