use super::*;
use crate::j as json;
use crate::plan::read_document_json;

fn doc(v: Json) -> (Document, Vec<Problem>) {
    let mut p = Problems::default();
    let d = read(&mut p, &v);
    (d, p.0)
}

/// From text, with keys exactly as written (repeated ones too).
fn doc_text(text: &str) -> (Document, Vec<Problem>) {
    doc(crate::json::parse(text).unwrap())
}

fn paths(problems: &[Problem]) -> Vec<&str> {
    problems.iter().map(|p| p.path.as_str()).collect()
}

const LAB: &str = "https://lab.okta.com/";

#[test]
fn okta_secrets_may_not_come_from_datadog_variables() {
    let (_, p) = doc(json!({"accounts": {
        "steal": {"authMethod": "api_key", "domain": "https://collector.attacker.example/", "apiKey": "${DD_APP_KEY}"},
        "other": {"authMethod": "oauth", "domain": LAB, "clientId": "c", "clientSecret": "${DD_ANYTHING}"},
        "fine": {"authMethod": "api_key", "domain": LAB, "apiKey": "${ODD_DD_NAME}"}}}));
    assert_eq!(paths(&p), vec!["accounts.steal.apiKey", "accounts.other.clientSecret"]); // json! keeps the order written
    assert!(p[0].message.starts_with("refers to DD_APP_KEY, a variable of Datadog keys"), "{}", p[0].message);
    // The variables of an organisation's keys are refused too, whatever their names.
    let (_, p) = doc(json!({"organisations": {"us": {"site": "datadoghq.com", "apiKey": "${US_API}", "appKey": "${US_APP}"}},
        "accounts": {"a": {"authMethod": "api_key", "domain": LAB, "apiKey": "${US_APP}"}}}));
    assert_eq!(paths(&p), vec!["accounts.a.apiKey"]);
}

#[test]
fn a_dollar_name_without_braces_gets_the_braces_it_meant() {
    let (_, p) = doc(json!({"accounts": {"a": {"authMethod": "api_key", "domain": LAB, "apiKey": "$OKTA_A"}, "b": {"authMethod": "api_key", "domain": LAB, "apiKey": "$(OKTA_B)"}}}));
    assert_eq!(p[0].message, "write ${OKTA_A}: a reference to an environment variable is the name in braces");
    assert!(p[1].message.starts_with("write ${OKTA_B}"), "{}", p[1].message);
}

#[test]
fn domains_outside_okta_warn_unless_the_file_allows_them() {
    let accounts = r#"{"idp": {"authMethod": "api_key", "domain": "https://login.example.com/", "apiKey": "${A}"}, "ok": {"authMethod": "api_key", "domain": "https://lab.okta.com/", "apiKey": "${B}"}}"#;
    let (d, p) = doc_text(&format!(r#"{{"accounts": {accounts}}}"#));
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(paths(&d.warnings), vec!["accounts.idp.domain"]);
    assert!(d.warnings[0].message.starts_with("https://login.example.com/ is not under an Okta domain (okta.com, oktapreview.com, okta-emea.com, okta-gov.com, okta.mil)"));
    let (d, p) = doc_text(&format!(r#"{{"allowedDomains": ["Example.com"], "accounts": {accounts}}}"#));
    assert!(p.is_empty() && d.warnings.is_empty(), "{p:?} {:?}", d.warnings);
    let (_, p) = doc(json!({"allowedDomains": ["not a domain", 5], "accounts": {}}));
    assert_eq!(paths(&p), vec!["allowedDomains[0]", "allowedDomains[1]"]);
}

#[test]
fn organisations_have_a_site_or_a_base_url_and_key_references() {
    let (d, p) = doc_text(
        r#"{"organisations": {
            "us": {"site": "DatadogHQ.com", "apiKey": "${US_DD_API_KEY}", "appKey": "${US_DD_APP_KEY}"},
            "local": {"baseUrl": "http://127.0.0.1:8080/", "apiKey": "${L_API}", "appKey": "${L_APP}"},
            "far": {"baseUrl": "https://proxy.example/dd", "apiKey": "${F_API}", "appKey": "${F_APP}"}},
        "accounts": {"a": {"authMethod": "api_key", "domain": "https://a.okta.com/", "apiKey": "${A}", "organisations": ["us"]}, "b": {"authMethod": "api_key", "domain": "https://b.okta.com/", "apiKey": "${B}"}}}"#,
    );
    assert!(p.is_empty(), "{p:?}");
    let orgs = d.organisations.unwrap();
    // As written: the JS layer checks them with the client's rules.
    assert_eq!(orgs[0].site.as_deref(), Some("DatadogHQ.com"));
    assert_eq!(orgs[1].base_url.as_deref(), Some("http://127.0.0.1:8080/"));
    assert_eq!(orgs[0].keys, ["US_DD_API_KEY".to_owned(), "US_DD_APP_KEY".to_owned()]);
    assert_eq!(d.accounts[0].1, Some(vec!["us".to_owned()]));
    assert_eq!(d.accounts[1].1, None);
    let vars: Vec<&str> = d.references.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(vars, vec!["US_DD_API_KEY", "US_DD_APP_KEY", "L_API", "L_APP", "F_API", "F_APP", "A", "B"]);

    let (_, p) = doc_text(
        r#"{"organisations": {
            "both": {"site": "datadoghq.com", "baseUrl": "http://localhost:1", "apiKey": "${X}", "appKey": "${Y}"},
            "none": {"apiKey": "literal", "appKey": "${Y}"},
            "bad site": {"site": "datadoghq.con", "apiKey": "${X}", "appKey": "${Y}", "extra": 1},
            "plain": {"baseUrl": "http://proxy.example", "apiKey": "${X}", "appKey": "${Y}"}},
        "accounts": {"a": {"authMethod": "api_key", "domain": "https://a.okta.com/", "apiKey": "${A}", "organisations": ["eu", "both", "both"]}, "b": {"authMethod": "api_key", "domain": "https://b.okta.com/", "apiKey": "${A}", "organisations": []}}}"#,
    );
    assert_eq!(
        paths(&p),
        vec!["organisations.both.baseUrl", "organisations.none", "organisations.none.apiKey", "organisations[\"bad site\"]", "organisations[\"bad site\"].extra", "accounts.a.organisations[0]", "accounts.a.organisations[2]", "accounts.b.organisations"]
    );
    let (_, p) = doc(json!({"accounts": {"a": {"authMethod": "api_key", "domain": LAB, "apiKey": "${A}", "organisations": ["us"]}}}));
    assert_eq!(paths(&p), vec!["accounts.a.organisations"]);
}

#[test]
fn every_reference_is_listed_even_beside_other_problems() {
    let out = read_document_json(r#"{"accounts":{"a":{"authMethd":"api_key","domain":"https://a.okta.com/","apiKey":"${OKTA_A}"},"b":{"authMethod":"api_key","domain":"https://b.okta.com/","apiKey":"${OKTA_B}"}}}"#);
    let v = crate::json::parse(&out).unwrap();
    assert!(out.contains(r#""references":[{"variable":"OKTA_A","path":"accounts.a.apiKey"},{"variable":"OKTA_B","path":"accounts.b.apiKey"}]"#), "{out}");
    assert!(v.get("problems").unwrap().to_text().contains("accounts.a.authMethd"), "{out}");
}
