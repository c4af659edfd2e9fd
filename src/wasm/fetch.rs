//! The [`Transport`] over a JS `fetch` function (the global one or the configured one). The
//! attempt itself (time limit, the caller's signal, reading the body) is one call into
//! `attempt.js`; this side builds the request and turns the result into an [`HttpResponse`].

use std::cell::RefCell;

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::request::HttpRequest;
use crate::response::HttpResponse;
use crate::secret::Scrubber;
use crate::transport::{AttemptEvent, Transport, TransportError};

#[wasm_bindgen(module = "/src/wasm/attempt.js")]
extern "C" {
    #[wasm_bindgen(js_name = attempt)]
    async fn js_attempt(fetch: &Function, url: &str, method: &str, headers: &Object, body: Option<String>, timeout_ms: f64, signal: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = wait)]
    async fn js_wait(ms: f64, signal: &JsValue) -> JsValue;
}

/// Sends requests with a JS `fetch`.
pub struct FetchTransport {
    fetch: Function,
    signal: JsValue,
    on_response: Option<Function>,
    /// The JS error of the last failed `fetch`, kept as the `cause` of a `NetworkError`.
    last_cause: RefCell<JsValue>,
}

impl FetchTransport {
    /// A transport calling `fetch(url, init)`, cancelled by `signal` (an `AbortSignal` of the
    /// JS layer's own, or null), reporting to `on_response`.
    pub fn new(fetch: Function, signal: JsValue, on_response: JsValue) -> Self {
        let on_response = on_response.dyn_into::<Function>().ok();
        FetchTransport { fetch, signal, on_response, last_cause: RefCell::new(JsValue::UNDEFINED) }
    }

    /// The JS error of the last failed `fetch`; replaced by a plain `Error` with a scrubbed
    /// message when its own text holds a secret (a custom fetch may echo the request).
    pub fn scrubbed_cause(&self, scrubber: &Scrubber) -> JsValue {
        let cause = self.last_cause.take();
        let text = format!("{} {}", describe(&cause), Reflect::get(&cause, &"stack".into()).ok().and_then(|s| s.as_string()).unwrap_or_default());
        if scrubber.scrub(&text) == text {
            return cause;
        }
        js_sys::Error::new(&scrubber.scrub(&describe(&cause))).into()
    }
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

impl Transport for FetchTransport {
    async fn send(&self, req: &HttpRequest, timeout_ms: u64) -> Result<HttpResponse, TransportError> {
        let headers = Object::new();
        for (name, value) in &req.headers {
            let _ = Reflect::set(&headers, &(*name).into(), &value.as_wire().into());
        }
        let body = req.body.as_ref().map(|b| b.0.clone());
        let result = js_attempt(&self.fetch, &req.url, req.method, &headers, body, timeout_ms as f64, &self.signal).await;
        match get(&result, "kind").as_string().as_deref() {
            Some("aborted") => return Err(TransportError::Aborted),
            Some("timeout") => return Err(TransportError::Timeout),
            Some(_) => {
                let error = get(&result, "error");
                let message = describe(&error);
                self.last_cause.replace(error);
                return Err(TransportError::Network(message));
            }
            None => {}
        }
        let status = get(&result, "status").as_f64().unwrap_or_default() as u16;
        let list = get(&result, "headers").as_string().unwrap_or_default();
        let mut lines = list.split('\n');
        let mut headers = Vec::new();
        while let (Some(name), Some(value)) = (lines.next(), lines.next()) {
            headers.push((name.to_owned(), value.to_owned()));
        }
        let bytes = get(&result, "bytes");
        let body = if bytes.is_undefined() {
            get(&result, "text").as_string().unwrap_or_default()
        } else {
            let bytes = js_sys::Uint8Array::new(&bytes).to_vec();
            let text = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            // As `text()` would: a byte-order mark is not part of the body.
            match text.strip_prefix('\u{feff}') {
                Some(rest) => rest.to_owned(),
                None => text,
            }
        };
        Ok(HttpResponse { status, headers, body })
    }

    async fn sleep(&self, ms: f64) -> Result<(), TransportError> {
        match js_wait(ms, &self.signal).await.as_bool() {
            Some(true) => Ok(()),
            _ => Err(TransportError::Aborted),
        }
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }

    fn observe(&self, event: &AttemptEvent<'_>) {
        let Some(hook) = &self.on_response else { return };
        if let Ok(obj) = js_sys::JSON::parse(&event.to_json()) {
            // A hook that throws must not break the call.
            let _ = hook.call1(&JsValue::UNDEFINED, &obj);
        }
    }
}

/// A one-line description of a JS error: `TypeError: fetch failed (ECONNREFUSED)`.
fn describe(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        let mut out = format!("{}: {}", String::from(err.name()), String::from(err.message()));
        if let Some(code) = Reflect::get(&err.cause(), &"code".into()).ok().and_then(|c| c.as_string()) {
            out = format!("{out} ({code})");
        }
        return out;
    }
    e.as_string().or_else(|| js_sys::JSON::stringify(e).ok().and_then(|s| s.as_string())).unwrap_or_default()
}
