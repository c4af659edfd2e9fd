//! The fast path's agreement with the tree decoder, on bodies shaped like the API's.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;

use super::fast;
use super::output::{AccountResponse, AccountsResponse};
use crate::json;

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
        let tree = json::parse(&body).ok();
        let list = tree.clone().and_then(|t| AccountsResponse::from_json(t).ok()).map(|r| r.to_json());
        let single = tree.and_then(|t| AccountResponse::from_json(t).ok()).map(|r| r.to_json());
        for (fast, general) in [(fast::account_list(&body, &Default::default()), list), (fast::account_single(&body, &Default::default()), single)] {
            if let Some(fast) = fast {
                let general = general.expect("the fast path accepted what the tree decoder refuses");
                prop_assert_eq!(json::parse(&fast).unwrap(), json::parse(&general).unwrap());
            }
        }
    }
}
