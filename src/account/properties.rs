//! The fast path and the tree decoder, each held to an independent reading of the same body:
//! serde_json's (with `JSON.parse`'s rules for repeated keys: the last value, in the first
//! one's place) and the documented mapping to the official shape, written out again below.
//! Bodies are shaped like the API's, with repeated keys, values nested around the depth limit,
//! lone surrogates, and unknown, null and wrongly typed fields. `PROPTEST_CASES` sets the number
//! of cases (3,000 when unset).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::{fast, sink};
use super::output::{AccountResponse, AccountsResponse};
use super::FIELDS;
use crate::json::{self, MAX_DEPTH};

fn cases() -> u32 {
    crate::json::proptest_cases(3000)
}

// ---- The independent reading ----------------------------------------------------------

/// `text` with every lone surrogate escape written as `\ufffd`, the tree decoder's documented
/// reading of them (a Rust string cannot hold one; serde_json refuses them).
fn replace_lone_surrogates(text: &str) -> String {
    let unit = |at: usize| text.get(at..at + 2).filter(|u| *u == "\\u").and_then(|_| u32::from_str_radix(text.get(at + 2..at + 6)?, 16).ok());
    let (mut out, mut i, mut in_string) = (String::new(), 0, false);
    while let Some(c) = text.get(i..).and_then(|r| r.chars().next()) {
        let escape = if in_string && c == '\\' { unit(i) } else { None };
        match escape {
            Some(high @ 0xD800..=0xDBFF) if unit(i + 6).is_some_and(|low| (0xDC00..0xE000).contains(&low)) => {
                out.push_str(&format!("\\u{high:04x}\\u{:04x}", unit(i + 6).unwrap_or(0)));
                i += 12;
            }
            Some(0xD800..=0xDFFF) => {
                out.push_str("\\ufffd");
                i += 6;
            }
            Some(_) => {
                out.push_str(&text[i..i + 6]);
                i += 6;
            }
            None if in_string && c == '\\' => {
                // Any other escape: its two characters (a backslash never ends the text in valid JSON).
                out.push(c);
                if let Some(next) = text.get(i + 1..).and_then(|r| r.chars().next()) {
                    out.push(next);
                    i += next.len_utf8();
                }
                i += 1;
            }
            None => {
                in_string ^= c == '"';
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    out
}

/// serde_json's reading, with no depth limit of its own.
fn serde_read(text: &str) -> Option<Value> {
    let mut de = serde_json::Deserializer::from_str(text);
    de.disable_recursion_limit();
    let v = Value::deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(v)
}

/// The deepest nesting of the text (the reader refuses a text nested too deeply anywhere, even
/// in a copy that a repeated key replaces).
fn depth(text: &str) -> usize {
    let (mut depth, mut max, mut in_string, mut escaped) = (0usize, 0, false, false);
    for b in text.bytes() {
        match b {
            _ if escaped => escaped = false,
            b'\\' if in_string => escaped = true,
            b'"' => in_string = !in_string,
            b'[' | b'{' if !in_string => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' if !in_string => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

fn with_extra(mut out: Map<String, Value>, extra: Map<String, Value>) -> Value {
    if !extra.is_empty() {
        out.insert("additionalProperties".into(), Value::Object(extra));
    }
    Value::Object(out)
}

fn expected_attributes(v: Value) -> Option<Value> {
    let Value::Object(attrs) = v else { return None };
    let mut values: Vec<Option<Value>> = vec![None; FIELDS.len()];
    let mut extra = Map::new();
    for (k, v) in attrs {
        match FIELDS.iter().position(|f| f.wire == k) {
            Some(i) if FIELDS[i].role.is_secret() => {}
            Some(i) if FIELDS[i].role.required_in_response() => values[i] = Some(v),
            Some(i) => values[i] = (!v.is_null()).then_some(v),
            None => {
                extra.insert(k, v);
            }
        }
    }
    let mut out = Map::new();
    for (field, value) in FIELDS.iter().zip(values) {
        match value {
            Some(Value::String(s)) => {
                out.insert(field.js.into(), Value::String(s));
            }
            None if field.role.is_secret() || !field.role.required_in_response() => {}
            _ => return None, // missing or not a string
        }
    }
    Some(with_extra(out, extra))
}

fn expected_account(v: Value) -> Option<Value> {
    let Value::Object(account) = v else { return None };
    let (mut attributes, mut id, mut kind, mut extra) = (None, None, None, Map::new());
    for (k, v) in account {
        match (k.as_str(), v) {
            ("attributes", v) => attributes = Some(expected_attributes(v)?),
            ("id", Value::Null) => id = None,
            ("id", Value::String(s)) => id = Some(s),
            ("type", Value::String(s)) => kind = Some(s),
            ("id" | "type", _) => return None,
            (_, v) => {
                extra.insert(k, v);
            }
        }
    }
    let mut out = Map::new();
    out.insert("attributes".into(), attributes?);
    if let Some(id) = id {
        out.insert("id".into(), Value::String(id));
    }
    out.insert("type".into(), Value::String(kind?));
    Some(with_extra(out, extra))
}

/// What the body should decode to, as JSON text, or `None` when it should be refused.
fn expected(body: &str, list: bool) -> Option<String> {
    let v = serde_read(&replace_lone_surrogates(body))?;
    if depth(body) > MAX_DEPTH {
        return None;
    }
    let Value::Object(top) = v else { return None };
    let (mut out, mut extra) = (Map::new(), Map::new());
    for (k, v) in top {
        match (k.as_str(), v) {
            ("data", Value::Null) => {}
            ("data", Value::Array(items)) if list => {
                out.insert(k, Value::Array(items.into_iter().map(expected_account).collect::<Option<_>>()?));
            }
            ("data", v) if !list => {
                out.insert(k, expected_account(v)?);
            }
            ("data", _) => return None,
            (_, v) => {
                extra.insert(k, v);
            }
        }
    }
    Some(with_extra(out, extra).to_string())
}

/// Our output as `JSON.parse` (here serde_json, same rules) reads it, written again.
fn as_read(output: &str) -> String {
    serde_read(output).map_or_else(|| format!("unreadable (a lone surrogate?): {output}"), |v| v.to_string())
}

// ---- Bodies ------------------------------------------------------------------------------

/// A string literal: any string, or one with lone surrogates, or an escaped pair.
fn arb_str() -> BoxedStrategy<String> {
    prop_oneof![
        8 => any::<String>().prop_map(|x| serde_json::to_string(&x).unwrap()),
        1 => prop::sample::select(vec![r#""\ud800""#, r#""a\udc00b""#, r#""\ud83d\ude00""#, r#""\ud800\u0041""#, r#""\udbff\ud800""#]).prop_map(str::to_owned),
    ]
    .boxed()
}

/// Keys of unknown fields: a few that repeat (two differ only by a lone surrogate), or any.
fn arb_key() -> BoxedStrategy<String> {
    prop_oneof![
        3 => prop::sample::select(vec![r#""x""#, r#""y""#, r#""\ud800""#, r#""\udbff""#, r#""additionalProperties""#]).prop_map(str::to_owned),
        1 => arb_str(),
    ]
    .boxed()
}

/// A value nested `d` levels deep, alternating arrays and objects.
fn deep(d: usize) -> String {
    let open: String = (0..d).map(|i| if i % 2 == 0 { "[" } else { "{\"k\":" }).collect();
    let close: String = (0..d).rev().map(|i| if i % 2 == 0 { "]" } else { "}" }).collect();
    format!("{open}1{close}")
}

fn arb_value() -> BoxedStrategy<String> {
    let leaf = prop_oneof![arb_str(), prop::sample::select(vec!["null", "5", "-1.5e3", "1.50", "true", "-0"]).prop_map(str::to_owned)];
    let tree = leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec((arb_key(), inner), 0..3).prop_map(|kv| format!("{{{}}}", kv.into_iter().map(|(k, v)| format!("{k}:{v}")).collect::<Vec<_>>().join(","))),
        ]
    });
    prop_oneof![8 => tree, 1 => (118usize..=130).prop_map(deep)].boxed()
}

/// A string, or now and then `null` or a number where a string belongs.
fn str_or_odd() -> BoxedStrategy<String> {
    prop_oneof![18 => arb_str(), 1 => Just("null".to_owned()), 1 => Just("7".to_owned())].boxed()
}

/// `"key":value` entries: `required` each present most of the time, then `more` entries
/// (repeats of known keys among them), shuffled.
fn arb_entries(required: Vec<(&'static str, BoxedStrategy<String>)>, more: BoxedStrategy<(String, String)>) -> BoxedStrategy<String> {
    let required: Vec<_> = required.into_iter().map(|(k, v)| prop::option::weighted(0.95, v.prop_map(move |v| format!("\"{k}\":{v}")))).collect();
    (required, prop::collection::vec(more, 0..4))
        .prop_map(|(req, more)| req.into_iter().flatten().chain(more.into_iter().map(|(k, v)| format!("{k}:{v}"))).collect::<Vec<_>>())
        .prop_shuffle()
        .prop_map(|entries| format!("{{{}}}", entries.join(",")))
        .boxed()
}

fn arb_attributes() -> BoxedStrategy<String> {
    let known = prop::sample::select(FIELDS.iter().map(|f| format!("\"{}\"", f.wire)).collect::<Vec<_>>());
    let more = prop_oneof![(known, str_or_odd()), (arb_key(), arb_value())].boxed();
    let required = FIELDS.iter().map(|f| (f.wire, str_or_odd())).collect();
    arb_entries(required, more)
}

fn arb_account() -> BoxedStrategy<String> {
    let more = prop_oneof![
        1 => arb_attributes().prop_map(|a| ("\"attributes\"".to_owned(), a)),
        1 => (prop::sample::select(vec!["\"id\"", "\"type\""]).prop_map(str::to_owned), str_or_odd()),
        2 => (arb_key(), arb_value()),
    ]
    .boxed();
    arb_entries(vec![("attributes", arb_attributes()), ("id", str_or_odd()), ("type", str_or_odd())], more)
}

fn arb_body() -> BoxedStrategy<String> {
    let extra = prop::collection::vec((arb_key(), arb_value()), 0..2);
    let data = prop_oneof![
        4 => prop::collection::vec(arb_account(), 0..4).prop_map(|a| format!("[{}]", a.join(","))),
        4 => arb_account(),
        1 => Just("null".to_owned()),
    ];
    (data, extra, prop::option::weighted(0.05, arb_account()))
        .prop_map(|(data, extra, again)| {
            let mut entries: Vec<String> = extra.into_iter().map(|(k, v)| format!("{k}:{v}")).collect();
            entries.insert(entries.len() / 2, format!("\"data\":{data}"));
            if let Some(a) = again {
                entries.push(format!("\"data\":{a}"));
            }
            format!("{{{}}}\n", entries.join(","))
        })
        .boxed()
}

// ---- The properties ----------------------------------------------------------------------

/// Checks both paths against the independent reading; `Err` says where they part.
fn check(body: &str) -> Result<(), String> {
    let tree = json::parse(body).ok();
    let list = tree.clone().and_then(|t| AccountsResponse::from_json(t).ok()).map(|r| r.to_json());
    let single = tree.and_then(|t| AccountResponse::from_json(t).ok()).map(|r| r.to_json());
    for (list_op, fast, general) in [(true, fast::account_list(body, &Default::default()), list), (false, fast::account_single(body, &Default::default()), single)] {
        let want = expected(body, list_op);
        let general = general.as_deref().map(as_read);
        if general != want {
            return Err(format!("tree decoder (list: {list_op}): {general:?}, expected {want:?}"));
        }
        if let Some(fast) = fast.as_deref().map(as_read) {
            if Some(&fast) != want.as_ref() {
                return Err(format!("fast path (list: {list_op}): {fast}, expected {want:?}"));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn both_paths_read_as_serde_json_does(body in arb_body()) {
        prop_assert_eq!(check(&body), Ok(()), "{}", body);
    }
}

#[test]
fn the_paths_that_used_to_part_agree() {
    let ok = r#""auth_method":"a","domain":"d","name":"n""#;
    let parted = [
        // A repeated `attributes`: the last one counts, as in JSON.parse; nothing of the first survives.
        format!(r#"{{"data":{{"attributes":{{{ok}}},"attributes":{{}},"type":"t"}}}}"#),
        format!(r#"{{"data":{{"attributes":{{{ok},"client_id":"c"}},"attributes":{{{ok}}},"type":"t"}}}}"#),
        format!(r#"{{"data":{{"attributes":5,"attributes":{{{ok}}},"type":"t"}}}}"#),
        // Nesting at and past the limit, below the envelope.
        format!(r#"{{"data":[{{"attributes":{{{ok},"x":{}}},"type":"t"}}]}}"#, deep(MAX_DEPTH - 4)),
        format!(r#"{{"data":[{{"attributes":{{{ok},"x":{}}},"type":"t"}}]}}"#, deep(MAX_DEPTH - 3)),
        format!(r#"{{"data":{{"attributes":{{{ok}}},"type":"t","x":{}}},"y":{}}}"#, deep(MAX_DEPTH - 2), deep(MAX_DEPTH)),
        // Lone surrogates in unknown values and keys.
        format!(r#"{{"data":{{"attributes":{{{ok},"x":{{"\ud800":1,"\udbff":2}}}},"type":"t"}}}}"#),
        format!(r#"{{"data":{{"attributes":{{{ok},"x":"\udc00"}},"type":"\ud83d\ude00"}}}}"#),
    ]
    .iter()
    .filter_map(|body| check(body).err().map(|e| format!("{body}: {e}")))
    .collect::<Vec<_>>();
    assert!(parted.is_empty(), "{parted:#?}");
}

// ---- The fast path on its own ------------------------------------------------------------

#[test]
fn rewrites_a_recorded_list() {
    let body = "{\"data\":[{\"type\":\"okta-accounts\",\"attributes\":{\"name\":\"n\",\"auth_method\":\"oauth\",\"domain\":\"https://e.okta.com/\",\"client_id\":\"c\"},\"id\":\"9637\"}]}\n";
    assert_eq!(
        fast::account_list(body, &Default::default()).unwrap(),
        r#"{"data":[{"attributes":{"authMethod":"oauth","clientId":"c","domain":"https://e.okta.com/","name":"n"},"id":"9637","type":"okta-accounts"}]}"#
    );
}

#[test]
fn writes_the_key_pieces_of_every_attribute() {
    for (i, name) in FIELDS.iter().map(|f| f.js).chain(["id", "type"]).enumerate() {
        let piece = format!(",\"{name}\":");
        assert_eq!(&sink::KEYS[i * sink::KEY_ROOM..i * sink::KEY_ROOM + piece.len()], piece.as_bytes(), "{name}");
    }
    assert_eq!(&sink::KEYS[sink::ID.0..sink::ID.1], b",\"id\":");
    assert_eq!(&sink::KEYS[sink::TYPE.0..sink::TYPE.1], b",\"type\":");
}

#[test]
fn outputs_longer_than_their_body_are_written_whole() {
    // Unknown fields at both levels: each account's output is longer than its input, so the
    // output outgrows the room made for it; values of every length, up to the body's last byte
    // (where a copy can no longer read a word past a value's end).
    let account = |i: usize| {
        let v = "v".repeat(i % 19);
        format!(r#"{{"a":"{v}","attributes":{{"b":{i},"name":"{v}","auth_method":"m","domain":"d{v}"}},"type":"t{v}"}}"#)
    };
    for n in [1, 2, 7, 300] {
        let body = format!(r#"{{"data":[{}],"z":"{}"}}"#, (0..n).map(account).collect::<Vec<_>>().join(","), "w".repeat(n % 9));
        let out = fast::account_list(&body, &Default::default());
        assert!(out.as_ref().is_some_and(|o| o.len() > body.len()), "{body}");
        assert_eq!(check(&body), Ok(()), "{body}");
    }
    let single = format!(r#"{{"data":{}}}"#, account(5));
    assert!(fast::account_single(&single, &Default::default()).is_some());
    assert_eq!(check(&single), Ok(()));
}

#[test]
fn unusual_bodies_take_the_general_path() {
    for body in [
        r#"{"data":[{"type":"okta-accounts","attributes":{"auth_method":"oauth","domain":"d"},"id":"1"}]}"#,
        r#"{"data":[{"type":5,"attributes":{"auth_method":"oauth","domain":"d","name":"n"}}]}"#,
        r#"{"d\u0061ta":[]}"#,
        r#"{"data":[],"data":[]}"#,
        r#"{"data":[]} x"#,
        "[]",
        "",
    ] {
        assert_eq!(fast::account_list(body, &Default::default()), None, "{body}");
    }
}
