//! Replays the real HTTP exchanges recorded against api.datadoghq.com through the core: each
//! built request must equal the recorded one, each recorded response must decode.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::{block_on, with_headers, Canned};
use datadog_okta_wasm::client::execute;
use datadog_okta_wasm::config;
use datadog_okta_wasm::request::{Operation, Params};
use datadog_okta_wasm::response::Output;
use datadog_okta_wasm::Error;
use serde_json::{json, Map, Value};

const RECORDINGS: [(&str, &str); 4] = [
    ("Add", include_str!("fixtures/recordings/Add-Okta-account-returns-OK-response.json")),
    ("Get", include_str!("fixtures/recordings/Get-Okta-account-returns-OK-response.json")),
    ("List", include_str!("fixtures/recordings/List-Okta-accounts-returns-OK-response.json")),
    ("Update", include_str!("fixtures/recordings/Update-Okta-account-returns-OK-response.json")),
];

fn camel(key: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in key.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The recorded snake_case JSON in the camelCase shape of the JS API.
fn to_camel(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (camel(k), to_camel(v))).collect::<Map<_, _>>()),
        Value::Array(a) => Value::Array(a.iter().map(to_camel).collect()),
        other => other.clone(),
    }
}

fn header<'a>(h: &'a Value, name: &str) -> Option<&'a str> {
    h.get(name)?.get(0)?.as_str()
}

#[test]
fn every_recorded_exchange_round_trips() {
    let cfg = config::parse(&common::j(json!({"authMethods": {"apiKeyAuth": "k-api", "appKeyAuth": "k-app"}})), None, false).unwrap();
    let mut exchanges = 0;
    for (name, text) in RECORDINGS {
        let rec: Value = serde_json::from_str(text).unwrap();
        for ix in rec["http_interactions"].as_array().unwrap() {
            let (rq, rs) = (&ix["request"], &ix["response"]);
            let uri = rq["uri"].as_str().unwrap();
            let id = uri.strip_prefix("https://api.datadoghq.com/api/v2/integrations/okta/accounts").unwrap();
            let id = id.strip_prefix('/').map(str::to_owned);
            let body: Option<Value> = rq["body"].get("string").map(|b| serde_json::from_str(b.as_str().unwrap()).unwrap());
            let (op, params) = match (rq["method"].as_str().unwrap(), &id) {
                ("get", None) => (Operation::List, None),
                ("get", Some(id)) => (Operation::Get, Some(json!({ "accountId": id }))),
                ("post", None) => (Operation::Create, Some(json!({ "body": to_camel(body.as_ref().unwrap()) }))),
                ("patch", Some(id)) => (Operation::Update, Some(json!({ "accountId": id, "body": to_camel(body.as_ref().unwrap()) }))),
                ("delete", Some(id)) => (Operation::Delete, Some(json!({ "accountId": id }))),
                other => panic!("{name}: unexpected {other:?}"),
            };
            let params = Params::parse(op, params.map(common::j).as_ref()).unwrap_or_else(|e| panic!("{name}: {e}"));

            let status = u16::try_from(rs["status"]["code"].as_u64().unwrap()).unwrap();
            let content_type = header(&rs["headers"], "Content-Type").unwrap();
            let resp_body = rs["body"]["string"].as_str().unwrap();
            let canned = Canned::new(vec![with_headers(status, resp_body, &[("content-type", content_type)])]);
            let result = block_on(execute(&canned, &cfg, &params));

            // The request, as sent.
            let sent = &canned.sent.borrow()[0];
            assert_eq!(sent.method.to_lowercase(), rq["method"].as_str().unwrap(), "{name}");
            assert_eq!(sent.url, uri, "{name}");
            assert_eq!(sent.body.as_ref().map(|b| b.0.as_str()), rq["body"].get("string").and_then(Value::as_str), "{name}: body");
            for h in ["Accept", "Content-Type"] {
                let ours = sent.headers.iter().find(|(k, _)| *k == h).map(|(_, v)| v.as_wire());
                assert_eq!(ours, header(&rq["headers"], h), "{name}: {h}");
            }
            let key = sent.headers.iter().find(|(k, _)| *k == "DD-API-KEY").map(|(_, v)| v.as_wire());
            assert_eq!(key, Some("k-api"));

            // The response, as decoded.
            match (status, result) {
                (204, Ok(Output::Empty)) => {}
                (200 | 201, Ok(Output::Json(out))) => {
                    let ours: Value = serde_json::from_str(&out).unwrap();
                    assert_eq!(ours, to_camel(&serde_json::from_str(resp_body).unwrap()), "{name}");
                    assert!(!out.contains("clientSecret"), "{name}: a secret came back");
                }
                (400, Err(Error::Api { status: 400, body, .. })) => {
                    // After the update reassigned the id, the old id is gone.
                    assert_eq!(body.first_message().as_deref(), Some("Unknown error occurred: "));
                }
                (s, r) => panic!("{name}: status {s} gave {r:?}"),
            }
            exchanges += 1;
        }
    }
    assert_eq!(exchanges, 11);
}

#[test]
fn update_follows_the_new_id() {
    let rec: Value = serde_json::from_str(RECORDINGS[3].1).unwrap();
    let patch = &rec["http_interactions"][1];
    let cfg = config::parse(&common::j(json!({"authMethods": {"apiKeyAuth": "k-api", "appKeyAuth": "k-app"}})), None, false).unwrap();
    let params = Params::parse(
        Operation::Update,
        Some(&common::j(json!({"accountId": "c847a349-9687-4b80-8b0f-996e0e75f73e", "body": to_camel(&serde_json::from_str(patch["request"]["body"]["string"].as_str().unwrap()).unwrap())}))),
    )
    .unwrap();
    let canned = Canned::new(vec![common::json(200, patch["response"]["body"]["string"].as_str().unwrap())]);
    let Ok(Output::Json(out)) = block_on(execute(&canned, &cfg, &params)) else { panic!() };
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["data"]["id"], "7343985f-6e86-4327-8792-538b4c9b38e9");
}
