//! Turning `(status, headers, body)` into a typed result or an [`Error`]. No I/O.

use crate::prelude::*;

use crate::account::fast;
use crate::account::output::{AccountResponse, AccountsResponse};
use crate::error::{Error, ErrorBody};
use crate::json::{self, Json};
use crate::ratelimit::RateLimit;
use crate::request::Operation;
use crate::secret::{snippet, Scrubber};
use crate::text::cat;

/// An HTTP response as the transport received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// The headers, names lower-case.
    pub headers: Vec<(String, String)>,
    /// The body as text (empty when `oversized`).
    pub body: String,
    /// The body was larger than the request's `max_response_bytes` and was not read.
    pub oversized: bool,
}

impl HttpResponse {
    /// The rate-limit figures of the response.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(&self.headers)
    }

    /// Tells whether the status is a success (2xx).
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Why the body of an `oversized` response is missing.
pub const OVERSIZED: &str = "the body is larger than maxResponseBytes";

/// The result of a successful call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// The response in the official camelCase shape, as JSON text.
    Json(String),
    /// Delete returns nothing.
    Empty,
}

fn decode_json<T>(resp: &HttpResponse, scrubber: &Scrubber, read: fn(Json) -> Result<T, String>) -> Result<T, Error> {
    // Scrubbed before the cut: a secret cut in two would no longer be found.
    let fail = |message: String| Error::Decode { status: resp.status, message, snippet: snippet(&scrubber.scrub(&resp.body), 200) };
    if resp.body.trim().is_empty() {
        return Err(fail("the body is empty".to_owned()));
    }
    let v = json::parse(&resp.body).map_err(|e| fail(cat(&["the body is not JSON: ", &e.describe()])))?;
    read(v).map_err(|e| fail(cat(&["unexpected shape: ", &scrubber.scrub(&e)])))
}

/// Decodes a list body, its unknown fields scrubbed of secrets.
pub fn decode_list(resp: &HttpResponse, scrubber: &Scrubber) -> Result<AccountsResponse, Error> {
    let mut list = decode_json(resp, scrubber, AccountsResponse::from_json)?;
    list.scrub_unknown(scrubber);
    Ok(list)
}

fn decode_single(resp: &HttpResponse, scrubber: &Scrubber) -> Result<AccountResponse, Error> {
    let mut single = decode_json(resp, scrubber, AccountResponse::from_json)?;
    single.scrub_unknown(scrubber);
    Ok(single)
}

/// Decodes the response of `op`: any 2xx is a success (as in the official client), anything
/// else an [`Error::Api`].
pub fn decode(op: Operation, resp: &HttpResponse, scrubber: &Scrubber) -> Result<Output, Error> {
    if !resp.is_success() {
        return Err(api_error(resp, scrubber));
    }
    match op {
        // 204 with `Content-Type: text/html` and an empty body: nothing to read.
        Operation::Delete => Ok(Output::Empty),
        // The one-pass rewrite first; the tree decoder for anything it leaves (and for errors).
        Operation::List => match fast::account_list(&resp.body, scrubber) {
            Some(out) => Ok(Output::Json(out)),
            None => Ok(Output::Json(decode_list(resp, scrubber)?.to_json())),
        },
        Operation::Create | Operation::Get | Operation::Update => match fast::account_single(&resp.body, scrubber) {
            Some(out) => Ok(Output::Json(out)),
            None => Ok(Output::Json(decode_single(resp, scrubber)?.to_json())),
        },
    }
}

/// The error of a non-2xx response: the API's `{"errors": [...]}` when the body has that
/// shape (whatever its content type), the scrubbed text otherwise.
pub fn api_error(resp: &HttpResponse, scrubber: &Scrubber) -> Error {
    let errors = json::parse(&resp.body).ok().and_then(|v| match v.get("errors") {
        Some(Json::Array(items)) => items.iter().map(|m| m.as_str().map(|m| scrubber.scrub(m))).collect::<Option<Vec<_>>>(),
        _ => None,
    });
    let body = match errors {
        Some(errors) => ErrorBody::Errors(errors),
        None if resp.oversized => ErrorBody::Text(cat(&["(not read: ", OVERSIZED, ")"])),
        None => ErrorBody::Text(snippet(&scrubber.scrub(&resp.body), 4096)),
    };
    let headers = resp.headers.iter().map(|(k, v)| (scrubber.scrub(k), scrubber.scrub(v))).collect();
    Error::Api { status: resp.status, body, headers, rate_limit: resp.rate_limit() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    fn resp(status: u16, body: &str) -> HttpResponse {
        HttpResponse { status, headers: vec![("content-type".into(), "application/json".into())], body: body.into(), oversized: false }
    }

    #[test]
    fn delete_ignores_its_html_content_type() {
        let r = HttpResponse { status: 204, headers: vec![("content-type".into(), "text/html; charset=utf-8".into())], body: String::new(), oversized: false };
        assert_eq!(decode(Operation::Delete, &r, &Scrubber::default()), Ok(Output::Empty));
    }

    #[test]
    fn errors_keep_the_api_shape_or_the_text() {
        let e = decode(Operation::Get, &resp(404, r#"{"errors":["Not Found"]}"#), &Scrubber::default()).unwrap_err();
        assert_eq!(e.to_string(), "HTTP 404 Not Found: Not Found");
        let e = decode(Operation::Get, &resp(502, "<html><body>Bad gateway</body></html>"), &Scrubber::default()).unwrap_err();
        match e {
            Error::Api { status: 502, body: ErrorBody::Text(t), .. } => assert!(t.contains("Bad gateway")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn echoed_secrets_are_scrubbed_from_error_bodies() {
        let mut sc = Scrubber::default();
        sc.add(&Secret::new("canary-secret"));
        let e = decode(Operation::Create, &resp(400, r#"{"errors":["bad client_secret canary-secret"]}"#), &sc).unwrap_err();
        assert!(!format!("{e:?}").contains("canary"));
        let e = decode(Operation::Create, &resp(200, r#"{"data": "canary-secret"#), &sc).unwrap_err();
        assert!(matches!(e, Error::Decode { .. }));
        assert!(!format!("{e:?}").contains("canary"));
    }

    #[test]
    fn secrets_are_scrubbed_before_the_body_is_cut() {
        let mut sc = Scrubber::default();
        sc.add(&Secret::new("canary-secret-0123456789"));
        let body = format!("{}canary-secret-0123456789", "x".repeat(4096 - 12));
        let e = decode(Operation::Get, &resp(400, &body), &sc).unwrap_err();
        assert!(!format!("{e:?}").contains("canary"), "{e:?}");
        let body = format!("{{\"data\":\"{}canary-secret-0123456789", "x".repeat(190));
        let e = decode(Operation::Get, &resp(200, &body), &sc).unwrap_err();
        assert!(!format!("{e:?}").contains("canary"), "{e:?}");
    }

    #[test]
    fn unknown_fields_of_a_success_are_scrubbed_on_both_paths() {
        let mut sc = Scrubber::default();
        sc.add(&Secret::new("canary\"secret"));
        let account = r#"{"type":"t","id":"1","attributes":{"auth_method":"oauth","domain":"d","name":"n","echo":"canary\"secret"},"token":["canary%22secret"]}"#;
        let expected = r#"{"data":{"attributes":{"authMethod":"oauth","domain":"d","name":"n","additionalProperties":{"echo":"[REDACTED]"}},"id":"1","type":"t","additionalProperties":{"token":["[REDACTED]"]}},"additionalProperties":{"meta":"[REDACTED]"}}"#;
        for body in [format!(r#"{{"data":{account},"meta":"canary\"secret"}}"#), format!(r#"{{"d\u0061ta":{account},"meta":"canary\"secret"}}"#)] {
            let out = decode(Operation::Get, &resp(200, &body), &sc).unwrap();
            assert_eq!(out, Output::Json(expected.replace(r#""d\u0061ta""#, r#""data""#)), "{body}");
        }
        // Without a secret to find, the fast path copies unknown fields as they are.
        let plain = format!(r#"{{"data":[{account}]}}"#);
        assert_eq!(fast::account_list(&plain, &Scrubber::default()).map(|o| o.contains("canary")), Some(true));
    }

    #[test]
    fn truncated_and_hostile_bodies_are_decode_errors() {
        let sc = Scrubber::default();
        for body in ["", "{", "{\"data\":[", "null", "[]", "{\"data\":5}", &"[".repeat(100_000), "\u{0}\u{fffd}"] {
            let e = decode(Operation::List, &resp(200, body), &sc);
            assert!(matches!(e, Err(Error::Decode { .. })), "{body:.20}: {e:?}");
        }
    }
}
