//! The desired-state document of the command line: accounts by name with their secrets as
//! `"${VARIABLE}"`, and optionally the organisations they go to (each with its site or base URL
//! and the variables holding its Datadog keys) and the domains allowed beyond Okta's own.
//!
//! The file is a pull request away from production, so it is read as hostile: an Okta secret
//! may not come from a `DD_*` variable nor from a variable that holds an organisation's keys
//! (the file would otherwise send a Datadog key to a host of its choosing), and a domain under
//! no Okta domain is a warning. Every problem is reported at once, with its path.

use crate::prelude::*;

use super::desired::{self, entry_path, quoted, reference, DesiredAccount, SecretForm};
use super::okta;
use crate::account::{by_wire, input::Value, FIELDS};
use crate::json::{Json, Object};
use crate::problem::{join, type_name, Problem, Problems};
use crate::site;

/// An organisation of a document with `organisations`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    /// Its name, the key of its section in the state file.
    pub name: String,
    /// Its Datadog site, or
    pub site: Option<String>,
    /// its base URL (a proxy, a local API), as written: the JS layer checks both with the
    /// client's rules.
    pub base_url: Option<String>,
    /// The variables that hold its API and application keys.
    pub keys: [String; 2],
}

/// What a document holds, with its problems and warnings.
#[derive(Debug, Default)]
pub struct Document {
    /// The valid accounts, each with the organisations it names (`None`: all).
    pub accounts: Vec<(DesiredAccount, Option<Vec<String>>)>,
    /// The organisations, when the document names some.
    pub organisations: Option<Vec<Organisation>>,
    /// Every `"${VARIABLE}"` of the document and its path, valid or not, so that unset
    /// variables are reported along with the other problems.
    pub references: Vec<(String, String)>,
    /// Domains that are not Okta's.
    pub warnings: Vec<Problem>,
}

const KEYS: [&str; 3] = ["accounts", "organisations", "allowedDomains"];
const ORG_KEYS: [&str; 4] = ["site", "baseUrl", "apiKey", "appKey"];

fn valid_org_name(name: &str) -> bool {
    (1..=64).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn read_organisation(p: &mut Problems, name: &str, v: &Json, at: &str, refs: &mut Vec<(String, String)>) -> Option<Organisation> {
    let before = p.count();
    if !valid_org_name(name) {
        p.add(at.to_owned(), "must be named with letters, digits, `_` or `-` (at most 64)");
    }
    let map = p.object(v, at, &ORG_KEYS)?;
    let (site, base_url) = (p.non_blank(map, at, "site"), p.non_blank(map, at, "baseUrl"));
    let mut org = Organisation { name: name.to_owned(), site: None, base_url: None, keys: Default::default() };
    // The site and the base URL are checked by the client's rules (`client.rules`), whose module
    // has them already: this module stays without the site tables.
    match (site, base_url) {
        (Some(_), Some(_)) => p.add(join(at, "baseUrl"), "cannot be given with `site`: an organisation has one or the other"),
        (None, None) => p.add(at.to_owned(), "needs `site` (a Datadog site) or `baseUrl` (a proxy or a local API)"),
        (Some(s), None) => org.site = Some(s.to_owned()),
        (None, Some(url)) => org.base_url = Some(url.to_owned()),
    }
    for (slot, key) in org.keys.iter_mut().zip(["apiKey", "appKey"]) {
        let path = join(at, key);
        let Some(s) = p.req_string(map, at, key) else { continue };
        match reference(s) {
            Some(var) => {
                refs.push((var.to_owned(), path));
                *slot = var.to_owned();
            }
            None => p.add(path, "must be a reference to the environment variable that holds the key, such as \"${US_DD_API_KEY}\""),
        }
    }
    (p.count() == before).then_some(org)
}

fn read_allowed(p: &mut Problems, v: Option<&Json>) -> Vec<String> {
    let Some(v) = v else { return Vec::new() };
    let Json::Array(items) = v else {
        p.add("allowedDomains", format!("must be an array of domains such as \"example.com\", not {}", type_name(v)));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match item.as_str().map(str::to_ascii_lowercase) {
            Some(d) if site::is_dns_name(&d) && d.contains('.') => out.push(d),
            _ => p.add(format!("allowedDomains[{i}]"), "must be a domain name such as \"example.com\""),
        }
    }
    out
}

/// Checks the secret references of one raw account and takes out its `organisations`.
/// `declared` are the names of the file's organisations (valid or not), `key_vars` the variables
/// their keys name.
fn prepare_account(p: &mut Problems, v: &Json, at: &str, doc: &mut Document, declared: Option<&[String]>, key_vars: &[String]) -> (Json, Option<Vec<String>>) {
    let Some(map) = v.as_object() else { return (v.clone(), None) };
    for field in FIELDS.iter().filter(|f| f.role.is_secret()).map(|f| f.js) {
        let Some(var) = map.get(field).and_then(Json::as_str).and_then(reference) else { continue };
        let path = join(at, field);
        if var.starts_with("DD_") || key_vars.iter().any(|k| k == var) {
            let message = format!("refers to {var}, a variable of Datadog keys: an Okta secret may not come from a DD_* variable or from one that holds an organisation's Datadog keys (the file could otherwise send a Datadog key to any host)");
            p.add(path, message);
        } else {
            doc.references.push((var.to_owned(), path));
        }
    }
    let Some(list) = map.get("organisations") else { return (v.clone(), None) };
    let at = join(at, "organisations");
    let names = match (list, declared) {
        (_, None) => {
            p.add(at, "names organisations, but the file has no `organisations`");
            None
        }
        (Json::Array(items), Some(declared)) if !items.is_empty() => {
            let mut names: Vec<String> = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match item.as_str() {
                    Some(n) if names.iter().any(|m| m == n) => p.add(format!("{at}[{i}]"), format!("names {} twice", quoted(n))),
                    Some(n) if declared.iter().any(|o| o == n) => names.push(n.to_owned()),
                    _ => p.add(format!("{at}[{i}]"), format!("must name one of the file's organisations: {}", declared.join(", "))),
                }
            }
            Some(names)
        }
        _ => {
            p.add(at, "must be a non-empty array of organisation names (leave it out for all of them)");
            None
        }
    };
    (Json::Object(Object(map.iter().filter(|(k, _)| k != "organisations").cloned().collect())), names)
}

/// Reads a document; every problem goes to `p`.
pub fn read(p: &mut Problems, v: &Json) -> Document {
    let mut doc = Document::default();
    let Some(map) = p.object(v, "", &KEYS) else { return doc };
    let allowed = read_allowed(p, map.get("allowedDomains"));
    if let Some(orgs) = map.get("organisations") {
        let mut list = Vec::new();
        match orgs.as_object() {
            Some(o) if !o.is_empty() => {
                for (name, org) in o.iter() {
                    list.extend(read_organisation(p, name, org, &entry_path("organisations", name), &mut doc.references));
                }
            }
            _ => p.add("organisations", "must be an object of organisations by name, such as {\"us\": {\"site\": \"datadoghq.com\", \"apiKey\": \"${US_DD_API_KEY}\", \"appKey\": \"${US_DD_APP_KEY}\"}}"),
        }
        doc.organisations = Some(list);
    }
    let Some(accounts) = map.get("accounts") else {
        p.add("accounts", "is required: an object of accounts by name");
        return doc;
    };
    let declared: Option<Vec<String>> = map.get("organisations").and_then(Json::as_object).map(|o| o.keys().cloned().collect());
    let key_vars: Vec<String> = doc.references.iter().map(|(v, _)| v.clone()).collect();
    let mut names_by_path = Vec::new();
    let cleaned = match accounts {
        Json::Object(o) => Json::Object(Object(
            o.iter()
                .map(|(name, a)| {
                    let at = entry_path("accounts", name);
                    let (clean, names) = prepare_account(p, a, &at, &mut doc, declared.as_deref(), &key_vars);
                    names_by_path.push((at, names));
                    (name.clone(), clean)
                })
                .collect(),
        )),
        Json::Array(items) => Json::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let at = format!("accounts[{i}]");
                    let (clean, names) = prepare_account(p, a, &at, &mut doc, declared.as_deref(), &key_vars);
                    names_by_path.push((at, names));
                    clean
                })
                .collect(),
        ),
        other => other.clone(),
    };
    let domain = by_wire("domain");
    for account in desired::read(p, &cleaned, "accounts", SecretForm::Reference) {
        if let Some(Value::Text(d)) = domain.and_then(|i| account.input.get(i)) {
            if !okta::is_okta_domain(d, &allowed) {
                doc.warnings.push(Problem::new(join(&account.path, "domain"), okta::warning(d)));
            }
        }
        let names = names_by_path.iter().find(|(at, _)| *at == account.path).and_then(|(_, n)| n.clone());
        doc.accounts.push((account, names));
    }
    doc
}

#[cfg(test)]
#[path = "document_tests.rs"]
mod tests;
