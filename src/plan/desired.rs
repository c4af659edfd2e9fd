//! Desired accounts, validated with the create rules: a list (each with its `name`) or an
//! object keyed by name; and the desired-state document of the command line, whose secrets are
//! references to environment variables rather than values.

use crate::prelude::*;

use crate::account::input::AccountInput;
use crate::account::FIELDS;
use crate::json::{self, Json, Object};
use crate::problem::{join, type_name, Problem, Problems};
use crate::validate;

/// How secrets are written in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretForm {
    /// The values themselves (the library's `desired` argument).
    Value,
    /// `"${NAME}"`, a reference to an environment variable (the desired-state file).
    Reference,
}

/// One desired account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesiredAccount {
    /// Its name, the key that matches it with an account on the server.
    pub name: String,
    /// Where it is in the input (`desired.prod`, `accounts["my org"]`, `desired[2]`).
    pub path: String,
    /// Its validated attributes (`name` set); secrets are references in the reference form.
    pub input: AccountInput,
    /// The secret fields and the variables they name (reference form only).
    pub references: Vec<(&'static str, String)>,
}

impl DesiredAccount {
    /// The attribute that holds the secret of its auth method.
    pub fn secret_field(&self) -> &'static str {
        self.input.auth_method.secret_field().js
    }
}

/// Writes `s` as a JSON string literal, for messages and paths.
pub fn quoted(s: &str) -> String {
    let mut out = String::new();
    json::write_str(&mut out, s);
    out
}

/// The path of the entry `name` under `base`: `base.name`, or `base["odd name"]`.
pub fn entry_path(base: &str, name: &str) -> String {
    let plain = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        join(base, name)
    } else {
        format!("{base}[{}]", quoted(name))
    }
}

/// The variable of `"${NAME}"`, when the whole string is such a reference.
pub fn reference(s: &str) -> Option<&str> {
    let name = s.strip_prefix("${")?.strip_suffix('}')?;
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    (first_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')).then_some(name)
}

/// Why `s` is not a reference: `$NAME` (and `$(NAME)`) get the `${NAME}` they meant, and anything
/// else is taken as a secret value, which the file never holds.
fn not_a_reference(s: &str) -> String {
    let bare = s.strip_prefix('$').map(|r| r.strip_prefix('(').and_then(|r| r.strip_suffix(')')).unwrap_or(r));
    match bare.and_then(|name| reference(&format!("${{{name}}}")).map(str::to_owned)) {
        Some(name) => format!("write ${{{name}}}: a reference to an environment variable is the name in braces"),
        None => "must be a reference to an environment variable, such as \"${OKTA_CLIENT_SECRET}\": secret values are never written in the file".to_owned(),
    }
}

/// Reads desired accounts at `path`: an object keyed by name or an array of accounts with a
/// `name`. Every problem is recorded; a name used twice is a problem, never a choice.
pub fn read(p: &mut Problems, v: &Json, path: &str, form: SecretForm) -> Vec<DesiredAccount> {
    let mut out: Vec<DesiredAccount> = Vec::new();
    match v {
        Json::Object(map) => {
            let mut seen: Vec<&str> = Vec::new();
            for (name, attrs) in map.iter() {
                let entry = entry_path(path, name);
                if seen.contains(&name.as_str()) {
                    // JSON.parse would keep the last one silently; this reader sees both.
                    p.add(entry, "appears twice: account names must be unique");
                    continue;
                }
                seen.push(name);
                out.extend(read_one(p, attrs, &entry, Some(name), form));
            }
        }
        Json::Array(items) => {
            for (i, attrs) in items.iter().enumerate() {
                let entry = format!("{path}[{i}]");
                let Some(account) = read_one(p, attrs, &entry, None, form) else { continue };
                if let Some(first) = out.iter().find(|d| d.name == account.name) {
                    let message = format!("{} is also the name of {}: account names must be unique", quoted(&account.name), first.path);
                    p.add(join(&entry, "name"), message);
                    continue;
                }
                out.push(account);
            }
        }
        other => p.add(path, format!("must be an object of accounts by name, or an array of accounts, not {}", type_name(other))),
    }
    out
}

fn read_one(p: &mut Problems, v: &Json, entry: &str, key: Option<&str>, form: SecretForm) -> Option<DesiredAccount> {
    let before = p.0.len();
    let Some(map) = v.as_object() else {
        p.add(entry, format!("must be an object, not {}", type_name(v)));
        return None;
    };
    let mut attrs = map.clone();
    if let Some(key) = key {
        match map.get("name") {
            None => attrs.insert("name".into(), Json::String(key.into())),
            Some(Json::String(n)) if n == key => {}
            Some(_) => p.add(join(entry, "name"), format!("must be {} like its key, or be left out", quoted(key))),
        }
    }
    let mut references = Vec::new();
    if form == SecretForm::Reference {
        for field in FIELDS.iter().filter(|f| f.role.is_secret()).map(|f| f.js) {
            if let Some(Json::String(s)) = map.get(field) {
                match reference(s) {
                    Some(var) => references.push((field, var.to_owned())),
                    None => p.add(join(entry, field), not_a_reference(s)),
                }
            }
        }
    }
    let mut data = Object::new();
    data.insert("attributes".into(), Json::Object(attrs));
    let mut body = Object::new();
    body.insert("data".into(), Json::Object(data));
    let mut sub = Problems::default();
    let request = validate::create_body(&mut sub, &Json::Object(body), "");
    for problem in sub.0 {
        // `data.attributes.domain` of the create body is `<entry>.domain` here.
        let tail = problem.path.strip_prefix("data.attributes").unwrap_or_default();
        p.0.push(Problem::new(format!("{entry}{tail}"), problem.message));
    }
    if p.0.len() != before {
        return None;
    }
    let input = request?.attributes;
    Some(DesiredAccount { name: input.name()?.to_owned(), path: entry.to_owned(), input, references })
}
