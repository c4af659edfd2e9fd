use super::*;
use crate::j as json;

fn paths(problems: &[Problem]) -> Vec<&str> {
    problems.iter().map(|p| p.path.as_str()).collect()
}

fn oauth_body() -> Json {
    json!({"data": {"attributes": {"authMethod": "oauth", "domain": "https://example.okta.com/",
        "name": "exampleoktaintegration", "clientId": "client_id", "clientSecret": "client_secret"},
        "id": "f749daaf-682e-4208-a38d-c9b43162c609", "type": "okta-accounts"}})
}

#[test]
fn the_seed_bodies_are_valid() {
    assert_eq!(validate_create(&oauth_body()), vec![]);
    let upd = json!({"data": {"attributes": {"authMethod": "oauth", "domain": "https://example.okta.com/",
        "clientId": "client_id", "clientSecret": "client_secret"}, "type": "okta-accounts"}});
    assert_eq!(validate_update(&upd), vec![]);
    let api_key = json!({"data": {"attributes": {"authMethod": "api_key", "domain": "https://a.okta.com", "name": "n", "apiKey": "k"}}});
    assert_eq!(validate_create(&api_key), vec![]);
}

#[test]
fn every_problem_is_reported_with_its_path() {
    let body = json!({"data": {"attributes": {"auth_method": "oauth", "domain": "http://x", "name": " "}, "type": "accounts"}});
    let problems = validate_create(&body);
    assert_eq!(
        paths(&problems),
        vec![
            "body.data.type",
            "body.data.attributes.auth_method",
            "body.data.attributes.authMethod",
            "body.data.attributes.domain",
            "body.data.attributes.name",
        ]
    );
    assert!(problems[1].message.contains("did you mean `authMethod`"), "{:?}", problems[1]);
}

#[test]
fn credentials_follow_the_auth_method() {
    let body = json!({"data": {"attributes": {"authMethod": "oauth", "domain": "https://a.okta.com", "name": "n", "apiKey": "k"}}});
    assert_eq!(
        paths(&validate_create(&body)),
        vec!["body.data.attributes.apiKey", "body.data.attributes.clientId", "body.data.attributes.clientSecret"]
    );
    let body = json!({"data": {"attributes": {"authMethod": "api_key", "domain": "https://a.okta.com", "name": "n", "clientId": "c"}}});
    assert_eq!(paths(&validate_create(&body)), vec!["body.data.attributes.apiKey", "body.data.attributes.clientId"]);
    let body = json!({"data": {"attributes": {"authMethod": "saml", "domain": "https://a.okta.com", "name": "n"}}});
    let problems = validate_create(&body);
    assert_eq!(paths(&problems), vec!["body.data.attributes.authMethod"]);
    assert!(problems[0].message.contains("\"oauth\", \"api_key\""));
}

#[test]
fn update_refuses_name_and_allows_missing_secret() {
    let body = json!({"data": {"attributes": {"authMethod": "oauth", "domain": "https://a.okta.com", "name": "n"}}});
    assert_eq!(paths(&validate_update(&body)), vec!["body.data.attributes.name"]);
    let body = json!({"data": {"attributes": {"authMethod": "oauth", "domain": "https://a.okta.com"}}});
    assert_eq!(validate_update(&body), vec![]);
}

#[test]
fn wrong_types_never_crash() {
    for v in [serde_json::json!(null), serde_json::json!(5), serde_json::json!("x"), serde_json::json!([]), serde_json::json!(true)] {
        let v_ours = crate::json::parse(&v.to_string()).unwrap();
        let problems = validate_create(&v_ours);
        assert_eq!(paths(&problems), vec!["body"]);
        assert!(problems[0].message.starts_with("must be an object"));
        let problems = validate_create(&json!({"data": {"attributes": v.clone()}}));
        assert_eq!(paths(&problems), vec!["body.data.attributes"]);
    }
    let problems = validate_create(&json!({"data": {"attributes": {"authMethod": 1, "domain": [], "name": {}, "__proto__": {}}}}));
    assert_eq!(
        paths(&problems),
        vec!["body.data.attributes.__proto__", "body.data.attributes.authMethod", "body.data.attributes.domain", "body.data.attributes.name"]
    );
    assert_eq!(paths(&validate_create(&json!({}))), vec!["body.data"]);
}

#[test]
fn no_problem_message_echoes_a_secret_value() {
    let body = json!({"data": {"attributes": {"authMethod": "api_key", "domain": "https://a.okta.com", "name": "n", "apiKey": "canary-secret", "clientSecret": "canary-secret"}}});
    let problems = validate_create(&body);
    assert!(!problems.is_empty());
    assert!(!format!("{problems:?}").contains("canary"));
}

#[test]
fn account_ids_are_one_segment_of_at_most_1024_bytes() {
    assert_eq!(check_account_id(&"a".repeat(MAX_ACCOUNT_ID_LEN)), Ok(()));
    assert!(check_account_id(&"a".repeat(MAX_ACCOUNT_ID_LEN + 1)).unwrap_err().contains("1024"));
    // Bytes, not characters: 512 two-byte characters fit, one more does not.
    assert_eq!(check_account_id(&"é".repeat(512)), Ok(()));
    assert!(check_account_id(&"é".repeat(513)).is_err());
    for ok in ["...", "a..b", "%2e%2e", "f749daaf-682e-4208-a38d-c9b43162c609", " x "] {
        assert_eq!(check_account_id(ok), Ok(()), "{ok}");
    }
    for bad in ["", " ", ".", "..", "a/b", "a\\b", "a\u{0}", "a\nb", "a\u{7f}", "a\u{85}"] {
        assert!(check_account_id(bad).is_err(), "{bad:?}");
    }
}
