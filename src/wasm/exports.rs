//! The functions the JS layer calls. Inputs arrive as one JSON string (built in JS inside a
//! try/catch, so a hostile getter or a cycle never reaches Rust); results leave as JSON text.

use js_sys::{Function, Object, Reflect};
use serde_json::{json, Map, Value};
use wasm_bindgen::prelude::*;

use super::fetch::FetchTransport;
use crate::client;
use crate::config;
use crate::error::{Error, ErrorBody, Problem};
use crate::request::{Operation, Params};
use crate::response::Output;
use crate::secret::Scrubber;
use crate::validate;

/// Runs one operation. `request` is `{ config, options?, params?, isBrowser }` as JSON.
/// Resolves to the result as JSON text (`undefined` for delete); rejects with
/// `{ descriptor, cause }`, `descriptor` being the error as JSON text.
#[wasm_bindgen]
pub async fn call(operation: String, request: String, fetch: Function, signal: JsValue, on_response: JsValue) -> Result<JsValue, JsValue> {
    let op = Operation::from_name(&operation).unwrap_or(Operation::List);
    let transport = FetchTransport::new(fetch, signal, on_response);
    let mut scrubber = Scrubber::default();
    match run(op, &request, &transport, &mut scrubber).await {
        Ok(Output::Json(text)) => Ok(JsValue::from_str(&text)),
        Ok(Output::Empty) => Ok(JsValue::UNDEFINED),
        Err(e) => {
            let cause = if matches!(e, Error::Network { .. }) { transport.scrubbed_cause(&scrubber) } else { JsValue::UNDEFINED };
            Err(rejection(op, &e, cause))
        }
    }
}

async fn run(op: Operation, request: &str, transport: &FetchTransport, scrubber: &mut Scrubber) -> Result<Output, Error> {
    let v: Value = serde_json::from_str(request).map_err(|e| Error::invalid("params", format!("is not valid JSON: {e}")))?;
    let is_browser = v.get("isBrowser").and_then(Value::as_bool).unwrap_or(false);
    let mut cfg = config::parse(v.get("config").unwrap_or(&Value::Null), v.get("options"), is_browser)?;
    if v.get("noUserAgent").and_then(Value::as_bool).unwrap_or(false) {
        cfg.send_user_agent = false;
    }
    let params = Params::parse(op, v.get("params"))?;
    *scrubber = cfg.scrubber();
    params.add_secrets(scrubber);
    client::execute(transport, &cfg, &params).await
}

fn rejection(op: Operation, e: &Error, cause: JsValue) -> JsValue {
    let out = Object::new();
    let _ = Reflect::set(&out, &"descriptor".into(), &descriptor(op, e).to_string().into());
    let _ = Reflect::set(&out, &"cause".into(), &cause);
    out.into()
}

/// The error as the JS layer needs it to build the matching class.
fn descriptor(op: Operation, e: &Error) -> Value {
    let mut d = json!({ "name": e.kind(), "message": e.message(op), "operation": op.name() });
    let extra = match e {
        Error::Validation { problems } => json!({ "problems": problems }),
        Error::Api { status, body, headers, rate_limit } => {
            let body = match body {
                ErrorBody::Errors(errors) => json!({ "errors": errors }),
                ErrorBody::Text(t) => Value::String(t.clone()),
            };
            let headers: Map<String, Value> = headers.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
            json!({ "code": status, "body": body, "headers": headers, "rateLimit": rate_limit })
        }
        Error::Timeout { scope, limit_ms } => json!({ "scope": scope, "timeoutMs": limit_ms }),
        Error::Decode { status, snippet, .. } => json!({ "code": status, "snippet": snippet }),
        Error::UnknownOutcome { cause, .. } => json!({ "cause": descriptor(op, cause) }),
        Error::Network { .. } | Error::Aborted => json!({}),
    };
    if let (Some(d), Value::Object(extra)) = (d.as_object_mut(), extra) {
        d.extend(extra);
    }
    d
}

fn problems_json(problems: &[Problem]) -> String {
    serde_json::to_string(problems).unwrap_or_else(|_| "[]".to_owned())
}

fn validate_with(input: &str, f: fn(&mut validate::Problems, &Value, &str)) -> String {
    let v: Value = match serde_json::from_str(input) {
        Ok(v) => v,
        Err(e) => return problems_json(&[Problem::new("body", format!("is not valid JSON: {e}"))]),
    };
    let mut p = validate::Problems::default();
    match v.get("body") {
        Some(body) => f(&mut p, body, "body"),
        None => p.add("body", "is required"),
    }
    problems_json(&p.0)
}

/// Validates `{ body }` as a create body; returns the problems as JSON text.
#[wasm_bindgen(js_name = validateCreate)]
pub fn validate_create(input: &str) -> String {
    validate_with(input, |p, v, path| {
        validate::create_body(p, v, path);
    })
}

/// Validates `{ body }` as an update body; returns the problems as JSON text.
#[wasm_bindgen(js_name = validateUpdate)]
pub fn validate_update(input: &str) -> String {
    validate_with(input, |p, v, path| {
        validate::update_body(p, v, path);
    })
}
