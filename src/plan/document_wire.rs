//! The desired-state document's JSON edge: what `readDesiredDocument` returns to the JS layer.

use crate::prelude::*;

use super::desired::{entry_path, DesiredAccount};
use super::document::{self, Document};
use crate::account::{input::Value, Role, FIELDS};
use crate::json::{self, ObjectWriter};
use crate::problem::{join, Problem, Problems};

fn list<T>(out: &mut String, items: &[T], mut write: impl FnMut(&T, &mut String)) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write(item, out);
    }
    out.push(']');
}

fn write_account(a: &DesiredAccount, organisations: Option<&Vec<String>>, out: &mut String) {
    let secret_ref = |field: &str| a.references.iter().find(|(f, _)| *f == field).map(|(_, v)| format!("${{{v}}}"));
    let mut w = ObjectWriter::new(out);
    w.str("name", &a.name).str("path", &a.path).raw("attributes", |o| {
        let mut w = ObjectWriter::new(o);
        for (i, field) in FIELDS.iter().enumerate() {
            match (field.role, a.input.get(i)) {
                (Role::AuthMethod, _) => w.str(field.js, a.input.auth_method.as_str()),
                (_, Some(Value::Secret(_))) => w.opt_str(field.js, secret_ref(field.js).as_deref()),
                (_, Some(Value::Text(s))) => w.str(field.js, s),
                (_, None) => &mut w,
            };
        }
        w.end();
    });
    w.raw("references", |o| {
        list(o, &a.references, |(field, var), o| {
            ObjectWriter::new(o).str("field", field).str("variable", var).str("path", &join(&a.path, field)).end();
        })
    });
    if let Some(names) = organisations {
        w.strs("organisations", names.iter().map(String::as_str));
    }
    w.end();
}

fn write_document(doc: &Document, problems: &[Problem], out: &mut String) {
    let mut w = ObjectWriter::new(out);
    w.raw("accounts", |o| list(o, &doc.accounts, |(a, names), o| write_account(a, names.as_ref(), o)));
    if let Some(orgs) = &doc.organisations {
        w.raw("organisations", |o| {
            list(o, orgs, |org, o| {
                let mut ow = ObjectWriter::new(o);
                ow.str("name", &org.name).str("path", &entry_path("organisations", &org.name));
                ow.opt_str("site", org.site.as_deref()).opt_str("baseUrl", org.base_url.as_deref());
                let [api_key, app_key] = &org.keys;
                ow.str("apiKey", api_key).str("appKey", app_key).end();
            })
        });
    }
    w.raw("references", |o| list(o, &doc.references, |(var, path), o| ObjectWriter::new(o).str("variable", var).str("path", path).end()));
    w.raw("warnings", |o| Problem::write_all(&doc.warnings, o));
    w.raw("problems", |o| Problem::write_all(problems, o)).end();
}

/// Reads the desired-state document of the command line (JSON text). Returns
/// `{accounts, organisations?, references, warnings, problems}` as JSON text: the valid
/// accounts (secrets as written, `"${VARIABLE}"`), every reference (to check the environment
/// even when other problems are found), and every problem with its path.
pub fn read_document_json(text: &str) -> String {
    let mut p = Problems::default();
    let doc = match json::parse(text) {
        Ok(v) => document::read(&mut p, &v),
        Err(e) => {
            p.add("", format!("is not valid JSON: {e}"));
            Document::default()
        }
    };
    let mut out = String::new();
    write_document(&doc, &p.0, &mut out);
    out
}
