//! The facade end to end in a JS runtime (Node or headless Chromium, chosen by
//! `wasm-pack test --node` / `--headless --chrome`) against stubbed `fetch` functions: calls
//! driven through `start` and `resume` by a loop like `pkg-template/src/drive.mjs`, with the
//! package's own `attempt.js` doing the I/O.

use js_sys::{Function, Reflect};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

use super::exports::{resume, start, validate};

#[wasm_bindgen(module = "/src/wasm/attempt.js")]
extern "C" {
    #[wasm_bindgen(js_name = attempt)]
    async fn js_attempt(fetch: &Function, url: &str, method: &str, headers: &JsValue, body: JsValue, timeout_ms: f64, max_bytes: f64, signal: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = wait)]
    async fn js_wait(ms: f64, signal: &JsValue) -> JsValue;
}

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
             if (r === 'endless') return Promise.resolve(new Response(new ReadableStream({{ pull(c) {{ c.enqueue(new Uint8Array(1024).fill(32)); }} }}), {{ status: 200 }}));
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

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap()
}

fn config(extra_config: &str) -> String {
    format!(r#"{{"config":{{"authMethods":{{"apiKeyAuth":"canary-api-key","appKeyAuth":"canary-app-key"}},"retryDelayScale":0.001{extra_config}}},"isBrowser":false,"noUserAgent":false,"observe":true}}"#)
}

/// Drives a call as drive.mjs does; resolves to the result (JSON text, `null` for none) or to
/// the error descriptor and, for a network error, whether the runtime's error is kept.
async fn drive(op: &str, config: &str, params: &str, fetch: Function, signal: JsValue, hook: JsValue) -> Result<Value, (Value, Value)> {
    let mut text = start(op, config, params);
    loop {
        assert!(!text.contains("canary") || text.contains("\"send\""), "a key left in something else than a request: {text}");
        let action: Value = match text.strip_prefix('\u{1}').and_then(|rest| rest.split_once('\u{1}')) {
            Some((json, body)) => {
                let mut v: Value = serde_json::from_str(json).unwrap();
                v["send"]["body"] = Value::String(body.to_owned());
                v
            }
            None => serde_json::from_str(&text).unwrap(),
        };
        if let (Some(events), Some(hook)) = (action["events"].as_array(), hook.dyn_ref::<Function>()) {
            for e in events {
                hook.call1(&JsValue::NULL, &js_sys::JSON::parse(&e.to_string()).unwrap()).unwrap();
            }
        }
        let Some(id) = action["id"].as_u64() else {
            return match action.get("error") {
                Some(e) => Err((e.clone(), action["cause"].clone())),
                None => Ok(action["result"].clone()),
            };
        };
        let id = id as u32;
        let none = Vec::new();
        text = if let Some(send) = action.get("send") {
            let headers = js_sys::JSON::parse(&send["headers"].to_string()).unwrap();
            let body = send["body"].as_str().map_or(JsValue::UNDEFINED, JsValue::from);
            let timeout = send["timeoutMs"].as_f64().unwrap();
            let max_bytes = send["maxBytes"].as_f64().unwrap();
            let r = js_attempt(&fetch, send["url"].as_str().unwrap(), send["method"].as_str().unwrap(), &headers, body, timeout, max_bytes, &signal).await;
            let oversized = get(&r, "oversized").is_truthy();
            match get(&r, "kind").as_string().as_deref() {
                None if oversized => resume(id, 1000 + get(&r, "status").as_f64().unwrap() as u32, get(&r, "headers").as_string().unwrap(), none),
                None => {
                    let bytes = get(&r, "bytes");
                    let body = if bytes.is_undefined() { get(&r, "text").as_string().unwrap().into_bytes() } else { js_sys::Uint8Array::new(&bytes).to_vec() };
                    resume(id, get(&r, "status").as_f64().unwrap() as u32, get(&r, "headers").as_string().unwrap(), body)
                }
                Some("network") => resume(id, 0, "TypeError: fetch failed".into(), br#"{"name":"TypeError","message":"fetch failed"}"#.to_vec()),
                Some("timeout") => resume(id, 1, String::new(), none),
                Some(_) => resume(id, 2, String::new(), none),
            }
        } else {
            let ok = js_wait(action["wait"].as_f64().unwrap(), &signal).await.as_bool().unwrap();
            resume(id, if ok { 3 } else { 4 }, String::new(), none)
        };
    }
}

async fn run(op: &str, params: &str, extra: &str, fetch: Function, signal: JsValue, hook: JsValue) -> Result<Value, Value> {
    drive(op, &config(extra), params, fetch, signal, hook).await.map_err(|(e, _)| e)
}

#[wasm_bindgen_test]
async fn list_decodes_to_the_official_shape() {
    reset();
    let v = run("listOktaAccounts", "", "", stub(&format!(r#"[[200, '{{"data":[{}]}}']]"#, &ACCOUNT[8..ACCOUNT.len() - 1])), JsValue::NULL, JsValue::NULL).await.unwrap();
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
    let params = r#"{"body":{"data":{"attributes":{"authMethod":"oauth","domain":"https://a.okta.com/","name":"prod","clientId":"cid","clientSecret":"s3cret"}}}}"#;
    let out = run("createOktaAccount", params, "", stub(&format!("[[201, '{ACCOUNT}']]")), JsValue::NULL, JsValue::NULL).await.unwrap();
    assert_eq!(out["data"]["id"], "id-1");
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
    let e = run("getOktaAccount", r#"{"accountId":"a?b"}"#, "", stub(r#"[[404, '{"errors":["Not Found"]}']]"#), JsValue::NULL, JsValue::NULL).await.unwrap_err();
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
    let out = run("getOktaAccount", r#"{"accountId":"id-1"}"#, "", stub(&format!("['network', [503, '{{}}'], [200, '{ACCOUNT}']]")), JsValue::NULL, hook.into()).await;
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
    let (d, cause) = drive("deleteOktaAccount", &config(r#","enableRetry":false"#), r#"{"accountId":"x"}"#, stub("['network']"), JsValue::NULL, JsValue::NULL).await.unwrap_err();
    assert_eq!(cause["name"], "TypeError", "the runtime's error, copied: {cause}");
    assert_eq!(cause["message"], "fetch failed");
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
    let config = r#"{"config":{"authMethods":{"apiKeyAuth":"canary-api-key","appKeyAuth":"canary-app-key"}},"isBrowser":false}"#;
    let (d, _) = drive("listOktaAccounts", config, "", stub(r#"[[429, '{"errors":["Too many requests"]}']]"#), controller, JsValue::NULL).await.unwrap_err();
    assert_eq!(d["name"], "AbortError");
    assert!(js_sys::Date::now() - started < 2000.0);
}

#[wasm_bindgen_test]
async fn hostile_input_is_a_validation_error_and_the_module_survives() {
    reset();
    for params in [r#"null"#, r#"{"accountId":{"__proto__":{"x":1}}}"#, r#"[1,2]"#] {
        let e = run("getOktaAccount", params, "", stub("[]"), JsValue::NULL, JsValue::NULL).await.unwrap_err();
        assert_eq!(e["name"], "ValidationError", "{params}");
    }
    let e = run("getOktaAccount", "{not json", "", stub("[]"), JsValue::NULL, JsValue::NULL).await.unwrap_err();
    assert_eq!(e["name"], "ValidationError");
    assert!(seen().is_empty());
    // Still works afterwards.
    let problems = validate(false, r#"{"body":{"data":{"attributes":{"authMethod":"oauth","domain":"nope","name":"n","clientId":"c","clientSecret":"s"}}}}"#);
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

#[wasm_bindgen_test]
fn the_heap_keeps_every_block_apart_and_intact() {
    // Blocks of many sizes, filled with a pattern of their own, grown, shrunk and freed in a
    // scrambled order, twice over (the second round reuses freed blocks).
    let mut seed = 7u32;
    let mut next = move || {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        seed >> 8
    };
    for _ in 0..2 {
        let mut blocks: Vec<(u8, Vec<u8>)> = Vec::new();
        for i in 0..3_000u32 {
            let size = match next() % 10 {
                0 => next() % 300_000,
                1..=3 => next() % 4_096,
                _ => next() % 64,
            } as usize;
            let tag = (i % 251) as u8;
            let mut v = vec![tag; size];
            if next() % 4 == 0 {
                v.extend(std::iter::repeat_n(tag, (next() % 10_000) as usize));
            }
            if next() % 5 == 0 {
                v.truncate(v.len() / 3);
                v.shrink_to_fit();
            }
            blocks.push((tag, v));
            if next() % 3 == 0 {
                let gone = (next() as usize) % blocks.len();
                let (tag, v) = blocks.swap_remove(gone);
                assert!(v.iter().all(|b| *b == tag), "a block was overwritten");
            }
        }
        for (tag, v) in &blocks {
            assert!(v.iter().all(|b| b == tag), "a block was overwritten");
        }
    }
    // Alignments above the blocks' own 16 bytes are honoured.
    for align in [32usize, 64, 4_096] {
        let layout = std::alloc::Layout::from_size_align(24, align).unwrap();
        // SAFETY: a non-zero size; the block is freed with its own layout.
        unsafe {
            let p = std::alloc::alloc(layout);
            assert!(!p.is_null() && p as usize % align == 0, "{align}");
            std::alloc::dealloc(p, layout);
        }
    }
}

#[wasm_bindgen_test]
async fn an_endless_body_stops_at_max_response_bytes() {
    reset();
    let e = run("listOktaAccounts", "", r#","maxResponseBytes":4096,"enableRetry":false"#, stub("['endless']"), JsValue::NULL, JsValue::NULL).await.unwrap_err();
    assert_eq!(e["name"], "DecodeError");
    assert_eq!(e["message"], "listOktaAccounts: undecodable HTTP 200 response: the body is larger than maxResponseBytes (4096 bytes)");
}
