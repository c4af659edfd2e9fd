//! What comes back: accounts read from the wire (snake_case, as [`FIELDS`] name them) and
//! written in the camelCase shape of Datadog's TypeScript client, in its field order. Unknown
//! A repeated known key counts once, with its last value, as in `JSON.parse`. Unknown
//! fields are kept under `additionalProperties`, as read (a repeated key is written again, and
//! the last one wins in `JSON.parse`, as in the fast path; keeping them costs no search, so an
//! account with many unknown fields decodes in linear time); secrets the server should never send
//! are dropped rather than surfaced.

use crate::prelude::*;

use super::{Role, FIELDS, FIELD_COUNT};
use crate::json::{Json, Object, ObjectWriter};
use crate::problem::type_name;
use crate::secret::Scrubber;
use crate::text::{cat, int};

/// The attributes of an account as the API returns them. Secret fields are always absent.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountAttributes {
    values: [Option<String>; FIELD_COUNT],
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

/// Why a response body does not have the documented shape: `path: message`, the path relative
/// to the value read. A value that is itself of the wrong shape has an empty path
/// (`: expected an object, ...`), which `nested` completes with the key it was read under.
type ShapeError = String;

fn string(v: Json, key: &str) -> Result<String, ShapeError> {
    match v {
        Json::String(s) => Ok(s),
        other => Err(cat(&[key, ": expected a string, found ", type_name(&other)])),
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
        other => Err(cat(&[what, "expected an object, found ", type_name(&other)])),
    }
}

fn required<T>(v: Option<T>, key: &str) -> Result<T, ShapeError> {
    v.ok_or_else(|| cat(&[key, ": missing"]))
}

fn nested(prefix: &str, e: ShapeError) -> ShapeError {
    if e.starts_with(':') {
        cat(&[prefix, &e])
    } else {
        cat(&[prefix, ".", &e])
    }
}

/// The entries of `o` as `JSON.parse` reads them: a known key (`known` gives its index, below 8)
/// counts once, with its last value, whatever the earlier ones held; unknown keys come as read.
fn last_wins(o: Object, known: fn(&str) -> Option<usize>) -> impl Iterator<Item = (String, Json)> {
    let entries = o.0;
    let mut last = [usize::MAX; 8];
    for (i, (k, _)) in entries.iter().enumerate() {
        if let Some(slot) = known(k).and_then(|j| last.get_mut(j)) {
            *slot = i;
        }
    }
    entries.into_iter().enumerate().filter(move |(i, (k, _))| known(k).is_none_or(|j| last.get(j) == Some(i))).map(|(_, e)| e)
}

const _: () = assert!(FIELD_COUNT <= 8);

fn account_key(k: &str) -> Option<usize> {
    ["attributes", "id", "type"].iter().position(|x| *x == k)
}

fn envelope_key(k: &str) -> Option<usize> {
    (k == "data").then_some(0)
}

impl AccountAttributes {
    /// The account name.
    pub fn name(&self) -> &str {
        super::by_role(Role::Name).and_then(|i| self.values.get(i)?.as_deref()).unwrap_or_default()
    }

    fn from_json(v: Json) -> Result<Self, ShapeError> {
        let mut values: [Option<String>; FIELD_COUNT] = Default::default();
        let mut additional = Object::new();
        for (k, v) in last_wins(object(v, ": ")?, super::by_wire) {
            match super::by_wire(&k).and_then(|i| Some((FIELDS.get(i)?, values.get_mut(i)?))) {
                // Write-only: a response should never hold them, and they are not passed on.
                Some((field, _)) if field.role.is_secret() => {}
                Some((field, slot)) if field.role.required_in_response() => *slot = Some(string(v, &k)?),
                Some((_, slot)) => *slot = opt_string(v, &k)?,
                None => additional.push(k, v),
            }
        }
        for (field, value) in FIELDS.iter().zip(&values) {
            if field.role.required_in_response() {
                required(value.as_ref(), field.wire)?;
            }
        }
        Ok(AccountAttributes { values, additional_properties: additional })
    }

    fn write(&self, out: &mut String) {
        let mut w = ObjectWriter::new(out);
        for (field, value) in FIELDS.iter().zip(&self.values) {
            if !field.role.is_secret() {
                w.opt_str(field.js, value.as_deref());
            }
        }
        w.extra("additionalProperties", &self.additional_properties).end();
    }
}

impl Account {
    /// Reads an account from its wire form.
    pub fn from_json(v: Json) -> Result<Self, ShapeError> {
        let (mut attributes, mut id, mut kind) = (None, None, None);
        let mut additional = Object::new();
        for (k, v) in last_wins(object(v, ": ")?, account_key) {
            match k.as_str() {
                "attributes" => attributes = Some(AccountAttributes::from_json(v).map_err(|e| nested("attributes", e))?),
                "id" => id = opt_string(v, &k)?,
                "type" => kind = Some(string(v, &k)?),
                _ => additional.push(k, v),
            }
        }
        Ok(Account {
            attributes: required(attributes, "attributes")?,
            id,
            kind: required(kind, "type")?,
            additional_properties: additional,
        })
    }

    /// Scrubs the fields this version does not know (an echo of the request may hide there).
    pub fn scrub_unknown(&mut self, scrubber: &Scrubber) {
        scrubber.scrub_object(&mut self.additional_properties);
        scrubber.scrub_object(&mut self.attributes.additional_properties);
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
        for (k, v) in last_wins(object(v, "the body: ")?, envelope_key) {
            match (k.as_str(), v) {
                ("data", Json::Null) => {}
                ("data", v) => data = Some(Account::from_json(v).map_err(|e| nested("data", e))?),
                (_, v) => additional.push(k, v),
            }
        }
        Ok(AccountResponse { data, additional_properties: additional })
    }

    /// Scrubs the fields this version does not know.
    pub fn scrub_unknown(&mut self, scrubber: &Scrubber) {
        scrubber.scrub_object(&mut self.additional_properties);
        if let Some(d) = &mut self.data {
            d.scrub_unknown(scrubber);
        }
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
        for (k, v) in last_wins(object(v, "the body: ")?, envelope_key) {
            match (k.as_str(), v) {
                ("data", Json::Null) => {}
                ("data", Json::Array(items)) => {
                    let mut accounts = Vec::with_capacity(items.len());
                    for (i, item) in items.into_iter().enumerate() {
                        accounts.push(Account::from_json(item).map_err(|e| nested(&cat(&["data[", &int(i as u64), "]"]), e))?);
                    }
                    data = Some(accounts);
                }
                ("data", other) => return Err(cat(&["data: expected an array, found ", type_name(&other)])),
                (_, v) => additional.push(k, v),
            }
        }
        Ok(AccountsResponse { data, additional_properties: additional })
    }

    /// Scrubs the fields this version does not know.
    pub fn scrub_unknown(&mut self, scrubber: &Scrubber) {
        scrubber.scrub_object(&mut self.additional_properties);
        for a in self.data.iter_mut().flatten() {
            a.scrub_unknown(scrubber);
        }
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

    #[test]
    fn unknown_fields_are_kept_in_order_and_secrets_dropped() {
        let body = r#"{"data":{"type":"okta-accounts-v9","attributes":{"name":"n","auth_method":"saml","domain":"https://x/","client_secret":"leak","tier":"gold","rank":1.50},"id":"1","links":{"self":"/x"}},"meta":1}"#;
        let r = AccountResponse::from_json(parse(body).unwrap()).unwrap();
        let d = r.data.as_ref().unwrap();
        assert_eq!(d.kind, "okta-accounts-v9");
        assert_eq!(d.attributes.name(), "n");
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
        let body = r#"{"data":{"type":"t","attributes":{"auth_method":"oauth","domain":"d","name":"n","client_id":7}}}"#;
        assert_eq!(AccountResponse::from_json(parse(body).unwrap()).unwrap_err(), "data.attributes.client_id: expected a string, found a number");
    }

    #[test]
    fn a_value_that_is_not_an_object_is_named_by_its_path() {
        let err = |body: &str| AccountResponse::from_json(parse(body).unwrap()).unwrap_err();
        assert_eq!(err(r#"{"data":[]}"#), "data: expected an object, found an array");
        assert_eq!(err(r#"{"data":{"type":"t","attributes":"x"}}"#), "data.attributes: expected an object, found a string");
        assert_eq!(AccountsResponse::from_json(parse(r#"{"data":[{},7]}"#).unwrap()).unwrap_err(), "data[0].attributes: missing");
        assert_eq!(AccountsResponse::from_json(parse(r#"{"data":[7]}"#).unwrap()).unwrap_err(), "data[0]: expected an object, found a number");
    }

    #[test]
    fn a_null_optional_attribute_is_absent() {
        let body = r#"{"data":{"type":"t","attributes":{"auth_method":"oauth","domain":"d","name":"n","client_id":null}}}"#;
        let r = AccountResponse::from_json(parse(body).unwrap()).unwrap();
        assert_eq!(r.to_json(), r#"{"data":{"attributes":{"authMethod":"oauth","domain":"d","name":"n"},"type":"t"}}"#);
    }
}
