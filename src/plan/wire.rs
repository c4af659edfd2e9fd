//! The plan's JSON edge: the input the JS layer builds, the plan and the problems it gets back.

use crate::prelude::*;

use super::desired::{self, SecretForm};
use super::{find_by_name, plan, read_current, Action, ByName, Change, Found, Known, Options, PlanInput, Recorded};
use crate::json::{self, Json, Object, ObjectWriter};
use crate::problem::{Problem, Problems};

fn write_attrs(out: &mut String, attrs: &[(&'static str, Option<String>)]) {
    let mut w = ObjectWriter::new(out);
    for (k, v) in attrs {
        match v {
            Some(v) => w.str(k, v),
            None => w.raw(k, |o| o.push_str("null")),
        };
    }
    w.end();
}

/// Writes a plan: `{"changes":[...],"summary":{...},"hasChanges":bool}`.
pub fn write_plan(changes: &[Change], out: &mut String) {
    let count = |a: Action| changes.iter().filter(|c| c.action == a).count() as u64;
    let mut w = ObjectWriter::new(out);
    w.raw("changes", |o| {
        o.push('[');
        for (i, c) in changes.iter().enumerate() {
            if i > 0 {
                o.push(',');
            }
            let mut cw = ObjectWriter::new(o);
            cw.str("action", c.action.as_str()).str("name", &c.name).opt_str("id", c.id.as_deref());
            cw.raw("fields", |o| Json::Array(c.fields.iter().map(|f| Json::String((*f).to_owned())).collect()).write(o));
            cw.str("secret", c.secret.as_str()).opt_str("reason", c.reason).opt_str("note", c.note.as_deref());
            cw.raw("before", |o| write_attrs(o, &c.before)).raw("after", |o| write_attrs(o, &c.after)).end();
        }
        o.push(']');
    });
    w.raw("summary", |o| {
        let mut s = ObjectWriter::new(o);
        for a in [Action::Create, Action::Update, Action::Delete, Action::Unchanged, Action::Unmanaged] {
            s.int(a.as_str(), count(a));
        }
        s.end();
    });
    let has_changes = changes.iter().any(|c| matches!(c.action, Action::Create | Action::Update | Action::Delete));
    w.raw("hasChanges", |o| o.push_str(if has_changes { "true" } else { "false" })).end();
}

fn problems_json(problems: &[Problem]) -> String {
    let mut out = String::new();
    ObjectWriter::new(&mut out).raw("problems", |o| Problem::write_all(problems, o)).end();
    out
}

fn read_known(p: &mut Problems, v: Option<&Json>) -> ByName<Known> {
    let mut out = ByName::default();
    let Some(v) = v else { return out };
    let Some(map) = v.as_object() else {
        p.add("known", "must be an object");
        return out;
    };
    for (name, entry) in map.iter() {
        let at = desired::entry_path("known", name);
        let Some(e) = entry.as_object() else {
            p.add(at, "must be an object");
            continue;
        };
        let id = p.opt_string(e, &at, "id").map(str::to_owned);
        if let Some(fingerprint) = p.req_string(e, &at, "fingerprint") {
            out.insert(name.clone(), Known { id, fingerprint: fingerprint.to_owned() });
        }
    }
    out
}

fn read_offered(p: &mut Problems, v: Option<&Json>) -> ByName<String> {
    let mut out = ByName::default();
    for (name, fp) in v.and_then(Json::as_object).into_iter().flat_map(Object::iter) {
        match fp.as_str() {
            Some(fp) => {
                out.insert(name.clone(), fp.to_owned());
            }
            None => p.add(desired::entry_path("offered", name), "must be a string"),
        }
    }
    out
}

/// Plans from `{desired, current, known?, offered?, recorded?, prune?, pushUnverifiable?}` (JSON text);
/// returns `{"plan":{...}}` or `{"problems":[...]}` as JSON text.
pub fn plan_json(input: &str) -> String {
    let v = match json::parse(input) {
        Ok(v) => v,
        Err(e) => return problems_json(&[Problem::new("input", format!("is not valid JSON: {e}"))]),
    };
    let mut p = Problems::default();
    let flag = |key: &str| v.get(key).and_then(Json::as_bool).unwrap_or(false);
    let mut input = PlanInput {
        desired: match v.get("desired") {
            Some(d) => desired::read(&mut p, d, "desired", SecretForm::Value),
            None => {
                p.add("desired", "is required");
                Vec::new()
            }
        },
        current: read_current(&mut p, v.get("current").unwrap_or(&Json::Array(Vec::new())), "current"),
        known: read_known(&mut p, v.get("known")),
        offered: read_offered(&mut p, v.get("offered")),
        options: Options { prune: flag("prune"), push_unverifiable: flag("pushUnverifiable"), recorded: Recorded::Usable },
    };
    match v.get("recorded").map(|r| r.as_str().and_then(Recorded::from_name)) {
        None => {}
        Some(Some(recorded)) => input.options.recorded = recorded,
        Some(None) => p.add("recorded", "must be \"usable\", \"oldFormat\", \"keyChanged\" or \"noKey\""),
    }
    if !p.0.is_empty() {
        return problems_json(&p.0);
    }
    match plan(&input) {
        Ok(changes) => {
            let mut out = String::new();
            ObjectWriter::new(&mut out).raw("plan", |o| write_plan(&changes, o)).end();
            out
        }
        Err(problems) => problems_json(&problems),
    }
}

/// Finds by name in `{current, name}` (JSON text); returns `{"index":N}`, `{"index":null}` or
/// `{"problems":[...]}` (several accounts share the name) as JSON text.
pub fn find_json(input: &str) -> String {
    let v = match json::parse(input) {
        Ok(v) => v,
        Err(e) => return problems_json(&[Problem::new("input", format!("is not valid JSON: {e}"))]),
    };
    let mut p = Problems::default();
    let current = read_current(&mut p, v.get("current").unwrap_or(&Json::Null), "current");
    let name = match v.get("name") {
        Some(Json::String(s)) if !s.is_empty() => s.as_str(),
        _ => {
            p.add("name", "must be a non-empty string");
            ""
        }
    };
    if !p.0.is_empty() {
        return problems_json(&p.0);
    }
    match find_by_name(&current, name) {
        Found::Missing => r#"{"index":null}"#.to_owned(),
        Found::One(i) => format!(r#"{{"index":{i}}}"#),
        Found::Many(hits) => problems_json(&[super::duplicate_problem("name", &current, &hits, name)]),
    }
}
