//! Property tests: no input reaches a panic, and ids always stay one path segment.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use datadog_okta_wasm::config;
use datadog_okta_wasm::encode::decode_component;
use datadog_okta_wasm::json::{self, Json};
use datadog_okta_wasm::request::{build, Operation, Params, ACCOUNTS_PATH};
use datadog_okta_wasm::response::{decode, HttpResponse};
use datadog_okta_wasm::secret::Scrubber;
use datadog_okta_wasm::validate::{validate_create, validate_update};
use proptest::prelude::*;

const OPS: [Operation; 5] = [Operation::List, Operation::Create, Operation::Get, Operation::Update, Operation::Delete];

/// Arbitrary JSON, biased towards the shapes this API uses so decoders get past the first check.
fn arb_json() -> impl Strategy<Value = Json> {
    let key = prop_oneof![
        Just("data".to_string()),
        Just("attributes".to_string()),
        Just("type".to_string()),
        Just("id".to_string()),
        Just("name".to_string()),
        Just("domain".to_string()),
        Just("auth_method".to_string()),
        Just("authMethod".to_string()),
        Just("client_id".to_string()),
        Just("clientSecret".to_string()),
        Just("errors".to_string()),
        any::<String>(),
    ];
    let leaf = prop_oneof![
        Just("null".to_string()),
        any::<bool>().prop_map(|b| b.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        Just("\"okta-accounts\"".to_string()),
        Just("\"oauth\"".to_string()),
        Just("\"https://a.okta.com/\"".to_string()),
        any::<String>().prop_map(|s| serde_json::to_string(&s).unwrap()),
    ];
    leaf.prop_recursive(5, 80, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec((key.clone(), inner), 0..6).prop_map(|kv| {
                let fields: Vec<String> = kv.into_iter().map(|(k, v)| format!("{}:{v}", serde_json::to_string(&k).unwrap())).collect();
                format!("{{{}}}", fields.join(","))
            }),
        ]
    })
    .prop_map(|text| json::parse(&text).unwrap())
}

fn response(status: u16, body: String) -> HttpResponse {
    HttpResponse { status, headers: vec![("x-ratelimit-reset".into(), "7, 7".into())], body }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn decoders_never_panic_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512), status in prop::sample::select(vec![200u16, 201, 204, 400, 404, 429, 500])) {
        let body = String::from_utf8_lossy(&bytes).into_owned();
        for op in OPS {
            let _ = decode(op, &response(status, body.clone()), &Scrubber::default());
        }
    }

    #[test]
    fn decoders_never_panic_on_arbitrary_json(v in arb_json(), status in prop::sample::select(vec![200u16, 201, 400, 500])) {
        let body = v.to_text();
        for op in OPS {
            let _ = decode(op, &response(status, body.clone()), &Scrubber::default());
        }
    }

    #[test]
    fn validators_never_panic(v in arb_json()) {
        let _ = validate_create(&v);
        let _ = validate_update(&v);
        for op in OPS {
            let _ = Params::parse(op, Some(&v));
        }
        let _ = config::parse(&v, Some(&v), false);
    }

    #[test]
    fn any_account_id_is_exactly_one_segment_that_decodes_back(id in any::<String>().prop_filter("non-blank", |s| !s.trim().is_empty() && s.len() <= 1024)) {
        let cfg = config::parse(&common::j(serde_json::json!({"authMethods": {"apiKeyAuth": "k1", "appKeyAuth": "k2"}})), None, false).unwrap();
        for op in [Operation::Get, Operation::Delete] {
            let params = Params::parse(op, Some(&common::j(serde_json::json!({ "accountId": id })))).unwrap();
            let url = build(&cfg, &params).url;
            let tail = url.strip_prefix(&format!("https://api.datadoghq.com{ACCOUNTS_PATH}/")).unwrap();
            prop_assert!(!tail.contains('/') && !tail.contains('?') && !tail.contains('#'), "{}", tail);
            prop_assert_eq!(decode_component(tail), Some(id.clone()));
        }
    }
}

#[test]
fn huge_and_deeply_nested_bodies_are_decode_errors() {
    let deep = format!("{{\"data\":{}{}}}", "[".repeat(50_000), "]".repeat(50_000));
    let huge = format!("{{\"data\":[{}]}}", vec![r#"{"type":"okta-accounts","attributes":{"auth_method":"oauth","domain":"https://a.okta.com/","name":"n"},"id":"x"}"#; 20_000].join(","));
    for op in OPS {
        let r = decode(op, &response(200, deep.clone()), &Scrubber::default());
        assert!(op == Operation::Delete || r.is_err());
    }
    assert!(decode(Operation::List, &response(200, huge), &Scrubber::default()).is_ok());
}

/// Bodies shaped like the API's, with random optional, unknown, null and wrongly typed fields.
fn arb_account_body() -> impl Strategy<Value = String> {
    let s = || any::<String>().prop_map(|x| serde_json::to_string(&x).unwrap());
    let val = prop_oneof![s(), Just("null".to_string()), Just("5".to_string()), Just("-1.5e3".to_string()), Just("[1,{\"a\":[]}]".to_string()), Just("{\"x\":\"\\u00e9\"}".to_string())];
    let field = |k: &'static str, v: BoxedStrategy<String>| prop::option::weighted(0.85, v.prop_map(move |v| format!("\"{k}\":{v}")));
    let str_or_odd = || prop_oneof![8 => s(), 1 => Just("null".to_string()), 1 => Just("7".to_string())].boxed();
    let attrs = (
        field("auth_method", str_or_odd()),
        field("domain", str_or_odd()),
        field("name", str_or_odd()),
        field("client_id", str_or_odd()),
        field("client_secret", s().boxed()),
        prop::option::of((any::<String>(), val.clone())),
    )
        .prop_map(|(a, d, n, c, cs, x)| {
            let mut f: Vec<String> = [a, d, n, c, cs].into_iter().flatten().collect();
            if let Some((k, v)) = x {
                f.push(format!("{}:{v}", serde_json::to_string(&k).unwrap()));
            }
            format!("{{{}}}", f.join(","))
        });
    let account = (prop::option::weighted(0.9, attrs), field("id", str_or_odd()), field("type", str_or_odd()), prop::option::of((any::<String>(), val)))
        .prop_map(|(a, id, t, x)| {
            let mut f: Vec<String> = [a.map(|a| format!("\"attributes\":{a}")), id, t].into_iter().flatten().collect();
            if let Some((k, v)) = x {
                f.push(format!("{}:{v}", serde_json::to_string(&k).unwrap()));
            }
            format!("{{{}}}", f.join(", "))
        });
    prop_oneof![
        prop::collection::vec(account.clone(), 0..4).prop_map(|a| format!("{{\"data\":[{}]}}\n", a.join(","))),
        account.prop_map(|a| format!("{{\"meta\":{{\"n\":1}},\"data\":{a}}}")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn the_fast_path_agrees_with_the_tree_decoder(body in arb_account_body()) {
        use datadog_okta_wasm::model::{AccountResponse, AccountsResponse};
        use datadog_okta_wasm::transcode;
        let tree = json::parse(&body).ok();
        let list = tree.clone().and_then(|t| AccountsResponse::from_json(t).ok()).map(|r| r.to_json());
        let single = tree.and_then(|t| AccountResponse::from_json(t).ok()).map(|r| r.to_json());
        for (fast, general) in [(transcode::account_list(&body), list), (transcode::account_single(&body), single)] {
            if let Some(fast) = fast {
                let general = general.expect("the fast path accepted what the tree decoder refuses");
                prop_assert_eq!(json::parse(&fast).unwrap(), json::parse(&general).unwrap());
            }
        }
    }
}
