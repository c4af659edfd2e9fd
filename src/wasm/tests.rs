//! The facade end to end in a JS runtime (Node or headless Chromium, chosen by
//! `wasm-pack test --node` / `--headless --chrome`) against stubbed `fetch` functions.

use js_sys::{Function, Reflect};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

use super::exports::{call, validate_create};

const ACCOUNT: &str = r#"{"data":{"type":"okta-accounts","attributes":{"auth_method":"oauth","client_id":"cid","domain":"https://a.okta.com/","name":"prod"},"id":"id-1"}}"#;

/// A fetch that answers the scripted `[status, body]` replies in turn and records each request
/// in `globalThis.__seen`.
fn stub(replies: &str) -> Function {
    Function::new_with_args(
        "url, init",
        &format!(
            "globalThis.__seen = globalThis.__seen || []; globalThis.__replies = globalThis.__replies || {replies};
             globalThis.__seen.push({{ url, init }});
             const r = globalThis.__replies.shift();
             if (r === 'network') return Promise.reject(new TypeError('fetch failed'));
             if (r === 'hang') return new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason)));
             return Promise.resolve(new Response(r[0] === 204 ? null : r[1], {{ status: r[0], headers: {{ 'content-type': 'application/json', 'x-ratelimit-remaining': '41', 'x-ratelimit-reset': '7, 7' }} }}));"
        ),
    )
}

fn reset() {
    let g = js_sys::global();
    let _ = Reflect::delete_property(&g, &"__seen".into());
    let _ = Reflect::delete_property(&g, &"__replies".into());
}

fn seen() -> Vec<JsValue> {
    match Reflect::get(&js_sys::global(), &"__seen".into()) {
        Ok(v) if v.is_object() => js_sys::Array::from(&v).to_vec(),
        _ => Vec::new(),
    }
}

fn request(params: &str, extra_config: &str) -> String {
    format!(r#"{{"config":{{"authMethods":{{"apiKeyAuth":"canary-api-key","appKeyAuth":"canary-app-key"}},"retryDelayScale":0.001{extra_config}}},"isBrowser":false,"noUserAgent":false{params}}}"#)
}

async fn run(op: &str, params: &str, extra: &str, fetch: Function, signal: JsValue, hook: JsValue) -> Result<JsValue, Value> {
    call(op.into(), request(params, extra), fetch, signal, hook).await.map_err(|e| {
        let d = Reflect::get(&e, &"descriptor".into()).ok().and_then(|d| d.as_string()).unwrap_or_default();
        assert!(!d.contains("canary"), "a key leaked: {d}");
        serde_json::from_str(&d).unwrap_or(Value::Null)
    })
}

#[wasm_bindgen_test]
async fn list_decodes_to_the_official_shape() {
    reset();
    let out = run("listOktaAccounts", "", "", stub(&format!(r#"[[200, '{{"data":[{}]}}']]"#, &ACCOUNT[8..ACCOUNT.len() - 1])), JsValue::NULL, JsValue::NULL).await.unwrap();
    let v: Value = serde_json::from_str(&out.as_string().unwrap()).unwrap();
    assert_eq!(v["data"][0]["attributes"]["authMethod"], "oauth");
    assert_eq!(v["data"][0]["attributes"]["clientId"], "cid");
    let init = Reflect::get(&seen()[0], &"init".into()).unwrap();
    let headers = Reflect::get(&init, &"headers".into()).unwrap();
    assert_eq!(Reflect::get(&headers, &"DD-API-KEY".into()).unwrap(), "canary-api-key");
    assert_eq!(Reflect::get(&headers, &"Accept".into()).unwrap(), "application/json");
}

#[wasm_bindgen_test]
async fn create_sends_the_snake_case_body() {
    reset();
    let params = r#","params":{"body":{"data":{"attributes":{"authMethod":"oauth","domain":"https://a.okta.com/","name":"prod","clientId":"cid","clientSecret":"s3cret"}}}}"#;
    let out = run("createOktaAccount", params, "", stub(&format!("[[201, '{ACCOUNT}']]")), JsValue::NULL, JsValue::NULL).await.unwrap();
    assert!(out.as_string().unwrap().contains("\"id\":\"id-1\""));
    let init = Reflect::get(&seen()[0], &"init".into()).unwrap();
    assert_eq!(Reflect::get(&init, &"method".into()).unwrap(), "POST");
    assert_eq!(
        Reflect::get(&init, &"body".into()).unwrap(),
        r#"{"data":{"attributes":{"auth_method":"oauth","client_id":"cid","client_secret":"s3cret","domain":"https://a.okta.com/","name":"prod"},"type":"okta-accounts"}}"#
    );
}

#[wasm_bindgen_test]
async fn api_errors_carry_status_body_and_rate_limit() {
    reset();
    let e = run("getOktaAccount", r#","params":{"accountId":"a?b"}"#, "", stub(r#"[[404, '{"errors":["Not Found"]}']]"#), JsValue::NULL, JsValue::NULL).await.unwrap_err();
    assert_eq!(e["name"], "ApiException");
    assert_eq!(e["code"], 404);
    assert_eq!(e["body"]["errors"][0], "Not Found");
    assert_eq!(e["rateLimit"]["reset"], 7);
    assert_eq!(e["message"], "getOktaAccount: HTTP 404 Not Found: Not Found");
    let url = Reflect::get(&seen()[0], &"url".into()).unwrap();
    assert_eq!(url, "https://api.datadoghq.com/api/v2/integrations/okta/accounts/a%3Fb");
}

#[wasm_bindgen_test]
async fn gets_are_retried_and_every_attempt_is_reported() {
    reset();
    let events = js_sys::Array::new();
    let hook = Function::new_with_args("e", "this.push(e)").bind0(&events);
    let out = run("getOktaAccount", r#","params":{"accountId":"id-1"}"#, "", stub(&format!("['network', [503, '{{}}'], [200, '{ACCOUNT}']]")), JsValue::NULL, hook.into()).await;
    assert!(out.is_ok(), "{out:?}");
    assert_eq!(seen().len(), 3);
    assert_eq!(events.length(), 3);
    let last = events.get(2);
    assert_eq!(Reflect::get(&last, &"status".into()).unwrap(), 200);
    assert_eq!(Reflect::get(&last, &"attempt".into()).unwrap(), 3);
    assert_eq!(Reflect::get(&events.get(0), &"error".into()).unwrap(), "network");
}

#[wasm_bindgen_test]
async fn a_network_error_keeps_its_cause() {
    reset();
    let e = call("deleteOktaAccount".into(), request(r#","params":{"accountId":"x"}"#, r#","enableRetry":false"#), stub("['network']"), JsValue::NULL, JsValue::NULL).await.unwrap_err();
    let cause = Reflect::get(&e, &"cause".into()).unwrap();
    assert!(cause.is_instance_of::<js_sys::TypeError>());
    let d: Value = serde_json::from_str(&Reflect::get(&e, &"descriptor".into()).unwrap().as_string().unwrap()).unwrap();
    assert_eq!(d["name"], "NetworkError");
    assert!(d["message"].as_str().unwrap().contains("fetch failed"));
}

#[wasm_bindgen_test]
async fn a_hung_request_times_out() {
    reset();
    let e = run("listOktaAccounts", "", r#","timeoutMs":30,"enableRetry":false"#, stub("['hang']"), JsValue::NULL, JsValue::NULL).await.unwrap_err();
    assert_eq!(e["name"], "TimeoutError");
    assert_eq!(e["scope"], "attempt");
    assert_eq!(e["timeoutMs"], 30);
}

#[wasm_bindgen_test]
async fn the_callers_signal_aborts_a_hung_request() {
    reset();
    let controller = Function::new_no_args("const c = new AbortController(); setTimeout(() => c.abort(), 20); return c.signal;").call0(&JsValue::NULL).unwrap();
    let e = run("listOktaAccounts", "", "", stub("['hang']"), controller, JsValue::NULL).await.unwrap_err();
    assert_eq!(e["name"], "AbortError");
}

#[wasm_bindgen_test]
async fn the_callers_signal_aborts_a_backoff_sleep() {
    reset();
    // A 429 asking for 7 s (scaled to 7 s by retryDelayScale 1); the abort comes after 20 ms.
    let controller = Function::new_no_args("const c = new AbortController(); setTimeout(() => c.abort(), 20); return c.signal;").call0(&JsValue::NULL).unwrap();
    let started = js_sys::Date::now();
    let req = r#"{"config":{"authMethods":{"apiKeyAuth":"canary-api-key","appKeyAuth":"canary-app-key"}},"isBrowser":false}"#;
    let e = call("listOktaAccounts".into(), req.into(), stub(r#"[[429, '{"errors":["Too many requests"]}']]"#), controller, JsValue::NULL).await.unwrap_err();
    let d = Reflect::get(&e, &"descriptor".into()).unwrap().as_string().unwrap();
    assert!(d.contains("AbortError"), "{d}");
    assert!(js_sys::Date::now() - started < 2000.0);
}

#[wasm_bindgen_test]
async fn hostile_input_is_a_validation_error_and_the_module_survives() {
    reset();
    for params in [r#","params":null"#, r#","params":{"accountId":{"__proto__":{"x":1}}}"#, r#","params":[1,2]"#] {
        let e = run("getOktaAccount", params, "", stub("[]"), JsValue::NULL, JsValue::NULL).await.unwrap_err();
        assert_eq!(e["name"], "ValidationError", "{params}");
    }
    let e = call("getOktaAccount".into(), "{not json".into(), stub("[]"), JsValue::NULL, JsValue::NULL).await.unwrap_err();
    assert!(Reflect::get(&e, &"descriptor".into()).unwrap().as_string().unwrap().contains("ValidationError"));
    assert!(seen().is_empty());
    // Still works afterwards.
    let problems = validate_create(r#"{"body":{"data":{"attributes":{"authMethod":"oauth","domain":"nope","name":"n","clientId":"c","clientSecret":"s"}}}}"#);
    assert!(problems.contains("body.data.attributes.domain"));
}

#[wasm_bindgen_test]
async fn a_sleep_resolves() {
    // Sanity check of the timer plumbing used by backoffs.
    let p = js_sys::Promise::new(&mut |resolve, _| {
        let _ = Function::new_with_args("r", "setTimeout(r, 5)").call1(&JsValue::NULL, &resolve);
    });
    JsFuture::from(p).await.unwrap();
}

#[wasm_bindgen_test]
async fn an_unknown_operation_is_refused_not_run_as_a_list() {
    reset();
    let e = run("listOktaAccount", "", "", stub("[[200, '{\"data\":[]}']]"), JsValue::NULL, JsValue::NULL).await.unwrap_err();
    assert_eq!(e["name"], "ValidationError");
    assert_eq!(e["problems"][0]["path"], "operation");
    assert!(seen().is_empty(), "nothing is sent");
}
