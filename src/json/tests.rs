use super::*;

fn round(s: &str) -> String {
    parse(s).unwrap().to_text()
}

#[test]
fn round_trips_keep_order_and_number_text() {
    assert_eq!(round(r#" { "b" : [1, -2.50e+3, true, null], "a": {"x": "y"} } "#), r#"{"b":[1,-2.50e+3,true,null],"a":{"x":"y"}}"#);
    assert_eq!(round(r#""\u00e9\ud83d\ude00\n\"\\\/\b\f\t\u0001""#), "\"é😀\\n\\\"\\\\/\\b\\f\\t\\u0001\"");
    assert_eq!(round(r#""\ud800x""#), "\"\u{FFFD}x\"");
    assert_eq!(round("12345678901234567890123"), "12345678901234567890123");
}

#[test]
fn repeated_keys_read_the_last() {
    assert_eq!(parse(r#"{"a":1,"a":2}"#).unwrap().get("a").unwrap().as_f64(), Some(2.0));
}

#[test]
fn numbers_as_f64() {
    for (t, v) in [("0", 0.0), ("-0", 0.0), ("3", 3.0), ("0.001", 0.001), ("2.5", 2.5), ("1e3", 1000.0), ("-1.5E-2", -0.015), ("9007199254740993", 9007199254740992.0)] {
        let got = parse(t).unwrap().as_f64().unwrap();
        assert!((got - v).abs() <= v.abs() * 1e-15, "{t}: {got}");
    }
}

#[test]
fn errors_say_where() {
    let e = parse("{\n  \"a\": tru }").unwrap_err();
    assert_eq!((e.message, e.line, e.column), ("expected a JSON value", 2, 8));
    for bad in ["", "{", "[1,]", "{\"a\"}", "01", "1.", "-", "\"\u{1}\"", "\"\\x\"", "\"\\u12\"", "nul", "[] x", "{\"a\":1,}", "\"\\u+123\""] {
        assert!(parse(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn deep_nesting_is_refused_not_a_crash() {
    assert!(parse(&format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH))).is_ok());
    assert_eq!(parse(&"[".repeat(100_000)).unwrap_err().message, "nested too deeply");
    assert_eq!(parse(&"{\"a\":".repeat(100_000)).unwrap_err().message, "nested too deeply");
}

#[cfg(not(target_arch = "wasm32"))]
proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

    #[test]
    fn arbitrary_text_never_panics(s in proptest::prelude::any::<String>()) {
        let _ = parse(&s);
    }

    #[test]
    fn agrees_with_serde_json(v in arb_json()) {
        let text = serde_json::to_string(&v).unwrap();
        let ours = parse(&text).unwrap().to_text();
        let back: serde_json::Value = serde_json::from_str(&ours).unwrap();
        proptest::prop_assert_eq!(back, v);
    }

    #[test]
    fn json_like_noise_never_panics(s in "[\\[\\]{}\":,0-9eE.+\\-tfnul\\\\ a-z]{0,64}") {
        let ours = parse(&s).is_ok();
        match serde_json::from_str::<serde_json::Value>(&s) {
            Ok(_) => proptest::prop_assert!(ours, "{:?}", s),
            // serde_json also refuses numbers beyond f64; this reader keeps their text.
            Err(e) => proptest::prop_assert!(!ours || e.to_string().contains("out of range"), "{:?}", s),
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn arb_json() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
    use proptest::prelude::*;
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(serde_json::Value::from),
        (-1e6f64..1e6).prop_map(serde_json::Value::from),
        any::<String>().prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(serde_json::Value::Array),
            proptest::collection::btree_map(any::<String>(), inner, 0..8).prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}
