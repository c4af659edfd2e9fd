//! Property tests: no input reaches a panic. (The fast path's agreement with the tree decoder and
//! the one-segment ids are property-tested inside the crate, next to their code.)
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use datadog_okta_wasm::config;
use datadog_okta_wasm::json::{self, Json};
use datadog_okta_wasm::request::{Operation, Params};
use datadog_okta_wasm::response::{decode, HttpResponse};
use datadog_okta_wasm::Scrubber;
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
    HttpResponse { status, headers: vec![("x-ratelimit-reset".into(), "7, 7".into())], body, oversized: false }
}

/// `PROPTEST_CASES` when set (a longer hunt), 3,000 otherwise.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(3000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

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
