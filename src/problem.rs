//! Problems found in input, each with the path of the offending value, and the collector the
//! validators share. Every rule of the core answers with problems; each layer above adds its own
//! hint (the library names `baseServer`, the command line `--base-url`).

use crate::prelude::*;

use crate::json::{Json, Object, ObjectWriter};
use crate::text::{cat, list};

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
        // One body for every kind of argument: the generic part is only the conversion.
        fn push(p: &mut Problems, path: String, message: String) {
            p.0.push(Problem { path, message });
        }
        push(self, path.into(), message.into());
    }

    /// The number of problems so far.
    pub fn count(&self) -> usize {
        self.0.len()
    }

    /// Checks that `v` is an object with no keys outside `allowed`; returns its map.
    pub fn object<'v>(&mut self, v: &'v Json, path: &str, allowed: &[&str]) -> Option<&'v Object> {
        let Some(map) = v.as_object() else {
            self.add(path, cat(&["must be an object, not ", type_name(v)]));
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
                self.add(join(path, key), cat(&["must be a string, not ", type_name(other)]));
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
        cat(&[path, ".", key])
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
        return cat(&["unknown key; did you mean `", &camel, "`? (keys are camelCase, as in Datadog's TypeScript client)"]);
    }
    if allowed.is_empty() {
        return "unknown key; no keys are accepted here".to_owned();
    }
    let expected = list(allowed, "`");
    match closest(key, allowed) {
        Some(near) => cat(&["unknown key; did you mean `", near, "`? (expected ", &expected, ")"]),
        None => cat(&["unknown key; expected ", &expected]),
    }
}

/// The allowed key a typo most likely meant: at most two edits away (one for short keys),
/// ignoring ASCII case.
pub fn closest<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let limit = if key.len() <= 4 { 1 } else { 2 };
    let mut best: Option<(usize, &'a str)> = None;
    for k in allowed {
        let d = edit_distance(key.as_bytes(), k.as_bytes());
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k)
}

/// Levenshtein distance over bytes, ignoring ASCII case (keys are ASCII).
fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = i;
        let mut left = i + 1;
        for (cb, up) in b.iter().zip(row.iter_mut().skip(1)) {
            let next = (diagonal + usize::from(!ca.eq_ignore_ascii_case(cb))).min(*up + 1).min(left + 1);
            diagonal = *up;
            *up = next;
            left = next;
        }
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
    }
    row.last().copied().unwrap_or_default()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_of_a_key_gets_a_did_you_mean() {
        let fields = ["apiKey", "authMethod", "clientId", "clientSecret", "domain", "name"];
        assert_eq!(closest("authMethd", &fields), Some("authMethod"));
        assert_eq!(closest("domian", &fields), Some("domain"));
        assert_eq!(closest("ClientID", &fields), Some("clientId"));
        assert_eq!(closest("colour", &fields), None);
        assert_eq!(closest("nam", &["name", "nope"]), Some("name"));
        assert!(unknown_key_message("authMethd", &fields).starts_with("unknown key; did you mean `authMethod`? (expected `apiKey`"));
        assert!(unknown_key_message("zzz", &fields).starts_with("unknown key; expected `apiKey`"));
    }
}
