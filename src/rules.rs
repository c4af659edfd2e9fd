//! The rule book: every rule the core owns, as the JS layers ask for it (`client.rules`). The
//! command line, the planner's JS, the dashboard and its proxy hold no copy of a rule: they read
//! the book ([`describe`]) or have a value checked ([`check`]). A check answers with problems
//! (`{ path, message }`, the path empty: the caller names the value) and the normalised value;
//! each caller adds its own hint (the library names `baseServer`, the command line `--base-url`).

use crate::prelude::*;

use crate::account::{AuthMethod, Role, FIELDS};
use crate::config::{self, LIMITS, MAX_KEY_LEN};
use crate::encode::decode_component;
use crate::error::{ERROR_CLASSES, REASONS};
use crate::json::{self, Json, ObjectWriter};
use crate::plan::okta::OKTA_DOMAINS;
use crate::plan::MAX_CONCURRENCY;
use crate::problem::Problem;
use crate::request::{account_path, Operation, ACCOUNTS_PATH};
use crate::site::{self, DATADOG_DOMAINS, DEFAULT_SITE, KNOWN_SITES};
use crate::text::{cat, int};
use crate::validate::{check_account_id, MAX_ACCOUNT_ID_LEN};

/// The version of the book's shape; it grows only by new keys.
pub const VERSION: u64 = 1;

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Name => "name",
        Role::AuthMethod => "authMethod",
        Role::Required => "required",
        Role::Credential(_) => "credential",
        Role::Secret(_) => "secret",
    }
}

/// The rule book as JSON text: sites, the default site, the account's fields and which secret
/// goes with which auth method, id and key limits, configuration limits and defaults, reason
/// phrases, permissions and the error classes.
pub fn describe() -> String {
    let mut out = String::new();
    let mut w = ObjectWriter::new(&mut out);
    w.int("version", VERSION)
        .str("defaultSite", DEFAULT_SITE)
        .strs("sites", KNOWN_SITES)
        .strs("datadogDomains", DATADOG_DOMAINS)
        .strs("oktaDomains", OKTA_DOMAINS)
        .str("accountsPath", ACCOUNTS_PATH)
        .int("maxAccountIdLength", MAX_ACCOUNT_ID_LEN as u64)
        .int("maxKeyLength", MAX_KEY_LEN as u64);
    w.raw("fields", |o| {
        o.push('[');
        for (i, f) in FIELDS.iter().enumerate() {
            if i > 0 {
                o.push(',');
            }
            let mut fw = ObjectWriter::new(o);
            fw.str("name", f.js).str("wire", f.wire).str("role", role_name(f.role));
            fw.opt_str("authMethod", f.role.auth_method().map(AuthMethod::as_str)).end();
        }
        o.push(']');
    });
    w.raw("authMethods", |o| {
        let mut mw = ObjectWriter::new(o);
        for m in AuthMethod::ALL {
            let fields = FIELDS.iter().filter(|f| f.role.auth_method() == Some(m)).map(|f| f.js);
            mw.raw(m.as_str(), |o| {
                ObjectWriter::new(o).str("secretField", m.secret_field().js).strs("fields", fields).end();
            });
        }
        mw.end();
    });
    w.raw("limits", |o| {
        let mut lw = ObjectWriter::new(o);
        for (name, r) in &LIMITS {
            lw.raw(name, |o| {
                let mut rw = ObjectWriter::new(o);
                rw.raw("min", |o| o.push_str(r.min_text)).raw("max", |o| o.push_str(r.max_text));
                rw.raw("default", |o| o.push_str(r.default_text)).bool("integer", r.integer).end();
            });
        }
        lw.raw("concurrency", |o| {
            ObjectWriter::new(o).int("min", 1).int("max", u64::from(MAX_CONCURRENCY)).int("default", 1).bool("integer", true).end();
        });
        lw.end();
    });
    w.raw("reasonPhrases", |o| {
        let mut rw = ObjectWriter::new(o);
        for (status, phrase) in REASONS {
            rw.str(&int(u64::from(status)), phrase);
        }
        rw.end();
    });
    w.raw("permissions", |o| {
        let mut pw = ObjectWriter::new(o);
        for op in Operation::ALL {
            pw.str(op.name(), op.permission());
        }
        pw.end();
    });
    w.strs("errorClasses", ERROR_CLASSES).end();
    out
}

/// A check's answer: the problems, then the normalised value's fields.
struct Answer {
    problems: Vec<Problem>,
    out: String,
}

impl Answer {
    fn new() -> Self {
        Answer { problems: Vec::new(), out: String::new() }
    }

    fn problem(mut self, message: impl Into<String>) -> Self {
        self.problems.push(Problem { path: String::new(), message: message.into() });
        self
    }

    fn finish(self, fields: impl FnOnce(&mut ObjectWriter<'_>)) -> String {
        let mut out = self.out;
        let mut w = ObjectWriter::new(&mut out);
        w.raw("problems", |o| Problem::write_all(&self.problems, o));
        if self.problems.is_empty() {
            fields(&mut w);
        }
        w.end();
        out
    }
}

fn flag(v: &Json, key: &str) -> bool {
    v.get(key).and_then(Json::as_bool).unwrap_or(false)
}

/// Checks a value against one rule. `input` is `{ value, keys?, allowInsecureHttp? }` as JSON
/// text; `kind` is `site`, `baseUrl`, `key`, `accountId`, `domain` or `apiPath`. Returns
/// `{ problems: [...], ...normalised }` as JSON text (the normalised fields only when valid).
/// A site or base URL answers its `origin` and `organisation` (the canonical key of the
/// organisation: the origin, and the path of a base URL that has one).
pub fn check(kind: &str, input: &str) -> String {
    let v = json::parse(input).unwrap_or(Json::Null);
    let Some(value) = v.get("value").and_then(Json::as_str) else {
        return Answer::new().problem("must be a string").finish(|_| {});
    };
    match kind {
        "site" => {
            let site = value.trim().to_ascii_lowercase();
            match site::check_site(&site) {
                Ok(()) => Answer::new().finish(|w| {
                    let origin = origin::site_origin(&site);
                    w.str("site", &site).str("baseUrl", &cat(&["https://api.", &site]));
                    w.str("origin", &origin).str("organisation", &origin);
                }),
                Err(m) => Answer::new().problem(m).finish(|_| {}),
            }
        }
        "baseUrl" => match config::check_base_url(value, flag(&v, "keys"), flag(&v, "allowInsecureHttp")) {
            Ok(b) => Answer::new().finish(|w| {
                w.str("baseUrl", &b.url).str("host", &b.host).bool("loopback", site::is_loopback(&b.host));
                w.bool("datadog", site::is_datadog_host(&b.host));
                w.str("origin", &origin::origin(&b)).str("organisation", &origin::organisation(&b));
            }),
            Err(m) => Answer::new().problem(m).finish(|_| {}),
        },
        "key" => match config::check_key(value) {
            Ok(()) => Answer::new().finish(|_| {}),
            Err(m) => Answer::new().problem(m).finish(|_| {}),
        },
        "accountId" => match check_account_id(value) {
            Ok(()) => Answer::new().finish(|w| {
                w.str("path", &account_path(Some(value)));
            }),
            Err(m) => Answer::new().problem(m).finish(|_| {}),
        },
        "domain" => match crate::account::check_domain(value) {
            Ok(()) => Answer::new().finish(|_| {}),
            Err(m) => Answer::new().problem(m).finish(|_| {}),
        },
        "apiPath" => api_path(value),
        _ => Answer::new().problem(cat(&["is checked by an unknown rule ", &json_quote(kind)])).finish(|_| {}),
    }
}

fn json_quote(s: &str) -> String {
    let mut out = String::new();
    json::write_str(&mut out, s);
    out
}

/// An API path as a proxy receives it: the collection, or one account whose id (decoded, then
/// checked) is written back in its canonical encoding. Anything else is refused; a path that is
/// not an account path at all says `notFound` (a proxy answers 404, and 400 for a bad id).
fn api_path(raw: &str) -> String {
    if raw == ACCOUNTS_PATH {
        return Answer::new().finish(|w| {
            w.str("path", ACCOUNTS_PATH);
        });
    }
    let not_found = || {
        let mut out = String::new();
        let problems = [Problem::new("", "is not an Okta account path")];
        ObjectWriter::new(&mut out).raw("problems", |o| Problem::write_all(&problems, o)).bool("notFound", true).end();
        out
    };
    let Some(segment) = raw.strip_prefix(ACCOUNTS_PATH).and_then(|r| r.strip_prefix('/')) else {
        return not_found();
    };
    if segment.is_empty() || segment.contains('/') {
        return not_found();
    }
    let Some(id) = decode_component(segment) else {
        return Answer::new().problem("has a malformed percent-encoding in the account id").finish(|_| {});
    };
    match check_account_id(&id) {
        Ok(()) => Answer::new().finish(|w| {
            w.str("path", &account_path(Some(&id))).str("accountId", &id);
        }),
        Err(m) => Answer::new().problem(cat(&["has an account id that ", &m])).finish(|_| {}),
    }
}

mod origin;

#[cfg(test)]
mod tests;
