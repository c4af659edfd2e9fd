//! Validation of what callers pass in (camelCase, as in Datadog's TypeScript client), run
//! before every request and exported for forms. Every problem is reported, each with a path.
//! Attributes follow the one description of the account, [`FIELDS`].

use crate::prelude::*;

use crate::account::input::{AccountInput, CreateRequest, UpdateRequest};
use crate::account::{AuthMethod, Role, FIELDS, OKTA_ACCOUNTS};
use crate::json::{Json, Object};
use crate::problem::{join, Problem, Problems};
use crate::text::{cat, int, list};

/// Longest `accountId` accepted; real ids are 36-character UUIDs.
pub const MAX_ACCOUNT_ID_LEN: usize = 1024;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Create,
    Update,
}

/// `oauth`, `api_key`, quoted, for messages.
fn methods_list() -> String {
    list(&AuthMethod::ALL.map(AuthMethod::as_str), "\"")
}

fn attributes(p: &mut Problems, v: &Json, path: &str, mode: Mode) -> Option<AccountInput> {
    let allowed = FIELDS.map(|f| f.js);
    let map = p.object(v, path, &allowed)?;
    let before = p.count();
    // The auth method decides which credentials belong; its own problems come in field order.
    let method = map.get(field_key(Role::AuthMethod)).and_then(Json::as_str).and_then(AuthMethod::parse);
    let mut input = AccountInput::new(method.unwrap_or(AuthMethod::OAuth));
    for (i, field) in FIELDS.iter().enumerate() {
        let at = || join(path, field.js);
        let value = match field.role {
            Role::Name if mode == Mode::Update => {
                if map.contains_key(field.js) {
                    p.add(at(), "cannot be changed: the API has no rename, so an update takes no name");
                }
                None
            }
            Role::Name | Role::Required => p.req_string(map, path, field.js),
            Role::AuthMethod => {
                if p.req_string(map, path, field.js).is_some() && method.is_none() {
                    p.add(at(), cat(&["unknown auth method; accepted: ", &methods_list()]));
                }
                None
            }
            Role::Credential(owner) | Role::Secret(owner) => {
                let value = p.non_blank(map, path, field.js);
                match method {
                    Some(m) if m == owner && mode == Mode::Create && !map.contains_key(field.js) => {
                        p.add(at(), cat(&["is required when authMethod is \"", m.as_str(), "\""]));
                    }
                    Some(m) if m != owner && map.contains_key(field.js) => {
                        p.add(at(), cat(&["belongs to authMethod \"", owner.as_str(), "\"; remove it for \"", m.as_str(), "\""]));
                    }
                    _ => {}
                }
                value
            }
        };
        if let (Some(value), Some(check)) = (value, field.check) {
            if let Err(m) = check(value) {
                p.add(at(), m);
            }
        }
        if let Some(value) = value {
            input.set(i, value);
        }
    }
    // An unknown or missing auth method is one of the problems.
    (p.count() == before).then_some(input)
}

fn field_key(role: Role) -> &'static str {
    FIELDS.iter().find(|f| f.role == role).map_or("", |f| f.js)
}

fn check_type(p: &mut Problems, map: &Object, path: &str) {
    if let Some(t) = p.opt_string(map, path, "type") {
        if t != OKTA_ACCOUNTS {
            p.add(join(path, "type"), cat(&["must be \"", OKTA_ACCOUNTS, "\" (or omitted)"]));
        }
    }
}

/// The `data` object of a body at `path`, with the keys it may have.
fn data<'v>(p: &mut Problems, v: &'v Json, path: &str, allowed: &[&str]) -> Option<&'v Object> {
    let map = p.object(v, path, &["data"])?;
    let data_path = join(path, "data");
    let Some(data) = map.get("data") else {
        p.add(data_path, "is required");
        return None;
    };
    let data = p.object(data, &data_path, allowed)?;
    check_type(p, data, &data_path);
    Some(data)
}

/// Validates a create body (`{ data: { attributes, id?, type? } }`); paths start at `path`.
pub fn create_body(p: &mut Problems, v: &Json, path: &str) -> Option<CreateRequest> {
    let data_path = join(path, "data");
    let data = data(p, v, path, &["attributes", "id", "type"])?;
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
    let data_path = join(path, "data");
    let data = data(p, v, path, &["attributes", "type"])?;
    let attributes = match data.get("attributes") {
        Some(a) => Some(attributes(p, a, &join(&data_path, "attributes"), Mode::Update)?),
        None => None,
    };
    Some(UpdateRequest { attributes })
}

/// Checks an account id: a non-empty string of at most [`MAX_ACCOUNT_ID_LEN`] bytes that stays
/// one path segment wherever it goes: not `.` or `..`, which `fetch` resolves as path steps
/// (encoded or not), and no `/`, `\` or control character, which a server or proxy that decodes
/// the path before routing could read as path syntax. Real ids are UUIDs.
pub fn check_account_id(id: &str) -> Result<(), String> {
    if id.trim().is_empty() {
        return Err("must not be empty".to_owned());
    }
    if id == "." || id == ".." {
        // Quoted by hand: `{:?}` would bring Debug escaping and its Unicode tables into the wasm.
        return Err(cat(&["must not be \"", id, "\": fetch would resolve it as a path step and send the request to another path"]));
    }
    if id.chars().any(|c| c == '/' || c == '\\' || c.is_control()) {
        return Err("must not contain /, \\ or control characters: an account id is one path segment".to_owned());
    }
    if id.len() > MAX_ACCOUNT_ID_LEN {
        return Err(cat(&["is longer than ", &int(MAX_ACCOUNT_ID_LEN as u64), " bytes"]));
    }
    Ok(())
}

/// Validates the `accountId` of `map`.
pub fn account_id<'v>(p: &mut Problems, map: &'v Object, path: &str) -> Option<&'v str> {
    if !map.contains_key("accountId") {
        p.add(join(path, "accountId"), "is required");
        return None;
    }
    let id = p.opt_string(map, path, "accountId")?;
    match check_account_id(id) {
        Ok(()) => Some(id),
        Err(m) => {
            p.add(join(path, "accountId"), m);
            None
        }
    }
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
mod tests;
