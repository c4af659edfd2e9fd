//! The functions the JS layer calls. Inputs arrive as one JSON string (built in JS inside a
//! try/catch, so a hostile getter or a cycle never reaches Rust); results leave as JSON text.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;

use super::fetch::FetchTransport;
use crate::client;
use crate::config;
use crate::error::{Error, ErrorBody};
use crate::json::{self, Json, ObjectWriter};
use crate::problem::Problem;
use crate::request::{Operation, Params};
use crate::response::Output;
use crate::secret::Scrubber;
use crate::validate;

/// Runs one operation. `request` is `{ config, options?, params?, isBrowser }` as JSON.
/// Resolves to the result as JSON text (`undefined` for delete); rejects with
/// `{ descriptor, cause }`, `descriptor` being the error as JSON text.
#[wasm_bindgen]
pub async fn call(operation: String, request: String, fetch: Function, signal: JsValue, on_response: JsValue) -> Result<JsValue, JsValue> {
    let Some(op) = Operation::from_name(&operation) else {
        let e = Error::invalid("operation", format!("is not one of the five operations: {}", json_quote(&operation)));
        return Err(rejection(&operation, &e, JsValue::UNDEFINED));
    };
    let transport = FetchTransport::new(fetch, signal, on_response);
    let mut scrubber = Scrubber::default();
    match run(op, &request, &transport, &mut scrubber).await {
        Ok(Output::Json(text)) => Ok(JsValue::from_str(&text)),
        Ok(Output::Empty) => Ok(JsValue::UNDEFINED),
        Err(e) => {
            let cause = if matches!(e, Error::Network { .. }) { transport.scrubbed_cause(&scrubber) } else { JsValue::UNDEFINED };
            Err(rejection(op.name(), &e, cause))
        }
    }
}

async fn run(op: Operation, request: &str, transport: &FetchTransport, scrubber: &mut Scrubber) -> Result<Output, Error> {
    let v = json::parse(request).map_err(|e| Error::invalid("params", format!("is not valid JSON: {e}")))?;
    let is_browser = v.get("isBrowser").and_then(Json::as_bool).unwrap_or(false);
    let mut cfg = config::parse(v.get("config").unwrap_or(&Json::Null), v.get("options"), is_browser)?;
    if v.get("noUserAgent").and_then(Json::as_bool).unwrap_or(false) {
        cfg.send_user_agent = false;
    }
    let params = Params::parse(op, v.get("params"))?;
    *scrubber = cfg.scrubber();
    params.add_secrets(scrubber);
    client::execute(transport, &cfg, &params).await
}

fn json_quote(s: &str) -> String {
    let mut out = String::new();
    json::write_str(&mut out, s);
    out
}

fn rejection(op: &str, e: &Error, cause: JsValue) -> JsValue {
    let out = Object::new();
    let mut d = String::new();
    write_descriptor(op, e, &mut d);
    let _ = Reflect::set(&out, &"descriptor".into(), &d.into());
    let _ = Reflect::set(&out, &"cause".into(), &cause);
    out.into()
}

/// Writes the error as the JS layer needs it to build the matching class. The message names
/// the operation, then what went wrong (for an API error: the status and the server's first
/// error).
fn write_descriptor(op: &str, e: &Error, out: &mut String) {
    let mut w = ObjectWriter::new(out);
    w.str("name", e.kind()).str("message", &format!("{op}: {e}")).str("operation", op);
    match e {
        Error::Validation { problems } => {
            w.raw("problems", |o| Problem::write_all(problems, o));
        }
        Error::Api { status, body, headers, rate_limit } => {
            w.int("code", u64::from(*status));
            w.raw("body", |o| match body {
                ErrorBody::Errors(errors) => {
                    ObjectWriter::new(o).raw("errors", |o| Json::Array(errors.iter().cloned().map(Json::String).collect()).write(o)).end();
                }
                ErrorBody::Text(t) => json::write_str(o, t),
            });
            w.raw("headers", |o| {
                let mut h = ObjectWriter::new(o);
                for (k, v) in headers {
                    h.str(k, v);
                }
                h.end();
            });
            if let Some(r) = rate_limit {
                w.raw("rateLimit", |o| r.write(o));
            }
        }
        Error::Timeout { scope, limit_ms } => {
            w.str("scope", scope.as_str()).int("timeoutMs", *limit_ms);
        }
        Error::Decode { status, snippet, .. } => {
            w.int("code", u64::from(*status)).str("snippet", snippet);
        }
        Error::UnknownOutcome { cause, .. } => {
            w.raw("cause", |o| write_descriptor(op, cause, o));
        }
        _ => {}
    }
    w.end();
}

fn problems_json(problems: &[Problem]) -> String {
    let mut out = String::new();
    Problem::write_all(problems, &mut out);
    out
}

fn validate_with(input: &str, f: fn(&Json) -> Vec<Problem>) -> String {
    let problems = match json::parse(input) {
        Ok(v) => match v.get("body") {
            Some(body) => f(body),
            None => vec![Problem::new("body", "is required")],
        },
        Err(e) => vec![Problem::new("body", format!("is not valid JSON: {e}"))],
    };
    problems_json(&problems)
}

/// Validates `{ body }` as a create body; returns the problems as JSON text.
#[wasm_bindgen(js_name = validateCreate)]
pub fn validate_create(input: &str) -> String {
    validate_with(input, validate::validate_create)
}

/// Validates `{ body }` as an update body; returns the problems as JSON text.
#[wasm_bindgen(js_name = validateUpdate)]
pub fn validate_update(input: &str) -> String {
    validate_with(input, validate::validate_update)
}

/// The rule book (`client.rules.describe()`), as JSON text.
#[wasm_bindgen]
pub fn rules() -> String {
    crate::rules::describe()
}

/// Checks `{ value, ... }` against the rule `kind` (`client.rules.check*`); returns
/// `{ problems, ...normalised }` as JSON text.
#[wasm_bindgen(js_name = checkRule)]
pub fn check_rule(kind: &str, input: &str) -> String {
    crate::rules::check(kind, input)
}
