//! Problems found in input, each with the path of the offending value, and the collector the
//! validators share. Every rule of the core answers with problems; each layer above adds its own
//! hint (the library names `baseServer`, the command line `--base-url`).

use crate::json::{Json, Object, ObjectWriter};

/// One problem found while validating input, with the path of the offending value
/// (for example `body.data.attributes.domain`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where the problem is, in the caller's terms (`body.data.attributes.name`).
    pub path: String,
    /// What is wrong, lower-case and specific.
    pub message: String,
}

impl Problem {
    /// Builds a problem.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem { path: path.into(), message: message.into() }
    }

    /// Writes `[{ path, message }, ...]`.
    pub fn write_all(problems: &[Problem], out: &mut String) {
        out.push('[');
        for (i, p) in problems.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            ObjectWriter::new(out).str("path", &p.path).str("message", &p.message).end();
        }
        out.push(']');
    }
}

/// Collects problems while walking a JSON value.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// Records a problem.
    pub fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem::new(path, message));
    }

    /// The number of problems so far.
    pub fn count(&self) -> usize {
        self.0.len()
    }

    /// Checks that `v` is an object with no keys outside `allowed`; returns its map.
    pub fn object<'v>(&mut self, v: &'v Json, path: &str, allowed: &[&str]) -> Option<&'v Object> {
        let Some(map) = v.as_object() else {
            self.add(path, format!("must be an object, not {}", type_name(v)));
            return None;
        };
        for key in map.keys() {
            if !allowed.contains(&key.as_str()) {
                self.add(join(path, key), unknown_key_message(key, allowed));
            }
        }
        Some(map)
    }

    /// Reads an optional string field; any other type is a problem.
    pub fn opt_string<'v>(&mut self, map: &'v Object, path: &str, key: &str) -> Option<&'v str> {
        match map.get(key) {
            None => None,
            Some(Json::String(s)) => Some(s),
            Some(other) => {
                self.add(join(path, key), format!("must be a string, not {}", type_name(other)));
                None
            }
        }
    }

    /// Reads a required, non-blank string field.
    pub fn req_string<'v>(&mut self, map: &'v Object, path: &str, key: &str) -> Option<&'v str> {
        if !map.contains_key(key) {
            self.add(join(path, key), "is required");
            return None;
        }
        self.non_blank(map, path, key)
    }

    /// Reads an optional string field that, when present, must not be blank.
    pub fn non_blank<'v>(&mut self, map: &'v Object, path: &str, key: &str) -> Option<&'v str> {
        let s = self.opt_string(map, path, key)?;
        if s.trim().is_empty() {
            self.add(join(path, key), "must not be empty");
            return None;
        }
        Some(s)
    }
}

/// Joins a path and a key: `body.data` + `type` = `body.data.type`.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The JSON type of a value, for messages.
pub fn type_name(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

fn unknown_key_message(key: &str, allowed: &[&str]) -> String {
    let camel = snake_to_camel(key);
    if camel != key && allowed.contains(&camel.as_str()) {
        return format!("unknown key; did you mean `{camel}`? (keys are camelCase, as in Datadog's TypeScript client)");
    }
    if allowed.is_empty() {
        "unknown key; no keys are accepted here".to_owned()
    } else {
        format!("unknown key; expected {}", allowed.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "))
    }
}

fn snake_to_camel(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut upper = false;
    for c in s.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}
