use super::*;

fn parsed(text: &str) -> Json {
    json::parse(text).unwrap()
}

fn checked(kind: &str, value: &str) -> Json {
    let mut input = String::new();
    ObjectWriter::new(&mut input).str("value", value).end();
    parsed(&check(kind, &input))
}

fn messages(v: &Json) -> Vec<String> {
    match v.get("problems") {
        Some(Json::Array(items)) => items.iter().filter_map(|p| p.get("message")?.as_str().map(str::to_owned)).collect(),
        _ => panic!("no problems array in {v:?}"),
    }
}

#[test]
fn the_book_describes_every_rule() {
    let book = parsed(&describe());
    assert_eq!(book.get("defaultSite").and_then(Json::as_str), Some("datadoghq.com"));
    let sites = book.get("sites").unwrap().to_text();
    for s in KNOWN_SITES {
        assert!(sites.contains(s), "{s}");
    }
    let oauth = book.get("authMethods").and_then(|m| m.get("oauth")).unwrap();
    assert_eq!(oauth.get("secretField").and_then(Json::as_str), Some("clientSecret"));
    assert_eq!(oauth.get("fields").unwrap().to_text(), r#"["clientId","clientSecret"]"#);
    let api_key = book.get("authMethods").and_then(|m| m.get("api_key")).unwrap();
    assert_eq!(api_key.get("secretField").and_then(Json::as_str), Some("apiKey"));
    let retries = book.get("limits").and_then(|l| l.get("maxRetries")).unwrap();
    assert_eq!(retries.to_text(), r#"{"min":0,"max":10,"default":3,"integer":true}"#);
    assert_eq!(book.get("limits").and_then(|l| l.get("backoffBase")).and_then(|b| b.get("min")).and_then(Json::as_f64), Some(0.001));
    assert_eq!(book.get("reasonPhrases").and_then(|r| r.get("502")).and_then(Json::as_str), Some("Bad Gateway"));
    assert_eq!(book.get("permissions").and_then(|p| p.get("deleteOktaAccount")).and_then(Json::as_str), Some("manage_integrations"));
    assert_eq!(book.get("errorClasses").unwrap().to_text(), json_text(&ERROR_CLASSES));
    let fields = book.get("fields").unwrap().to_text();
    assert!(fields.contains(r#"{"name":"clientSecret","wire":"client_secret","role":"secret","authMethod":"oauth"}"#), "{fields}");
}

fn json_text(items: &[&str]) -> String {
    format!("[{}]", items.iter().map(|s| json_quote(s)).collect::<Vec<_>>().join(","))
}

#[test]
fn sites_are_normalised_or_refused_without_a_layer_hint() {
    let ok = checked("site", " DataDogHQ.eu ");
    assert_eq!(messages(&ok), Vec::<String>::new());
    assert_eq!(ok.get("baseUrl").and_then(Json::as_str), Some("https://api.datadoghq.eu"));
    for bad in ["datadoghq.con", "datadoghq.com.attacker.example", "evil.com/.datadoghq.com", ""] {
        let m = messages(&checked("site", bad));
        assert_eq!(m.len(), 1, "{bad}");
        assert!(m[0].starts_with("unknown Datadog site") && !m[0].contains("baseServer"), "{bad}: {m:?}");
    }
}

#[test]
fn keys_ids_domains_and_base_urls() {
    assert_eq!(messages(&checked("key", "abc123")), Vec::<String>::new());
    assert_eq!(messages(&checked("key", "abc\n123")).len(), 1);
    assert_eq!(messages(&checked("key", "")).len(), 1);
    let id = checked("accountId", "a?b");
    assert_eq!(id.get("path").and_then(Json::as_str), Some("/api/v2/integrations/okta/accounts/a%3Fb"));
    assert_eq!(messages(&checked("accountId", "a/b")).len(), 1);
    assert_eq!(messages(&checked("accountId", "..")).len(), 1);
    assert_eq!(messages(&checked("domain", "https://e.okta.com/admin?x")).len(), 1);
    let b = checked("baseUrl", "http://LOCALHOST:8080/");
    assert_eq!(b.get("loopback").and_then(Json::as_bool), Some(true));
    let mut input = String::new();
    ObjectWriter::new(&mut input).str("value", "http://proxy.example").bool("keys", true).end();
    let m = messages(&parsed(&check("baseUrl", &input)));
    assert!(m[0].contains("plain http://") && !m[0].contains("allowInsecureHttp"), "{m:?}");
}

#[test]
fn api_paths_are_the_collection_or_one_account() {
    let c = checked("apiPath", "/api/v2/integrations/okta/accounts");
    assert_eq!(c.get("path").and_then(Json::as_str), Some(ACCOUNTS_PATH));
    let one = checked("apiPath", "/api/v2/integrations/okta/accounts/a%3fb%20c");
    assert_eq!(one.get("accountId").and_then(Json::as_str), Some("a?b c"));
    assert_eq!(one.get("path").and_then(Json::as_str), Some("/api/v2/integrations/okta/accounts/a%3Fb%20c"));
    for bad in [
        "/api/v2/integrations/okta/accounts/",
        "/api/v2/integrations/okta/accounts/a/b",
        "/api/v2/integrations/okta/accounts/..",
        "/api/v2/integrations/okta/accounts/%2e%2E",
        "/api/v2/integrations/okta/accounts/%zz",
        "/api/v2/integrations/okta/accounts/..%2F..%2Fusers",
        "/api/v2/integrations/okta/accounts/x%5C..%5Cy",
        "/api/v2/integrations/okta/accounts/%00",
        "/api/v2/integrations/okta/accounts/%ff",
        "/api/v2/integrations/okta/accountsX",
        "/api/v2/users",
    ] {
        assert_eq!(messages(&checked("apiPath", bad)).len(), 1, "{bad}");
    }
    assert_eq!(checked("apiPath", "/api/v2/users").get("notFound").and_then(Json::as_bool), Some(true));
    assert_eq!(checked("apiPath", "/api/v2/integrations/okta/accounts/..").get("notFound"), None);
    // Not an account path at all (a proxy answers 404), rather than a bad id (400).
    for path in ["/api/v2/integrations/okta/accounts/", "/api/v2/integrations/okta/accounts/a/b"] {
        assert_eq!(checked("apiPath", path).get("notFound").and_then(Json::as_bool), Some(true), "{path}");
    }
}

#[test]
fn domains_are_checked_by_the_account_s_rule() {
    assert!(messages(&checked("domain", "https://example.okta.com/")).is_empty());
    let m = messages(&checked("domain", "https://example.okta.com/admin"));
    assert_eq!(m, vec!["must not have a path; the accepted form is https://example.okta.com/"]);
}

#[test]
fn an_unknown_rule_or_a_missing_value_is_a_problem_not_a_panic() {
    assert_eq!(messages(&checked("nope", "x")).len(), 1);
    assert_eq!(messages(&parsed(&check("site", "not json"))).len(), 1);
}

#[test]
fn sites_and_base_urls_answer_their_organisation_and_the_book_lists_okta_domains() {
    let site = checked("site", "DatadogHQ.eu");
    let base = checked("baseUrl", "https://api.datadoghq.eu/");
    for key in ["origin", "organisation"] {
        assert_eq!(site.get(key).and_then(Json::as_str), Some("https://api.datadoghq.eu"), "{key}");
        assert_eq!(base.get(key).and_then(Json::as_str), Some("https://api.datadoghq.eu"), "{key}");
    }
    let local = checked("baseUrl", "http://127.0.0.1:8080/proxy/");
    assert_eq!(local.get("origin").and_then(Json::as_str), Some("http://localhost:8080"));
    assert_eq!(local.get("organisation").and_then(Json::as_str), Some("http://localhost:8080/proxy"));
    let book = parsed(&describe());
    assert_eq!(book.get("oktaDomains").unwrap().to_text(), r#"["okta.com","oktapreview.com","okta-emea.com","okta-gov.com","okta.mil"]"#);
}
