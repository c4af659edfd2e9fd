//! Decoding time grows linearly with the input: a hostile body cannot make it quadratic. Shown by
//! the growth ratio (ten times the input, about ten times the time), never by a wall-clock limit.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::panic)]

use std::time::{Duration, Instant};

use datadog_okta_wasm::request::Operation;
use datadog_okta_wasm::response::{decode, HttpResponse};
use datadog_okta_wasm::Scrubber;

/// The shortest of five runs of `small` and of `large`, taken in turns so that a busy moment of
/// the machine hits both alike.
fn fastest(mut small: impl FnMut(), mut large: impl FnMut()) -> (Duration, Duration) {
    let time = |f: &mut dyn FnMut()| {
        let t = Instant::now();
        f();
        t.elapsed()
    };
    let (mut s, mut l) = (Duration::MAX, Duration::MAX);
    for _ in 0..5 {
        s = s.min(time(&mut small));
        l = l.min(time(&mut large));
    }
    (s, l)
}

fn response(body: String) -> HttpResponse {
    HttpResponse { status: 200, headers: Vec::new(), body, oversized: false }
}

/// One account with `n` unknown attributes and one escaped key, which sends it past the
/// one-pass rewrite to the tree decoder.
fn account_with_unknown_keys(n: usize) -> String {
    let keys: String = (0..n).map(|i| format!(",\"unknown_{i:06}\":\"v\"")).collect();
    format!(r#"{{"data":{{"type":"okta-accounts","id":"x","attributes":{{"auth_method":"oauth","domain":"d","n\u0061me":"n"{keys}}}}}}}"#)
}

#[test]
fn an_account_with_many_unknown_attributes_decodes_in_linear_time() {
    let (small, large) = (account_with_unknown_keys(3_000), account_with_unknown_keys(30_000));
    let sc = Scrubber::default();
    let run = |body: &String| assert!(decode(Operation::Get, &response(body.clone()), &sc).is_ok());
    let (s, l) = fastest(|| run(&small), || run(&large));
    let ratio = l.as_secs_f64() / s.as_secs_f64();
    // Linear is 10, and about 20 here with the caches' share; the quadratic reader this replaces
    // took about 200.
    assert!(ratio < 40.0, "10x the keys took {ratio:.1}x the time ({s:?}, then {l:?})");
}
