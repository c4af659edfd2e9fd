//! Declarative management of accounts by name: find an account by its name, and plan the
//! changes that bring the accounts on the server to a desired set. Pure functions: the JS layer
//! lists the accounts, computes secret fingerprints (salted hashes, never the values) and
//! applies the plan with the client.
//!
//! - Names are the key: two desired accounts, or two accounts on the server that a desired one
//!   would match, with one name are a problem of the plan, never a guess.
//! - Secrets are write-only, so they are compared by fingerprint: the one recorded when the
//!   secret was last sent (with the account's id then) against the one of the desired secret.
//!   With no usable record the secret is "not verifiable", and the plan says so.
//! - An update always sends the desired secret; deletes happen only with `prune`.

use crate::prelude::*;

pub mod desired;
pub mod document;
mod document_wire;
pub mod okta;
mod secrets;
mod wire;

pub use secrets::{Known, Recorded, SecretStatus};
use secrets::secret_status;

pub use document_wire::read_document_json;
pub use wire::{find_json, plan_json, write_plan};

use crate::account::input::Value;
use crate::account::{Role, FIELDS, FIELD_COUNT};
use crate::json::Json;
use crate::problem::{join, Problem, Problems};
use desired::DesiredAccount;

/// Most calls an apply runs at a time.
pub const MAX_CONCURRENCY: u32 = 16;

/// An account on the server, as the client returns it (camelCase).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Current {
    /// Its id (the server assigns it; an update may change it).
    pub id: Option<String>,
    /// Its name.
    pub name: String,
    /// Its attributes by field (secrets are never returned; an unknown auth method is kept).
    pub values: [Option<String>; FIELD_COUNT],
}

/// Reads the accounts of a list response (`data`, camelCase) at `path`.
pub fn read_current(p: &mut Problems, v: &Json, path: &str) -> Vec<Current> {
    let Json::Array(items) = v else {
        p.add(path, "must be an array of accounts, as `listOktaAccounts` returns in `data`");
        return Vec::new();
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = format!("{path}[{i}]");
        let Some(map) = item.as_object() else {
            p.add(at, "must be an object");
            continue;
        };
        let id = p.opt_string(map, &at, "id").map(str::to_owned);
        let attrs_at = join(&at, "attributes");
        let Some(attrs) = map.get("attributes").and_then(Json::as_object) else {
            p.add(attrs_at, "must be an object");
            continue;
        };
        let before = p.count();
        let mut values: [Option<String>; FIELD_COUNT] = Default::default();
        for (field, slot) in FIELDS.iter().zip(values.iter_mut()) {
            if field.role.is_secret() {
                continue;
            }
            let value = if field.role.required_in_response() { p.req_string(attrs, &attrs_at, field.js) } else { p.opt_string(attrs, &attrs_at, field.js) };
            *slot = value.map(str::to_owned);
        }
        let name = crate::account::by_role(Role::Name).and_then(|i| values.get(i)?.clone());
        if let (Some(name), true) = (name, p.count() == before) {
            out.push(Current { id, name, values });
        }
    }
    out
}

/// What a search by name found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// No account has that name.
    Missing,
    /// The account at this index.
    One(usize),
    /// Several accounts share the name (their indexes): the caller must not pick one.
    Many(Vec<usize>),
}

/// Finds the account named `name` (exact match; names are the human key).
pub fn find_by_name(accounts: &[Current], name: &str) -> Found {
    let hits: Vec<usize> = accounts.iter().enumerate().filter(|(_, a)| a.name == name).map(|(i, _)| i).collect();
    match hits.as_slice() {
        [] => Found::Missing,
        [one] => Found::One(*one),
        _ => Found::Many(hits),
    }
}

/// A problem that names every account sharing a name.
fn duplicate_problem(path: &str, accounts: &[Current], hits: &[usize], name: &str) -> Problem {
    let ids: Vec<&str> = hits.iter().filter_map(|&i| accounts.get(i)).map(|a| a.id.as_deref().unwrap_or("(no id)")).collect();
    Problem::new(
        path,
        format!(
            "{} accounts on the server are named {} (ids {}); which one is meant is not guessed: delete the extra ones, then plan again",
            hits.len(),
            desired::quoted(name),
            ids.join(", ")
        ),
    )
}

/// What the plan does with one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Desired, not on the server.
    Create,
    /// Desired and on the server, with differences (or a secret to send).
    Update,
    /// On the server, not desired, and `prune` is set.
    Delete,
    /// Desired and on the server as desired (as far as can be verified).
    Unchanged,
    /// On the server, not desired, and left alone (no `prune`).
    Unmanaged,
}

impl Action {
    /// The name in the plan's JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Unchanged => "unchanged",
            Action::Unmanaged => "unmanaged",
        }
    }
}

/// The switches of a plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Delete accounts that are not desired.
    pub prune: bool,
    /// Update accounts whose secret is not verifiable, so that it becomes known.
    pub push_unverifiable: bool,
    /// Whether the recorded fingerprints can be used.
    pub recorded: Recorded,
}

/// One entry of a plan. Secret values never appear in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What happens.
    pub action: Action,
    /// The account's name.
    pub name: String,
    /// Its id on the server (none for a create).
    pub id: Option<String>,
    /// The attributes that differ (for a create: every attribute sent).
    pub fields: Vec<&'static str>,
    /// What is known of the secret.
    pub secret: SecretStatus,
    /// Why the secret is not verifiable, as a code (`no-record`, `id-changed`, `not-offered`,
    /// `old-format`, `key-changed`, `no-key`).
    pub reason: Option<&'static str>,
    /// Why the secret is not verifiable, or what else a reader should know.
    pub note: Option<String>,
    /// The non-secret attributes before (`None` is absent), for the changed fields.
    pub before: Vec<(&'static str, Option<String>)>,
    /// The non-secret attributes after, for the changed fields.
    pub after: Vec<(&'static str, Option<String>)>,
}

/// Values by account name. A list, not a map: an organisation has a few dozen accounts, and a
/// map's code costs the wasm several KB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ByName<T>(Vec<(String, T)>);

impl<T> Default for ByName<T> {
    fn default() -> Self {
        ByName(Vec::new())
    }
}

impl<T> ByName<T> {
    /// Sets the value of `name`.
    pub fn insert(&mut self, name: impl Into<String>, value: T) {
        let name = name.into();
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.0.push((name, value)),
        }
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&T> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

/// The inputs of [`plan`]; fingerprints are keyed by account name.
#[derive(Debug, Default)]
pub struct PlanInput {
    /// The desired accounts, validated.
    pub desired: Vec<DesiredAccount>,
    /// The accounts on the server.
    pub current: Vec<Current>,
    /// Fingerprints recorded for this site.
    pub known: ByName<Known>,
    /// Fingerprints of the desired secrets, with the same salt.
    pub offered: ByName<String>,
    /// The switches.
    pub options: Options,
}

/// The compared attributes of a desired account, in field order.
fn attrs_of_desired(d: &DesiredAccount) -> Vec<(&'static str, Option<String>)> {
    let compared = FIELDS.iter().enumerate().filter(|(_, f)| f.role.is_compared());
    compared
        .map(|(i, f)| {
            let value = match (f.role, d.input.get(i)) {
                (Role::AuthMethod, _) => Some(d.input.auth_method.as_str().to_owned()),
                (_, Some(Value::Text(s))) => Some(s.clone()),
                _ => None,
            };
            (f.js, value)
        })
        .collect()
}

/// The compared attributes of an account on the server, in field order.
fn attrs_of_current(c: &Current) -> Vec<(&'static str, Option<String>)> {
    FIELDS.iter().zip(&c.values).filter(|(f, _)| f.role.is_compared()).map(|(f, v)| (f.js, v.clone())).collect()
}

/// Plans the changes. Desired accounts come first, in their order; then the accounts on the
/// server that are not desired, in the server's order. Problems have paths: `current[i]` for
/// the server's accounts.
pub fn plan(input: &PlanInput) -> Result<Vec<Change>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut changes = Vec::new();
    for d in &input.desired {
        let change = match find_by_name(&input.current, &d.name) {
            Found::Many(hits) => {
                let at = hits.get(1).map_or_else(|| "current".to_owned(), |i| format!("current[{i}]"));
                problems.push(duplicate_problem(&at, &input.current, &hits, &d.name));
                continue;
            }
            Found::Missing => {
                let after: Vec<_> = attrs_of_desired(d).into_iter().filter(|(_, v)| v.is_some()).collect();
                let mut fields: Vec<&'static str> = after.iter().map(|(k, _)| *k).collect();
                fields.push(d.secret_field());
                Change { action: Action::Create, name: d.name.clone(), id: None, fields, secret: SecretStatus::New, reason: None, note: None, before: Vec::new(), after }
            }
            Found::One(i) => {
                let Some(c) = input.current.get(i) else { continue };
                if c.id.is_none() {
                    problems.push(Problem::new(format!("current[{i}].id"), "is missing: the account cannot be updated without its id"));
                    continue;
                }
                let (mut before, mut after, mut fields) = (Vec::new(), Vec::new(), Vec::new());
                for ((key, want), (_, have)) in attrs_of_desired(d).into_iter().zip(attrs_of_current(c)) {
                    if want != have {
                        fields.push(key);
                        before.push((key, have));
                        after.push((key, want));
                    }
                }
                let (secret, reason, note) = secret_status(input, d, c);
                // The fingerprint covers the secret's field, so a new auth method is a new secret.
                if secret == SecretStatus::Changed || fields.contains(&"authMethod") {
                    fields.push(d.secret_field());
                }
                let push = secret == SecretStatus::Unverifiable && input.options.push_unverifiable;
                let action = if fields.is_empty() && !push { Action::Unchanged } else { Action::Update };
                Change { action, name: d.name.clone(), id: c.id.clone(), fields, secret, reason, note, before, after }
            }
        };
        changes.push(change);
    }
    for c in &input.current {
        if input.desired.iter().any(|d| d.name == c.name) {
            continue;
        }
        let action = if input.options.prune { Action::Delete } else { Action::Unmanaged };
        let before = if action == Action::Delete { attrs_of_current(c).into_iter().filter(|(_, v)| v.is_some()).collect() } else { Vec::new() };
        changes.push(Change { action, name: c.name.clone(), id: c.id.clone(), fields: Vec::new(), secret: SecretStatus::None, reason: None, note: None, before, after: Vec::new() });
    }
    if problems.is_empty() {
        Ok(changes)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests;
