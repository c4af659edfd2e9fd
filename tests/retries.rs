//! The retry engine against scripted faults, on a virtual clock: no test sleeps.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::{block_on, json, with_headers, Canned, Reply};
use datadog_okta_wasm::client::execute;
use datadog_okta_wasm::config::{self, Config};
use datadog_okta_wasm::error::{Error, TimeoutScope};
use datadog_okta_wasm::request::{Operation, Params};
use datadog_okta_wasm::response::Output;
use datadog_okta_wasm::transport::TransportError;
use serde_json::{json, Value};

const CANARIES: [&str; 4] = ["canary-api-key-1", "canary-app-key-2", "canary-client-secret-3", "canary-okta-token-4"];
const ACCOUNT: &str = r#"{"data":{"type":"okta-accounts","attributes":{"auth_method":"oauth","client_id":"cid","domain":"https://a.okta.com/","name":"prod"},"id":"id-1"}}"#;
const LIST_WITH: &str = r#"{"data":[{"type":"okta-accounts","attributes":{"auth_method":"oauth","client_id":"cid","domain":"https://a.okta.com/","name":"prod"},"id":"id-1"}]}"#;
const LIST_EMPTY: &str = r#"{"data":[]}"#;

fn cfg(extra: Value) -> Config {
    let mut c = json!({"authMethods": {"apiKeyAuth": CANARIES[0], "appKeyAuth": CANARIES[1]}});
    c.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    config::parse(&common::j(c), None, false).unwrap()
}

fn params(op: Operation) -> Params {
    let v = match op {
        Operation::List => return Params::List,
        Operation::Create => json!({"body": {"data": {"attributes": {"authMethod": "oauth", "domain": "https://a.okta.com/", "name": "prod", "clientId": "cid", "clientSecret": CANARIES[2]}}}}),
        Operation::Update => json!({"accountId": "id-1", "body": {"data": {"attributes": {"authMethod": "api_key", "domain": "https://a.okta.com/", "apiKey": CANARIES[3]}}}}),
        Operation::Get | Operation::Delete => json!({"accountId": "id-1"}),
    };
    Params::parse(op, Some(&common::j(v))).unwrap()
}

fn run(op: Operation, cfg: &Config, replies: Vec<Reply>) -> (Result<Output, Error>, Canned) {
    let canned = Canned::new(replies);
    let r = block_on(execute(&canned, cfg, &params(op)));
    assert_no_canary(&format!("{r:?} {r:#?}"));
    if let Err(e) = &r {
        assert_no_canary(&format!("{}: {e}", op.name()));
    }
    assert_no_canary(&canned.events.borrow().join("\n"));
    (r, canned)
}

fn assert_no_canary(text: &str) {
    for c in CANARIES {
        assert!(!text.contains(c), "secret {c} leaked into: {text}");
    }
}

fn net() -> Reply {
    Reply::Fail(TransportError::Network("fetch failed: ECONNRESET".into()), 5.0)
}

#[test]
fn get_retries_5xx_and_network_errors_then_succeeds() {
    let (r, c) = run(Operation::Get, &cfg(json!({})), vec![json(503, "{}"), net(), with_headers(502, "<html>bad gateway</html>", &[]), json(200, ACCOUNT)]);
    assert!(matches!(r, Ok(Output::Json(_))));
    assert_eq!(c.sent.borrow().len(), 4);
    // Full jitter with random 0.5: half of 2 s, 4 s, 8 s.
    assert_eq!(*c.sleeps.borrow(), vec![1000.0, 2000.0, 4000.0]);
    let events = c.events.borrow();
    assert!(events[1].contains("\"error\":\"network\"") && events[3].contains("\"status\":200") && events[3].contains("\"attempt\":4"));
}

#[test]
fn retries_stop_at_max_retries_and_when_disabled() {
    let (r, c) = run(Operation::List, &cfg(json!({"maxRetries": 1})), vec![json(500, r#"{"errors":["boom"]}"#), json(500, r#"{"errors":["boom"]}"#)]);
    assert!(matches!(r, Err(Error::Api { status: 500, .. })));
    assert_eq!(c.sent.borrow().len(), 2);
    let (r, c) = run(Operation::List, &cfg(json!({"maxRetries": 0})), vec![json(500, "{}")]);
    assert!(matches!(r, Err(Error::Api { status: 500, .. })));
    assert_eq!(c.sent.borrow().len(), 1);
    let (_, c) = run(Operation::List, &cfg(json!({"enableRetry": false})), vec![json(429, "{}")]);
    assert_eq!(c.sent.borrow().len(), 1);
}

#[test]
fn client_errors_are_not_retried() {
    for status in [400, 403, 404] {
        let (r, c) = run(Operation::Get, &cfg(json!({})), vec![json(status, r#"{"errors":["Nope"]}"#)]);
        match r {
            Err(Error::Api { status: s, .. }) => assert_eq!(s, status),
            other => panic!("{other:?}"),
        }
        assert_eq!(c.sent.borrow().len(), 1);
    }
}

#[test]
fn a_429_waits_for_the_reset_even_duplicated_and_for_writes() {
    let rl = [("x-ratelimit-reset", "7, 7"), ("x-ratelimit-remaining", "0"), ("content-type", "text/html")];
    for op in [Operation::Create, Operation::Update, Operation::Delete] {
        let ok = if op == Operation::Delete { with_headers(204, "", &[]) } else { json(if op == Operation::Create { 201 } else { 200 }, ACCOUNT) };
        let (r, c) = run(op, &cfg(json!({})), vec![with_headers(429, "<html>slow down</html>", &rl), ok]);
        assert!(r.is_ok(), "{op:?}: {r:?}");
        assert_eq!(*c.sleeps.borrow(), vec![7000.0], "{op:?}");
        assert_eq!(c.sent.borrow().len(), 2);
    }
}

#[test]
fn a_429_whose_wait_passes_the_deadline_returns_at_once() {
    let rl = [("x-ratelimit-reset", "60")];
    let (r, c) = run(Operation::List, &cfg(json!({"deadlineMs": 10_000})), vec![with_headers(429, r#"{"errors":["Too many requests"]}"#, &rl)]);
    match r {
        Err(Error::Api { status: 429, rate_limit, .. }) => assert_eq!(rate_limit.unwrap().reset, Some(60)),
        other => panic!("{other:?}"),
    }
    assert!(c.sleeps.borrow().is_empty());
}

#[test]
fn a_create_of_unknown_outcome_that_landed_is_not_sent_again() {
    for failure in [json(500, "{}"), net(), Reply::Fail(TransportError::Timeout, 0.0)] {
        let (r, c) = run(Operation::Create, &cfg(json!({})), vec![failure, json(200, LIST_WITH)]);
        let Ok(Output::Json(out)) = r else { panic!("{r:?}") };
        assert!(out.contains("\"id\":\"id-1\""));
        assert_eq!(c.methods(), vec!["POST", "GET"]);
    }
}

#[test]
fn a_create_that_did_not_land_is_resent_once_checked() {
    let (r, c) = run(Operation::Create, &cfg(json!({})), vec![net(), json(200, LIST_EMPTY), json(201, ACCOUNT)]);
    assert!(matches!(r, Ok(Output::Json(_))));
    assert_eq!(c.methods(), vec!["POST", "GET", "POST"]);
}

#[test]
fn a_create_whose_check_fails_reports_an_unknown_outcome() {
    let (r, c) = run(Operation::Create, &cfg(json!({"maxRetries": 2})), vec![net(), json(500, "{}"), json(500, "{}"), json(500, "{}")]);
    match r {
        Err(Error::UnknownOutcome { message, cause }) => {
            assert!(message.contains("list"), "{message}");
            assert!(matches!(*cause, Error::Api { status: 500, .. }));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(c.methods().iter().filter(|m| *m == "POST").count(), 1);
}

#[test]
fn an_update_of_unknown_outcome_is_never_resent() {
    for failure in [json(502, "{}"), net(), Reply::Fail(TransportError::Timeout, 0.0)] {
        let (r, c) = run(Operation::Update, &cfg(json!({})), vec![failure]);
        match r {
            Err(Error::UnknownOutcome { message, .. }) => assert!(message.contains("id")),
            other => panic!("{other:?}"),
        }
        assert_eq!(c.methods(), vec!["PATCH"]);
    }
}

#[test]
fn a_retried_delete_that_finds_nothing_has_deleted() {
    let (r, c) = run(Operation::Delete, &cfg(json!({})), vec![net(), json(404, r#"{"errors":["Not Found"]}"#)]);
    assert_eq!(r, Ok(Output::Empty));
    assert_eq!(c.methods(), vec!["DELETE", "DELETE"]);
    // Without an earlier unknown outcome, a 404 is a 404.
    let (r, _) = run(Operation::Delete, &cfg(json!({})), vec![json(404, r#"{"errors":["Not Found"]}"#)]);
    assert!(matches!(r, Err(Error::Api { status: 404, .. })));
}

#[test]
fn timeouts_distinguish_the_attempt_from_the_deadline() {
    let timeout = || Reply::Fail(TransportError::Timeout, 0.0);
    let (r, c) = run(Operation::Get, &cfg(json!({"timeoutMs": 1000, "maxRetries": 1})), vec![timeout(), timeout()]);
    assert_eq!(r, Err(Error::Timeout { scope: TimeoutScope::Attempt, limit_ms: 1000 }));
    assert_eq!(c.sent.borrow().len(), 2);
    let (r, c) = run(Operation::Get, &cfg(json!({"timeoutMs": 5000, "deadlineMs": 3000})), vec![timeout()]);
    assert_eq!(r, Err(Error::Timeout { scope: TimeoutScope::Deadline, limit_ms: 3000 }));
    assert_eq!(c.sent.borrow().len(), 1);
}

#[test]
fn the_deadline_bounds_the_whole_call() {
    // Each attempt takes 4 s of virtual time; retries would go on but the deadline is 10 s.
    let canned = Canned::new((0..10).map(|_| json(503, "{}")).collect());
    canned.latency.set(4000.0);
    let r = block_on(execute(&canned, &cfg(json!({"deadlineMs": 10_000, "maxRetries": 10})), &params(Operation::Get)));
    assert!(r.is_err());
    assert!(canned.elapsed() <= 10_000.0, "clock {}", canned.elapsed());
}

#[test]
fn an_abort_during_a_backoff_stops_at_once() {
    let canned = Canned::new(vec![json(503, "{}"), json(200, ACCOUNT)]);
    canned.abort_sleeps.set(true);
    let r = block_on(execute(&canned, &cfg(json!({})), &params(Operation::Get)));
    assert_eq!(r, Err(Error::Aborted));
    assert_eq!(canned.sent.borrow().len(), 1);
    let canned = Canned::new(vec![Reply::Fail(TransportError::Aborted, 0.0)]);
    assert_eq!(block_on(execute(&canned, &cfg(json!({})), &params(Operation::Create))), Err(Error::Aborted));
}

#[test]
fn echoed_secrets_never_leave_through_any_path() {
    // A proxy that echoes the request back: the DD keys and the body's own secret.
    for (op, body_secret) in [(Operation::Create, CANARIES[2]), (Operation::Update, CANARIES[3]), (Operation::Get, CANARIES[0])] {
        let echo = format!(r#"{{"errors":["bad key {} secret {}"]}}"#, CANARIES[0], body_secret);
        let html = format!("<pre>DD-API-KEY: {}\n{}</pre>", CANARIES[1], body_secret);
        assert!(run(op, &cfg(json!({"enableRetry": false})), vec![json(400, &echo)]).0.is_err());
        assert!(run(op, &cfg(json!({"enableRetry": false})), vec![with_headers(500, &html, &[("x-echo", CANARIES[0])])]).0.is_err());
        assert!(run(op, &cfg(json!({"enableRetry": false})), vec![json(200, &html)]).0.is_err());
        assert!(run(op, &cfg(json!({"enableRetry": false})), vec![Reply::Fail(TransportError::Network(format!("reset by {body_secret}")), 0.0)]).0.is_err());
    }
}

#[test]
fn a_cut_body_is_read_again_for_gets() {
    let (r, c) = run(Operation::List, &cfg(json!({})), vec![json(200, r#"{"data":[{"type":"okta"#), json(200, LIST_WITH)]);
    assert!(matches!(r, Ok(Output::Json(_))), "{r:?}");
    assert_eq!(c.methods(), vec!["GET", "GET"]);
}

#[test]
fn a_created_account_with_a_cut_body_is_found_by_name() {
    let (r, c) = run(Operation::Create, &cfg(json!({})), vec![json(201, r#"{"data":{"ty"#), json(200, LIST_WITH)]);
    let Ok(Output::Json(out)) = r else { panic!("{r:?}") };
    assert!(out.contains("\"id\":\"id-1\""));
    assert_eq!(c.methods(), vec!["POST", "GET"]);
    // With nothing to find, the decode error says the account exists.
    let (r, _) = run(Operation::Create, &cfg(json!({})), vec![json(201, "{"), json(200, LIST_EMPTY)]);
    match r {
        Err(Error::Decode { message, .. }) => assert!(message.starts_with("the account was created"), "{message}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_conflict_after_an_unknown_outcome_means_the_first_attempt_landed() {
    let conflict = r#"{"errors":["An Okta account named 'prod' already exists"]}"#;
    let (r, c) = run(Operation::Create, &cfg(json!({})), vec![net(), json(200, LIST_EMPTY), json(409, conflict), json(200, LIST_WITH)]);
    let Ok(Output::Json(out)) = r else { panic!("{r:?}") };
    assert!(out.contains("\"id\":\"id-1\""));
    assert_eq!(c.methods(), vec!["POST", "GET", "POST", "GET"]);
    // A conflict on a first attempt is the caller's problem.
    let (r, _) = run(Operation::Create, &cfg(json!({})), vec![json(409, conflict)]);
    assert!(matches!(r, Err(Error::Api { status: 409, .. })));
}

#[test]
fn a_body_over_max_response_bytes_is_a_decode_error_never_read_again() {
    let big = format!(r#"{{"data":{{"type":"okta-accounts","id":"id-1","attributes":{{"auth_method":"oauth","domain":"d","name":"prod","pad":"{}"}}}}}}"#, "p".repeat(2000));
    let small = cfg(json!({"maxResponseBytes": 2048}));
    for op in [Operation::Get, Operation::Create, Operation::Update] {
        let (r, c) = run(op, &small, vec![json(200, &big), json(200, LIST_WITH)]);
        match r {
            Err(Error::Decode { status: 200, message, .. }) => {
                assert!(message.ends_with("the body is larger than maxResponseBytes (2048 bytes)"), "{op:?}: {message}");
                let done = match op { Operation::Create => "the account was created", Operation::Update => "the update was applied", _ => "the body" };
                assert!(message.starts_with(done), "{op:?}: {message}");
            }
            other => panic!("{op:?}: {other:?}"),
        }
        assert_eq!(c.sent.borrow().len(), 1, "{op:?}: not read again");
    }
    // An error status keeps its meaning (a 503 on a get is retried); its body says why it is missing.
    let small1 = cfg(json!({"maxResponseBytes": 2048, "maxRetries": 1}));
    let (r, c) = run(Operation::Get, &small1, vec![json(503, &big), json(503, &big)]);
    assert_eq!(c.sent.borrow().len(), 2);
    match r {
        Err(Error::Api { status: 503, body: datadog_okta_wasm::error::ErrorBody::Text(t), .. }) => assert!(t.contains("larger than maxResponseBytes"), "{t}"),
        other => panic!("{other:?}"),
    }
    // A delete reads no body, so an oversized one does not matter; exactly the limit is read.
    assert_eq!(run(Operation::Delete, &small, vec![json(200, &big)]).0, Ok(Output::Empty));
    let exact = format!("{}{}", &ACCOUNT[..ACCOUNT.len() - 1], " ".repeat(2048 - ACCOUNT.len()) + "}");
    assert_eq!(exact.len(), 2048);
    assert!(run(Operation::Get, &small, vec![json(200, &exact)]).0.is_ok());
    assert_eq!(cfg(json!({})).max_response_bytes, 64 * 1024 * 1024);
}

#[test]
fn each_attempt_gets_the_smaller_of_timeout_ms_and_what_is_left_of_the_deadline() {
    // Attempts take 4 s; backoffs (random 0.5) wait 1, 2 and 4 s: attempts start at 0, 5, 11 and 19 s.
    let canned = Canned::new(vec![json(503, "{}"), json(503, "{}"), json(503, "{}"), json(200, ACCOUNT)]);
    canned.latency.set(4000.0);
    let r = block_on(execute(&canned, &cfg(json!({"timeoutMs": 10_000, "deadlineMs": 25_000})), &params(Operation::Get)));
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(*canned.limits.borrow(), vec![10_000, 10_000, 10_000, 6_000]);
    // The same, answered after 7 s: the fourth attempt runs out of deadline, not of timeoutMs.
    let slow = Canned::new(vec![json(503, "{}"), json(200, ACCOUNT)]);
    slow.latency.set(7000.0);
    let r = block_on(execute(&slow, &cfg(json!({"timeoutMs": 10_000, "deadlineMs": 12_000})), &params(Operation::Get)));
    assert_eq!(r, Err(Error::Timeout { scope: TimeoutScope::Deadline, limit_ms: 12_000 }));
    assert_eq!(*slow.limits.borrow(), vec![10_000, 4_000]);
    assert_eq!(slow.elapsed(), 12_000.0);
}

#[test]
fn on_response_reports_each_attempt_with_its_duration() {
    let canned = Canned::new(vec![json(503, "{}"), Reply::Fail(TransportError::Network("reset".into()), 250.0), json(200, ACCOUNT)]);
    canned.latency.set(1234.0);
    assert!(block_on(execute(&canned, &cfg(json!({})), &params(Operation::Get))).is_ok());
    let events = canned.events.borrow();
    assert_eq!(
        events[0],
        r#"{"operation":"getOktaAccount","method":"GET","path":"/api/v2/integrations/okta/accounts/id-1","status":503,"attempt":1,"durationMs":1234,"rateLimit":null}"#
    );
    assert!(events[1].contains(r#""status":null,"attempt":2,"durationMs":250,"rateLimit":null,"error":"network""#), "{}", events[1]);
    assert!(events[2].contains(r#""status":200,"attempt":3,"durationMs":1234"#), "{}", events[2]);
}

#[test]
fn the_deadline_is_exact_at_its_boundaries() {
    // timeoutMs equal to deadlineMs: a timeout of the first attempt is the deadline's.
    let (r, _) = run(Operation::Get, &cfg(json!({"timeoutMs": 5000, "deadlineMs": 5000})), vec![Reply::Fail(TransportError::Timeout, 0.0)]);
    assert_eq!(r, Err(Error::Timeout { scope: TimeoutScope::Deadline, limit_ms: 5000 }));
    // A 503 after 9 s of a 10 s deadline: the backoff (1 s) would end exactly at the deadline,
    // leaving no time to try; the 503 is the answer.
    let canned = Canned::new(vec![json(503, "{}"), json(200, ACCOUNT)]);
    canned.latency.set(9000.0);
    let r = block_on(execute(&canned, &cfg(json!({"deadlineMs": 10_000})), &params(Operation::Get)));
    assert!(matches!(r, Err(Error::Api { status: 503, .. })), "{r:?}");
    assert_eq!(canned.sent.borrow().len(), 1);
}
