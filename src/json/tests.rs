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
fn numbers_at_the_edges_saturate_and_never_panic() {
    let f = |t: &str| parse(t).unwrap().as_f64().unwrap();
    for (t, v) in [
        ("12345678901234567890123e2147483647", f64::INFINITY),
        ("-12345678901234567890123e2147483647", f64::NEG_INFINITY),
        ("1e99999999999999999999", f64::INFINITY),
        ("1e-99999999999999999999", 0.0),
        ("1e-2147483648", 0.0),
        ("0e400", 0.0),
        ("0.000e-99999999999", 0.0),
        ("1e309", f64::INFINITY),
    ] {
        assert_eq!(f(t), v, "{t}");
    }
    // Below 1e-308 the value is still read (subnormals included), not taken as 0.
    for (t, v) in [("100000e-310", 1e-305), ("1e-320", 1e-320), ("2.5e-315", 2.5e-315), ("1e-308", 1e-308), ("1.79769313486e308", 1.79769313486e308)] {
        let got = f(t);
        assert!((got - v).abs() <= v * 1e-9, "{t}: {got:e}");
    }
    let long = format!("0.{}1e330", "0".repeat(400));
    assert!((f(&long) - 1e-71).abs() <= 1e-71 * 1e-12, "{}", f(&long));
    assert_eq!(f(&format!("1{}", "0".repeat(400))), f64::INFINITY);
}

#[cfg(not(target_arch = "wasm32"))]
proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: crate::json::proptest_cases(3000), ..Default::default() })]

    /// Within a few ulps of the correctly rounded value (Rust's own parser) over the whole range.
    #[test]
    fn numbers_read_close_to_the_correctly_rounded_value(
        neg in proptest::prelude::any::<bool>(),
        int in "(0|[1-9][0-9]{0,24})",
        frac in proptest::option::of("[0-9]{1,24}"),
        exp in proptest::option::of(-400i32..400),
    ) {
        let text = format!("{}{int}{}{}", if neg { "-" } else { "" }, frac.map(|f| format!(".{f}")).unwrap_or_default(), exp.map(|e| format!("e{e}")).unwrap_or_default());
        let want: f64 = text.parse().unwrap();
        let got = parse(&text).unwrap().as_f64().unwrap();
        let close = if want == 0.0 || want.is_infinite() || got.is_infinite() {
            got == want || (want.abs() > 1.7e308 && got.is_infinite()) || (got.abs() > 1.7e308 && want.is_infinite())
        } else if want.abs() < 1e-300 {
            (got - want).abs() <= want.abs() * 1e-6 + 5e-324 // subnormals: fewer bits to be exact in
        } else {
            (got - want).abs() <= want.abs() * 1e-14
        };
        proptest::prop_assert!(close, "{}: {:e}, expected {:e}", text, got, want);
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
    #![proptest_config(proptest::prelude::ProptestConfig { cases: crate::json::proptest_cases(3000), ..Default::default() })]

    #[test]
    fn arbitrary_text_never_panics(s in proptest::prelude::any::<String>()) {
        let _ = parse(&s);
    }

    #[test]
    fn agrees_with_serde_json(v in arb_json()) {
        let text = serde_json::to_string(&v).unwrap();
        let ours = parse(&text).unwrap().to_text();
        let back: serde_json::Value = serde_json::from_str(&ours).unwrap();
        // As text, so that the order of keys counts too.
        proptest::prop_assert_eq!(back.to_string(), v.to_string());
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

/// The word test against the byte-by-byte rule: every byte value at every place of a word
/// of plain bytes, and two bytes side by side (where a borrow could reach from one to the
/// other), in both orders.
#[test]
fn plain_run_ends_at_the_first_byte_that_ends_it() {
    let ends = |b: &u8| *b == b'"' || *b == b'\\' || *b < 0x20;
    let expected = |word: &[u8; 8]| word.iter().position(ends).unwrap_or(8);
    for fill in [b'a', b'"' + 1, b'\\' + 1, 0x20, 0x7f, 0x80, 0xff] {
        for at in 0..8 {
            for b in 0..=255u8 {
                let mut word = [fill; 8];
                word[at] = b;
                assert_eq!(crate::json::plain_run(u64::from_le_bytes(word)), expected(&word), "{word:?}");
            }
        }
    }
    for a in 0..=255u8 {
        for b in 0..=255u8 {
            let word = [b'x', a, b, b'x', b'x', b'x', b'x', b'x'];
            assert_eq!(crate::json::plain_run(u64::from_le_bytes(word)), expected(&word), "{word:?}");
        }
    }
}
