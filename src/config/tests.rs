use super::*;
use crate::j as json;

fn problems(config: &Json, is_browser: bool) -> Vec<crate::error::Problem> {
    match parse(config, None, is_browser) {
        Err(Error::Validation { problems }) => problems,
        _ => Vec::new(),
    }
}

fn keys() -> serde_json::Value {
    serde_json::json!({"apiKeyAuth": "canary-api-key", "appKeyAuth": "canary-app-key"})
}

#[test]
fn defaults() {
    let c = parse(&json!({"authMethods": keys()}), None, false).unwrap();
    assert_eq!(c.base_url, "https://api.datadoghq.com");
    assert_eq!((c.timeout_ms, c.deadline_ms), (30_000, 120_000));
    assert_eq!(c.retry, RetryPolicy::default());
}

#[test]
fn every_site_maps_to_its_api_host() {
    for s in site::KNOWN_SITES {
        let c = parse(&json!({"authMethods": keys(), "serverVariables": {"site": s}}), None, false).unwrap();
        assert_eq!(c.base_url, format!("https://api.{s}"));
    }
    let c = parse(&json!({"authMethods": keys(), "serverVariables": {"site": "us9.datadoghq.com"}}), None, false).unwrap();
    assert_eq!(c.base_url, "https://api.us9.datadoghq.com");
    let p = problems(&json!({"authMethods": keys(), "serverVariables": {"site": "evil.example"}}), false);
    assert_eq!(p[0].path, "configuration.serverVariables.site");
    assert!(p[0].message.contains("baseServer"));
}

#[test]
fn missing_keys_name_the_variable_but_not_for_a_proxy() {
    let p = problems(&json!({}), false);
    assert_eq!(p.len(), 2);
    assert!(p[0].message.contains("DD_API_KEY") && p[1].message.contains("DD_APP_KEY"));
    let c = parse(&json!({"baseServer": "http://127.0.0.1:9000/"}), None, false).unwrap();
    assert!(c.api_key.is_none());
    assert_eq!(c.base_url, "http://127.0.0.1:9000");
}

#[test]
fn unknown_keys_and_bad_values_are_named() {
    let p = problems(&json!({"authMethods": keys(), "retries": 3, "maxRetries": -1, "timeoutMs": "5", "enableRetry": 1, "fetch": 5}), false);
    let paths: Vec<_> = p.iter().map(|x| x.path.as_str()).collect();
    assert_eq!(
        paths,
        vec!["configuration.retries", "configuration.fetch", "configuration.enableRetry", "configuration.maxRetries", "configuration.timeoutMs"]
    );
}

#[test]
fn keys_never_go_over_plain_http_to_a_remote_host() {
    let p = problems(&json!({"authMethods": keys(), "baseServer": "http://proxy.example:8080"}), false);
    assert_eq!(p[0].path, "configuration.baseServer");
    assert!(p[0].message.contains("allowInsecureHttp"));
    assert!(parse(&json!({"authMethods": keys(), "baseServer": "http://proxy.example:8080", "allowInsecureHttp": true}), None, false).is_ok());
    assert!(parse(&json!({"baseServer": "http://proxy.example:8080"}), None, false).is_ok());
    assert!(parse(&json!({"authMethods": keys(), "baseServer": "http://localhost:8080"}), None, false).is_ok());
}

#[test]
fn browsers_with_keys_need_a_proxy() {
    let p = problems(&json!({"authMethods": keys()}), true);
    assert_eq!(p.len(), 1);
    assert!(p[0].message.contains("same-origin proxy"));
    assert!(parse(&json!({"authMethods": keys(), "dangerouslyAllowBrowser": true}), None, true).is_ok());
    assert!(parse(&json!({"baseServer": "https://dash.example/"}), None, true).is_ok());
    // A baseServer that is itself a Datadog host is still a Datadog site.
    assert!(parse(&json!({"authMethods": keys(), "baseServer": "https://api.datadoghq.eu"}), None, true).is_err());
}

#[test]
fn bad_keys_are_refused_without_echoing_them() {
    let p = problems(&json!({"authMethods": {"apiKeyAuth": "canary key\n", "appKeyAuth": "ok-key"}}), false);
    assert_eq!(p[0].path, "configuration.authMethods.apiKeyAuth");
    assert!(!format!("{p:?}").contains("canary"));
}

#[test]
fn call_options_override_the_timeout() {
    let c = parse(&json!({"authMethods": keys()}), Some(&json!({"timeoutMs": 50})), false).unwrap();
    assert_eq!(c.timeout_ms, 50);
    let e = parse(&json!({"authMethods": keys()}), Some(&json!({"timeout": 50})), false).unwrap_err();
    assert!(e.to_string().contains("options.timeout"));
}

#[test]
fn debug_output_of_a_config_has_no_keys() {
    let c = parse(&json!({"authMethods": keys()}), None, false).unwrap();
    assert!(!format!("{c:?}").contains("canary"));
}

#[test]
fn keys_are_printable_ascii_of_at_most_512_characters() {
    assert_eq!(check_key(&"k".repeat(MAX_KEY_LEN)), Ok(()));
    assert_eq!(check_key("!~\"\\"), Ok(()));
    for bad in ["", &"k".repeat(MAX_KEY_LEN + 1), "a b", "a\n", "é", "a\u{7f}"] {
        assert!(check_key(bad).is_err(), "{bad:?}");
    }
}
