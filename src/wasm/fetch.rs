//! The [`Transport`] over a JS `fetch` function (the global one or the configured one), with
//! `AbortController` for time limits and the caller's signal, and `setTimeout` for waits.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::request::HttpRequest;
use crate::response::HttpResponse;
use crate::secret::Scrubber;
use crate::transport::{AttemptEvent, Transport, TransportError};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);

    #[derive(Clone)]
    type AbortController;
    #[wasm_bindgen(constructor)]
    fn new() -> AbortController;
    #[wasm_bindgen(method, getter)]
    fn signal(this: &AbortController) -> JsValue;
    #[wasm_bindgen(method)]
    fn abort(this: &AbortController);

    /// Any object with the `AbortSignal` interface (called structurally, so polyfills work).
    type Signal;
    #[wasm_bindgen(method, getter)]
    fn aborted(this: &Signal) -> bool;
    #[wasm_bindgen(method, js_name = addEventListener)]
    fn add_event_listener(this: &Signal, kind: &str, listener: &Function);
    #[wasm_bindgen(method, js_name = removeEventListener)]
    fn remove_event_listener(this: &Signal, kind: &str, listener: &Function);
}

/// Runs `on_abort` when the caller's signal fires, until dropped.
struct AbortLink {
    signal: Option<Signal>,
    closure: Closure<dyn FnMut()>,
}

impl AbortLink {
    fn new(signal: Option<&Signal>, on_abort: impl FnMut() + 'static) -> AbortLink {
        let closure = Closure::<dyn FnMut()>::new(on_abort);
        if let Some(s) = signal {
            s.add_event_listener("abort", closure.as_ref().unchecked_ref());
        }
        AbortLink { signal: signal.cloned(), closure }
    }
}

impl Drop for AbortLink {
    fn drop(&mut self) {
        if let Some(s) = &self.signal {
            s.remove_event_listener("abort", self.closure.as_ref().unchecked_ref());
        }
    }
}

/// A `setTimeout` that is cleared when dropped.
struct Timer {
    id: JsValue,
    _closure: Closure<dyn FnMut()>,
}

impl Timer {
    fn new(ms: f64, f: impl FnMut() + 'static) -> Timer {
        let closure = Closure::<dyn FnMut()>::new(f);
        let id = set_timeout(closure.as_ref().unchecked_ref(), ms);
        Timer { id, _closure: closure }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        clear_timeout(&self.id);
    }
}

impl Clone for Signal {
    fn clone(&self) -> Self {
        JsValue::clone(self).unchecked_into()
    }
}

/// Sends requests with a JS `fetch`.
pub struct FetchTransport {
    fetch: Function,
    signal: Option<Signal>,
    on_response: Option<Function>,
    /// The JS error of the last failed `fetch`, kept as the `cause` of a `NetworkError`.
    last_cause: RefCell<JsValue>,
}

impl FetchTransport {
    /// A transport calling `fetch(url, init)`, cancelled by `signal`, reporting to `on_response`.
    pub fn new(fetch: Function, signal: JsValue, on_response: JsValue) -> Self {
        let signal = (!signal.is_null() && !signal.is_undefined()).then(|| signal.unchecked_into::<Signal>());
        let on_response = on_response.dyn_into::<Function>().ok();
        FetchTransport { fetch, signal, on_response, last_cause: RefCell::new(JsValue::UNDEFINED) }
    }

    /// The JS error of the last failed `fetch`; replaced by a plain `Error` with a scrubbed
    /// message when its own text holds a secret (a custom fetch may echo the request).
    pub fn scrubbed_cause(&self, scrubber: &Scrubber) -> JsValue {
        let cause = self.last_cause.take();
        let text = format!("{} {}", describe(&cause), js_sys::Reflect::get(&cause, &"stack".into()).ok().and_then(|s| s.as_string()).unwrap_or_default());
        if scrubber.scrub(&text) == text {
            return cause;
        }
        js_sys::Error::new(&scrubber.scrub(&describe(&cause))).into()
    }

    fn aborted(&self) -> bool {
        self.signal.as_ref().is_some_and(Signal::aborted)
    }

    fn init(&self, req: &HttpRequest, signal: &JsValue) -> Result<Object, JsValue> {
        let init = Object::new();
        Reflect::set(&init, &"method".into(), &req.method.into())?;
        let headers = Object::new();
        for (name, value) in &req.headers {
            Reflect::set(&headers, &(*name).into(), &value.as_wire().into())?;
        }
        Reflect::set(&init, &"headers".into(), &headers)?;
        if let Some(body) = &req.body {
            Reflect::set(&init, &"body".into(), &body.0.as_str().into())?;
        }
        Reflect::set(&init, &"signal".into(), signal)?;
        Ok(init)
    }

    async fn fetch_text(&self, req: &HttpRequest, signal: &JsValue) -> Result<HttpResponse, JsValue> {
        let init = self.init(req, signal)?;
        // A custom fetch may ignore the signal: race every await against it, so a time limit or
        // an abort always ends the attempt.
        let mut cancel: Option<Function> = None;
        let cancelled = Promise::new(&mut |_, reject| cancel = Some(reject));
        let _link = cancel.map(|reject| {
            AbortLink::new(Some(signal.unchecked_ref::<Signal>()), move || {
                let _ = reject.call1(&JsValue::UNDEFINED, &js_sys::Error::new("aborted"));
            })
        });
        let settle = |p: &JsValue| JsFuture::from(Promise::race(&js_sys::Array::of2(&Promise::resolve(p), &cancelled)));
        let pending = self.fetch.call2(&JsValue::UNDEFINED, &req.url.as_str().into(), &init)?;
        let resp = settle(&pending).await?;
        let status = Reflect::get(&resp, &"status".into())?.as_f64().filter(|s| (100.0..=599.0).contains(s));
        let Some(status) = status else {
            return Err(js_sys::Error::new("fetch resolved to something that is not a Response").into());
        };
        let mut headers = Vec::new();
        if let Ok(Some(iter)) = js_sys::try_iter(&Reflect::get(&resp, &"headers".into())?) {
            for entry in iter {
                let entry = entry?;
                let name = Reflect::get_u32(&entry, 0)?.as_string().unwrap_or_default();
                let value = Reflect::get_u32(&entry, 1)?.as_string().unwrap_or_default();
                headers.push((name.to_ascii_lowercase(), value));
            }
        }
        // The bytes, copied into wasm memory in one go and checked as UTF-8 here, are much
        // cheaper than a JS string for a large body. A Response-like stub with only `text()`
        // still works.
        let body = match Reflect::get(&resp, &"arrayBuffer".into())?.dyn_into::<Function>() {
            Ok(array_buffer) => {
                let buf = settle(&array_buffer.call0(&resp)?).await?;
                let bytes = js_sys::Uint8Array::new(&buf).to_vec();
                let text = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
                // As `text()` would: a byte-order mark is not part of the body.
                match text.strip_prefix('\u{feff}') {
                    Some(rest) => rest.to_owned(),
                    None => text,
                }
            }
            Err(_) => {
                let text_fn: Function = Reflect::get(&resp, &"text".into())?.dyn_into()?;
                settle(&text_fn.call0(&resp)?).await?.as_string().unwrap_or_default()
            }
        };
        Ok(HttpResponse { status: status as u16, headers, body })
    }
}

impl Transport for FetchTransport {
    async fn send(&self, req: &HttpRequest, timeout_ms: u64) -> Result<HttpResponse, TransportError> {
        if self.aborted() {
            return Err(TransportError::Aborted);
        }
        let controller = AbortController::new();
        let timed_out = Rc::new(Cell::new(false));
        let _timer = {
            let (controller, timed_out) = (controller.clone(), timed_out.clone());
            Timer::new(timeout_ms as f64, move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let _link = {
            let controller = controller.clone();
            AbortLink::new(self.signal.as_ref(), move || controller.abort())
        };
        match self.fetch_text(req, &controller.signal()).await {
            Ok(resp) => Ok(resp),
            Err(_) if self.aborted() => Err(TransportError::Aborted),
            Err(_) if timed_out.get() => Err(TransportError::Timeout),
            Err(e) => {
                let message = describe(&e);
                self.last_cause.replace(e);
                Err(TransportError::Network(message))
            }
        }
    }

    async fn sleep(&self, ms: f64) -> Result<(), TransportError> {
        if self.aborted() {
            return Err(TransportError::Aborted);
        }
        let mut settle: Option<(Function, Function)> = None;
        let promise = Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
        let Some((resolve, reject)) = settle else {
            return Ok(());
        };
        let _timer = Timer::new(ms, move || {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        });
        let _link = AbortLink::new(self.signal.as_ref(), move || {
            let _ = reject.call0(&JsValue::UNDEFINED);
        });
        JsFuture::from(promise).await.map(|_| ()).map_err(|_| TransportError::Aborted)
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
    let mut out = js_sys::JSON::stringify(e).ok().and_then(|s| s.as_string()).unwrap_or_default();
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        out = format!("{}: {}", String::from(err.name()), String::from(err.message()));
        let code = Reflect::get(&err.cause(), &"code".into()).ok().and_then(|c| c.as_string());
        if let Some(code) = code {
            out = format!("{out} ({code})");
        }
    } else if let Some(s) = e.as_string() {
        out = s;
    }
    out
}
