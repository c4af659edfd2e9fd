use super::desired::{self, SecretForm};
use super::*;
use crate::j as json;
use crate::json::parse;

fn current(id: &str, name: &str, method: &str, domain: &str, client_id: Option<&str>) -> Current {
    let mut values: [Option<String>; FIELD_COUNT] = Default::default();
    for (key, value) in [("name", Some(name)), ("authMethod", Some(method)), ("domain", Some(domain)), ("clientId", client_id)] {
        values[crate::account::by_js(key).unwrap()] = value.map(Into::into);
    }
    Current { id: Some(id.into()), name: name.into(), values }
}

fn desired_list(v: &Json) -> Vec<DesiredAccount> {
    let mut p = Problems::default();
    let out = desired::read(&mut p, v, "desired", SecretForm::Value);
    assert_eq!(p.0, vec![]);
    out
}

fn prod() -> Json {
    json!({"prod": {"authMethod": "oauth", "domain": "https://prod.okta.com/", "clientId": "cid", "clientSecret": "canary-secret-1"}})
}

fn input(desired: Json, current: Vec<Current>) -> PlanInput {
    PlanInput { desired: desired_list(&desired), current, ..PlanInput::default() }
}

fn known(id: &str, fp: &str) -> Known {
    Known { id: Some(id.into()), fingerprint: fp.into() }
}

fn only(changes: Result<Vec<Change>, Vec<Problem>>) -> Change {
    let changes = changes.unwrap();
    assert_eq!(changes.len(), 1, "{changes:?}");
    changes.into_iter().next().unwrap()
}

#[test]
fn find_by_name_is_exact_and_refuses_to_pick() {
    let accounts = vec![current("1", "a", "oauth", "https://a/", None), current("2", "b", "oauth", "https://b/", None), current("3", "a", "oauth", "https://a/", None)];
    assert_eq!(find_by_name(&accounts, "b"), Found::One(1));
    assert_eq!(find_by_name(&accounts, "B"), Found::Missing);
    assert_eq!(find_by_name(&accounts, "a"), Found::Many(vec![0, 2]));
    let out = find_json(r#"{"name":"a","current":[{"id":"1","type":"okta-accounts","attributes":{"name":"a","authMethod":"oauth","domain":"https://a/"}},{"id":"2","attributes":{"name":"a","authMethod":"oauth","domain":"https://a/"}}]}"#);
    assert!(out.contains(r#""path":"name""#) && out.contains("ids 1, 2"), "{out}");
    assert_eq!(find_json(r#"{"name":"x","current":[]}"#), r#"{"index":null}"#);
}

#[test]
fn a_missing_account_is_created_with_its_secret() {
    let c = only(plan(&input(prod(), vec![])));
    assert_eq!((c.action, c.secret, c.id.as_deref()), (Action::Create, SecretStatus::New, None));
    assert_eq!(c.fields, vec!["authMethod", "clientId", "domain", "clientSecret"]);
}

#[test]
fn an_equal_account_with_its_fingerprint_is_unchanged() {
    let mut i = input(prod(), vec![current("id-1", "prod", "oauth", "https://prod.okta.com/", Some("cid"))]);
    i.known.insert("prod", known("id-1", "fp-1"));
    i.offered.insert("prod", "fp-1".into());
    let c = only(plan(&i));
    assert_eq!((c.action, c.secret, c.note), (Action::Unchanged, SecretStatus::Unchanged, None));
}

#[test]
fn a_rotated_secret_is_an_update_of_the_secret_alone() {
    let mut i = input(prod(), vec![current("id-1", "prod", "oauth", "https://prod.okta.com/", Some("cid"))]);
    i.known.insert("prod", known("id-1", "fp-old"));
    i.offered.insert("prod", "fp-new".into());
    let c = only(plan(&i));
    assert_eq!((c.action, c.secret, c.fields.clone()), (Action::Update, SecretStatus::Changed, vec!["clientSecret"]));
    assert!(c.before.is_empty() && c.after.is_empty());
}

#[test]
fn without_a_usable_fingerprint_the_secret_is_not_verifiable_not_guessed() {
    let same = || vec![current("id-2", "prod", "oauth", "https://prod.okta.com/", Some("cid"))];
    let mut i = input(prod(), same());
    i.offered.insert("prod", "fp".into());
    let c = only(plan(&i));
    assert_eq!((c.action, c.secret), (Action::Unchanged, SecretStatus::Unverifiable));
    assert!(c.note.unwrap().contains("no fingerprint"));
    // Recorded for another id: the account was updated or re-created elsewhere since.
    i.known.insert("prod", known("id-1", "fp"));
    let c = only(plan(&i));
    assert_eq!(c.secret, SecretStatus::Unverifiable);
    assert!(c.note.unwrap().contains("id changed"));
    // Asked to, the plan sends it so that it becomes known.
    i.options.push_unverifiable = true;
    let c = only(plan(&i));
    assert_eq!((c.action, c.fields.len()), (Action::Update, 0));
}

#[test]
fn changed_fields_are_listed_with_before_and_after() {
    let i = input(prod(), vec![current("id-1", "prod", "oauth", "https://old.okta.com/", Some("cid"))]);
    let c = only(plan(&i));
    assert_eq!((c.action, c.fields.clone(), c.secret), (Action::Update, vec!["domain"], SecretStatus::Unverifiable));
    assert_eq!(c.before, vec![("domain", Some("https://old.okta.com/".to_owned()))]);
    assert_eq!(c.after, vec![("domain", Some("https://prod.okta.com/".to_owned()))]);
    // A new auth method is a new secret too.
    let api_key = json!({"prod": {"authMethod": "api_key", "domain": "https://old.okta.com/", "apiKey": "canary-token"}});
    let mut i = input(api_key, vec![current("id-1", "prod", "oauth", "https://old.okta.com/", Some("cid"))]);
    i.known.insert("prod", known("id-1", "fp"));
    i.offered.insert("prod", "fp2".into());
    assert_eq!(only(plan(&i)).fields, vec!["authMethod", "clientId", "apiKey"]);
}

#[test]
fn accounts_not_desired_are_deleted_only_with_prune() {
    let server = vec![current("id-9", "old", "api_key", "https://old.okta.com/", None), current("id-8", "old", "api_key", "https://old.okta.com/", None)];
    let mut i = input(json!([]), server);
    let changes = plan(&i).unwrap();
    assert!(changes.iter().all(|c| c.action == Action::Unmanaged), "{changes:?}");
    // Deleting every account of a shared name needs no choice, so duplicates are fine here.
    i.options.prune = true;
    let changes = plan(&i).unwrap();
    assert_eq!(changes.iter().map(|c| (c.action, c.id.clone().unwrap())).collect::<Vec<_>>(), vec![(Action::Delete, "id-9".into()), (Action::Delete, "id-8".into())]);
    let mut out = String::new();
    write_plan(&changes, &mut out);
    assert!(out.contains(r#""summary":{"create":0,"update":0,"delete":2,"unchanged":0,"unmanaged":0},"hasChanges":true"#), "{out}");
}

#[test]
fn two_server_accounts_with_a_desired_name_are_a_problem() {
    let server = vec![current("id-1", "prod", "oauth", "https://prod.okta.com/", Some("cid")), current("id-2", "prod", "oauth", "https://prod.okta.com/", Some("cid"))];
    let problems = plan(&input(prod(), server)).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].path, "current[1]");
    assert!(problems[0].message.contains("ids id-1, id-2"), "{problems:?}");
}

#[test]
fn two_desired_accounts_with_one_name_are_a_problem() {
    let mut p = Problems::default();
    let list = json!([{"name": "a", "authMethod": "api_key", "domain": "https://a.okta.com", "apiKey": "k"},
                      {"name": "a", "authMethod": "api_key", "domain": "https://b.okta.com", "apiKey": "k"}]);
    assert_eq!(desired::read(&mut p, &list, "desired", SecretForm::Value).len(), 1);
    assert_eq!(p.0, vec![Problem::new("desired[1].name", "\"a\" is also the name of desired[0]: account names must be unique")]);
    // A repeated key, which JSON.parse would quietly collapse.
    let out = read_document_json(r#"{"accounts":{"a":{"authMethod":"api_key","domain":"https://a.okta.com","apiKey":"${K}"},"a":{"authMethod":"api_key","domain":"https://b.okta.com","apiKey":"${K}"}}}"#);
    assert!(out.ends_with(r#""problems":[{"path":"accounts.a","message":"appears twice: account names must be unique"}]}"#), "{out}");
}

#[test]
fn desired_accounts_are_checked_by_the_create_rules_with_their_paths() {
    let mut p = Problems::default();
    let v = json!({"prod": {"authMethod": "oauth", "domain": "http://x", "clientId": "c", "clientSecret": "canary-secret-1", "name": "other"},
                   "my org": {"auth_method": "api_key"}, "x": 5});
    assert!(desired::read(&mut p, &v, "desired", SecretForm::Value).is_empty());
    let paths: Vec<&str> = p.0.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        // (in the order written: json! keeps it)
        vec!["desired.prod.name", "desired.prod.domain", "desired[\"my org\"].auth_method", "desired[\"my org\"].authMethod", "desired[\"my org\"].domain", "desired.x"]
    );
    assert!(!format!("{:?}", p.0).contains("canary"));
}

#[test]
fn the_document_wants_references_and_never_echoes_a_literal_secret() {
    let text = r#"{"accounts":{"prod":{"authMethod":"oauth","domain":"https://prod.okta.com/","clientId":"cid","clientSecret":"canary-literal"},
                  "stage":{"authMethod":"api_key","domain":"https://stage.okta.com/","apiKey":"${OKTA_STAGE_TOKEN}"}}}"#;
    let out = read_document_json(text);
    assert!(out.contains(r#""path":"accounts.prod.clientSecret""#) && !out.contains("canary"), "{out}");
    let ok = read_document_json(&text.replace("canary-literal", "${OKTA_PROD_SECRET}"));
    let v = parse(&ok).unwrap();
    let accounts = v.get("accounts").unwrap().to_text();
    assert!(accounts.contains(r#""references":[{"field":"clientSecret","variable":"OKTA_PROD_SECRET","path":"accounts.prod.clientSecret"}]"#), "{accounts}");
    assert!(accounts.contains(r#""apiKey":"${OKTA_STAGE_TOKEN}""#), "{accounts}");
    for bad in ["${}", "${1A}", "$OKTA", "${A B}", "x${A}"] {
        assert_eq!(desired::reference(bad), None, "{bad}");
    }
    assert_eq!(desired::reference("${_A1}"), Some("_A1"));
    for (text, path) in [("[]", ""), ("{}", "accounts"), (r#"{"accounts":{},"extra":1}"#, "extra"), ("{", "")] {
        let out = read_document_json(text);
        assert!(out.contains(&format!(r#""path":"{path}""#)), "{text}: {out}");
    }
}

#[test]
fn plan_json_never_carries_a_secret_and_orders_desired_first() {
    let input = r#"{"desired":[{"name":"b","authMethod":"api_key","domain":"https://b.okta.com/","apiKey":"canary-token"},
        {"name":"a","authMethod":"oauth","domain":"https://a.okta.com/","clientId":"cid","clientSecret":"canary-secret"}],
        "current":[{"id":"id-z","type":"okta-accounts","attributes":{"name":"z","authMethod":"oauth","domain":"https://z/","clientId":"c"}},
                   {"id":"id-a","type":"okta-accounts","attributes":{"name":"a","authMethod":"oauth","domain":"https://a.okta.com/","clientId":"cid","additionalProperties":{"x":1}}}],
        "known":{"a":{"id":"id-a","fingerprint":"f1"}},"offered":{"a":"f1","b":"f2"},"prune":true}"#;
    let out = plan_json(input);
    assert!(!out.contains("canary"), "{out}");
    let v = parse(&out).unwrap();
    let changes = match v.get("plan").and_then(|p| p.get("changes")) {
        Some(Json::Array(c)) => c.clone(),
        other => panic!("{other:?} in {out}"),
    };
    let actions: Vec<(&str, &str)> = changes.iter().map(|c| (c.get("action").unwrap().as_str().unwrap(), c.get("name").unwrap().as_str().unwrap())).collect();
    assert_eq!(actions, vec![("create", "b"), ("unchanged", "a"), ("delete", "z")]);
    assert!(out.contains(r#""before":{"authMethod":"oauth","clientId":"c","domain":"https://z/"}"#), "{out}");
}

#[test]
fn plan_json_reports_bad_input_with_paths() {
    for (input, path) in [
        ("nope", "input"),
        (r#"{"current":[]}"#, "desired"),
        (r#"{"desired":[],"current":[{"id":"1","attributes":{"name":"a"}}]}"#, "current[0].attributes.authMethod"),
        (r#"{"desired":[],"known":{"a":{"id":"1"}}}"#, "known.a.fingerprint"),
        (r#"{"desired":[],"offered":{"a":1}}"#, "offered.a"),
        (r#"{"desired":[],"current":{}}"#, "current"),
    ] {
        let out = plan_json(input);
        assert!(out.starts_with(r#"{"problems":["#) && out.contains(&format!(r#""path":"{path}""#)), "{input}: {out}");
    }
}

#[cfg(not(target_arch = "wasm32"))]
proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: crate::json::proptest_cases(500), ..Default::default() })]

    #[test]
    fn arbitrary_input_never_panics(s in "[\\[\\]{}\":,0-9a-z${}_ ]{0,96}") {
        let _ = plan_json(&s);
        let _ = find_json(&s);
        let _ = read_document_json(&s);
    }
}

#[test]
fn recorded_fingerprints_that_cannot_be_used_say_why() {
    for (recorded, reason, words) in [(Recorded::OldFormat, "old-format", "unverifiable (old format)"), (Recorded::KeyChanged, "key-changed", "fingerprint key changed"), (Recorded::NoKey, "no-key", "no fingerprint key")] {
        let mut i = input(prod(), vec![current("id-1", "prod", "oauth", "https://prod.okta.com/", Some("cid"))]);
        i.known.insert("prod", known("id-1", "fp-1"));
        i.offered.insert("prod", "fp-1".into());
        i.options.recorded = recorded;
        let c = only(plan(&i));
        assert_eq!((c.action, c.secret, c.reason), (Action::Unchanged, SecretStatus::Unverifiable, Some(reason)));
        assert!(c.note.unwrap().contains(words), "{reason}");
    }
    let out = plan_json(r#"{"desired":[],"recorded":"sometimes"}"#);
    assert!(out.contains(r#""path":"recorded""#), "{out}");
    let out = plan_json(r#"{"desired":{"a":{"authMethod":"api_key","domain":"https://a.okta.com/","apiKey":"k"}},"current":[{"id":"1","attributes":{"name":"a","authMethod":"api_key","domain":"https://a.okta.com/"}}],"recorded":"keyChanged"}"#);
    assert!(out.contains(r#""reason":"key-changed""#), "{out}");
}
