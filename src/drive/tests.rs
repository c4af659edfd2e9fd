use serde_json::Value;

use super::*;

fn now() -> f64 {
    1_000.0
}

fn half() -> f64 {
    0.5
}

const CLOCK: Clock = Clock { now, random: half };
const KEYS: &str = r#"{"apiKeyAuth":"canary-api-key","appKeyAuth":"canary-app-key"}"#;
const ACCOUNT: &str = r#"{"data":{"type":"okta-accounts","attributes":{"auth_method":"oauth","client_id":"cid","domain":"https://a.okta.com/","name":"prod"},"id":"id-1"}}"#;

fn config(extra: &str) -> String {
    format!(r#"{{"config":{{"authMethods":{KEYS},"retryDelayScale":0.001{extra}}},"isBrowser":false,"noUserAgent":false,"observe":true}}"#)
}

/// An action as drive.mjs reads it: JSON, or `\u{1}JSON\u{1}BODY`.
fn parse(action: &str) -> Value {
    let (json, body) = match action.strip_prefix('\u{1}') {
        Some(rest) => rest.split_once('\u{1}').map(|(j, b)| (j, Some(b))).unwrap(),
        None => (action, None),
    };
    let mut v: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {action}"));
    if let Some(body) = body {
        v["send"]["body"] = Value::String(body.to_owned());
    }
    v
}

fn id(action: &Value) -> u32 {
    action["id"].as_u64().unwrap() as u32
}

fn ok(status: u16, body: &str) -> Reply {
    Reply::Response(status, "content-type\napplication/json\nx-ratelimit-remaining\n41\n".into(), body.as_bytes().to_vec())
}

#[test]
fn a_get_is_one_send_then_done_and_frees_its_slot() {
    let a = parse(&start(CLOCK, "getOktaAccount", &config(""), r#"{"accountId":"a?b"}"#));
    let send = &a["send"];
    assert_eq!(send["url"], "https://api.datadoghq.com/api/v2/integrations/okta/accounts/a%3Fb");
    assert_eq!(send["method"], "GET");
    assert_eq!(send["headers"]["DD-API-KEY"], "canary-api-key");
    assert_eq!(send["timeoutMs"], 30_000);
    assert!(send.get("body").is_none());
    assert_eq!(in_flight(), 1);
    let done = parse(&resume(id(&a), ok(200, ACCOUNT)));
    assert_eq!(done["done"], true);
    assert_eq!(done["result"]["data"]["attributes"]["clientId"], "cid");
    assert_eq!(done["events"][0]["status"], 200);
    assert_eq!(done["events"][0]["rateLimit"]["remaining"], 41);
    assert_eq!(in_flight(), 0);
}

#[test]
fn a_retry_is_a_wait_between_two_sends_and_every_attempt_is_reported() {
    let a = parse(&start(CLOCK, "listOktaAccounts", &config(""), ""));
    let w = parse(&resume(id(&a), ok(503, "{}")));
    assert_eq!(w["events"][0]["status"], 503);
    assert!(w["wait"].as_u64().is_some(), "{w}");
    let again = parse(&resume(id(&w), Reply::Waited(true)));
    assert_eq!(again["send"]["method"], "GET");
    assert!(again.get("events").is_none());
    let done = parse(&resume(id(&again), ok(200, r#"{"data":[]}"#)));
    assert_eq!(done["result"]["data"], serde_json::json!([]));
    assert_eq!(done["events"][0]["attempt"], 2);
}

#[test]
fn an_aborted_wait_ends_the_call() {
    let a = parse(&start(CLOCK, "getOktaAccount", &config(""), r#"{"accountId":"x"}"#));
    let w = parse(&resume(id(&a), Reply::Timeout));
    assert_eq!(w["events"][0]["error"], "timeout");
    let e = parse(&resume(id(&w), Reply::Waited(false)));
    assert_eq!(e["error"]["name"], "AbortError");
    assert_eq!(in_flight(), 0);
}

#[test]
fn a_create_sends_its_body_and_a_write_is_not_resent_after_a_5xx() {
    let params = r#"{"body":{"data":{"attributes":{"authMethod":"oauth","domain":"https://a.okta.com/","name":"prod","clientId":"cid","clientSecret":"canary-secret"}}}}"#;
    let a = parse(&start(CLOCK, "createOktaAccount", &config(""), params));
    assert_eq!(a["send"]["method"], "POST");
    assert_eq!(a["send"]["headers"]["Content-Type"], "application/json");
    assert!(a["send"]["body"].as_str().unwrap().contains("\"client_secret\":\"canary-secret\""));
    let raw = start(CLOCK, "createOktaAccount", &config(""), params);
    assert!(raw.starts_with('\u{1}') && raw.ends_with(r#""type":"okta-accounts"}}"#), "the body travels last, unescaped: {raw}");
    cancel(id(&parse(&raw)));
    // A 502 that echoes the secret: the outcome is unknown, so the call checks the list.
    let list = parse(&resume(id(&a), ok(502, r#"{"errors":["canary-secret"]}"#)));
    assert_eq!(list["send"]["method"], "GET", "{list}");
    let done = parse(&resume(id(&list), ok(200, &format!(r#"{{"data":[{}]}}"#, &ACCOUNT[8..ACCOUNT.len() - 1]))));
    assert_eq!(done["result"]["data"]["id"], "id-1");
}

#[test]
fn a_network_cause_is_a_scrubbed_copy_never_the_runtime_s_object() {
    let cfg = config(r#","enableRetry":false"#);
    let network = |details: &str| Reply::Network("TypeError: fetch failed (ECONNREFUSED)".into(), details.into());
    let a = parse(&start(CLOCK, "deleteOktaAccount", &cfg, r#"{"accountId":"x"}"#));
    let details = r#"{"name":"TypeError","message":"fetch failed","stack":"TypeError: fetch failed\n    at x","cause":{"message":"connect","code":"ECONNREFUSED","port":443}}"#;
    let e = parse(&resume(id(&a), network(details)));
    assert_eq!(e["error"]["name"], "NetworkError");
    assert_eq!(e["cause"], serde_json::from_str::<Value>(details).unwrap(), "kept as it was: nothing to scrub");
    // Secrets anywhere in it are scrubbed: message, stack, a nested cause.
    let a = parse(&start(CLOCK, "deleteOktaAccount", &cfg, r#"{"accountId":"x"}"#));
    let e = resume(id(&a), network(r#"{"message":"refused canary-api-key","stack":"at proxy (canary-app-key)","cause":{"message":"x canary-api-key"}}"#));
    assert!(!e.contains("canary"), "{e}");
    assert_eq!(parse(&e)["cause"]["cause"]["message"], "x [REDACTED]");
    // Details that are not JSON: the scrubbed description alone.
    let a = parse(&start(CLOCK, "deleteOktaAccount", &cfg, r#"{"accountId":"x"}"#));
    let e = parse(&resume(id(&a), Reply::Network("Error: refused canary-api-key".into(), "not json".into())));
    assert_eq!(e["cause"], serde_json::json!({"message": "Error: refused [REDACTED]"}));
    // A write whose outcome the failure made unknown keeps the cause too.
    let a = parse(&start(CLOCK, "updateOktaAccount", &config(""), r#"{"accountId":"x","body":{"data":{"attributes":{"authMethod":"api_key","domain":"https://a.okta.com/","apiKey":"canary-okta"}}}}"#));
    let e = parse(&resume(id(&a), network(details)));
    assert_eq!(e["error"]["name"], "UnknownOutcomeError");
    assert_eq!(e["cause"]["cause"]["code"], "ECONNREFUSED");
}

#[test]
fn bad_input_fails_before_any_action() {
    for (op, params) in [("getOktaAccount", "{}"), ("getOktaAccount", "null"), ("getOktaAccount", "{not json"), ("listOktaAccount", "")] {
        let e = parse(&start(CLOCK, op, &config(""), params));
        assert_eq!(e["error"]["name"], "ValidationError", "{op} {params}");
        assert!(e.get("id").is_none());
    }
    let e = parse(&start(CLOCK, "listOktaAccounts", r#"{"config":{"authMethods":{"apiKeyAuth":"k k"}},"isBrowser":false}"#, ""));
    assert_eq!(e["error"]["problems"][0]["path"], "configuration.authMethods.apiKeyAuth");
    assert_eq!(in_flight(), 0);
}

#[test]
fn a_cancelled_call_is_dropped_and_cannot_be_resumed() {
    let a = parse(&start(CLOCK, "listOktaAccounts", &config(""), ""));
    let b = parse(&start(CLOCK, "listOktaAccounts", &config(""), ""));
    assert_ne!(id(&a), id(&b));
    cancel(id(&a));
    assert_eq!(in_flight(), 1);
    let e = parse(&resume(id(&a), ok(200, r#"{"data":[]}"#)));
    assert_eq!(e["error"]["name"], "ValidationError");
    // The slot is reused, and the other call is untouched.
    let c = parse(&start(CLOCK, "listOktaAccounts", &config(""), ""));
    assert_eq!(id(&c), id(&a));
    assert_eq!(parse(&resume(id(&b), ok(200, r#"{"data":[]}"#)))["done"], true);
    cancel(id(&c));
    assert_eq!(in_flight(), 0);
}

#[test]
fn the_cached_configuration_follows_its_text() {
    let with_key = |k: &str| format!(r#"{{"config":{{"authMethods":{{"apiKeyAuth":"{k}","appKeyAuth":"app-key"}}}},"isBrowser":false}}"#);
    for k in ["first-key", "second-key", "first-key"] {
        let a = parse(&start(CLOCK, "listOktaAccounts", &with_key(k), ""));
        assert_eq!(a["send"]["headers"]["DD-API-KEY"], k);
        cancel(id(&a));
    }
    // Per-call options are part of the text.
    let with_options = format!(r#"{{"config":{{"authMethods":{KEYS}}},"options":{{"timeoutMs":50}},"isBrowser":false}}"#);
    let a = parse(&start(CLOCK, "listOktaAccounts", &with_options, ""));
    assert_eq!(a["send"]["timeoutMs"], 50, "{a}");
    cancel(id(&a));
}

#[test]
fn without_a_hook_there_are_no_events_and_success_headers_may_stay_unread() {
    let quiet = config("").replace(r#","observe":true"#, "");
    let a = parse(&start(CLOCK, "listOktaAccounts", &quiet, ""));
    assert_eq!(a["send"]["successHeaders"], false);
    let w = parse(&resume(id(&a), ok(503, "{}")));
    assert!(w.get("events").is_none() && w.get("wait").is_some(), "{w}");
    let again = parse(&resume(id(&w), Reply::Waited(true)));
    let done = parse(&resume(id(&again), Reply::Response(200, String::new(), br#"{"data":[]}"#.to_vec())));
    assert_eq!(done["done"], true);
    assert!(done.get("events").is_none());
    let a = parse(&start(CLOCK, "listOktaAccounts", &config(""), ""));
    assert!(a["send"].get("successHeaders").is_none(), "with a hook, every response's headers are read");
    cancel(id(&a));
}

#[test]
fn a_reply_of_the_wrong_kind_stops_the_call() {
    let a = parse(&start(CLOCK, "getOktaAccount", &config(""), r#"{"accountId":"x"}"#));
    let e = parse(&resume(id(&a), Reply::Waited(true)));
    assert_eq!(e["error"]["name"], "AbortError");
}

#[test]
fn a_body_is_read_as_text_would() {
    let a = parse(&start(CLOCK, "getOktaAccount", &config(""), r#"{"accountId":"x"}"#));
    let mut body = "\u{feff}".as_bytes().to_vec();
    body.extend_from_slice(ACCOUNT.as_bytes());
    let done = parse(&resume(id(&a), Reply::Response(200, String::new(), body)));
    assert_eq!(done["result"]["data"]["id"], "id-1");
}

#[cfg(not(target_arch = "wasm32"))]
proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: crate::json::proptest_cases(3000), ..Default::default() })]
    #[test]
    fn lossy_is_from_utf8_lossy(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40), text in "\\PC{0,8}") {
        let mut mixed = text.into_bytes();
        mixed.extend_from_slice(&bytes);
        proptest::prop_assert_eq!(lossy(mixed.clone()), String::from_utf8_lossy(&mixed).into_owned());
    }
}

#[test]
fn the_keys_scrubber_is_made_once_per_configuration_and_a_call_s_secrets_stay_its_own() {
    let cfg = config(r#","enableRetry":false"#);
    let echo = r#"{"errors":["got canary-api-key canary-app-key canary-secret-one"]}"#;
    let create = r#"{"body":{"data":{"attributes":{"authMethod":"oauth","domain":"https://a.okta.com/","name":"prod","clientId":"cid","clientSecret":"canary-secret-one"}}}}"#;
    for _ in 0..2 {
        let a = parse(&start(CLOCK, "createOktaAccount", &cfg, create));
        let e = resume(id(&a), ok(400, echo));
        assert!(!e.contains("canary"), "{e}");
    }
    // The configuration's cached scrubber knows its keys, and nothing of the create.
    let keys = CONFIG.with_borrow(|c| c.as_ref().map(|(_, s)| s.keys.clone())).unwrap();
    assert!(keys.taints("canary-api-key") && keys.taints("canary-app-key"));
    assert!(!keys.taints("canary-secret-one"));
    // A get on the same configuration scrubs the keys from the cache.
    let a = parse(&start(CLOCK, "getOktaAccount", &cfg, r#"{"accountId":"x"}"#));
    let e = resume(id(&a), ok(404, echo));
    assert!(!e.contains("canary-api-key") && !e.contains("canary-app-key"), "{e}");
}
