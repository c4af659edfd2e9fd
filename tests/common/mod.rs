//! A canned transport with a virtual clock, and a `block_on` for futures that never wait on
//! real I/O.
#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use datadog_okta_wasm::request::HttpRequest;
use datadog_okta_wasm::response::HttpResponse;
use datadog_okta_wasm::transport::{AttemptEvent, Transport, TransportError};

/// Polls a future to completion; the canned transport never returns `Pending`.
pub fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..1_000 {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
    panic!("future did not complete");
}

/// One scripted reply: a response, or a failure that takes `ms` of virtual time.
pub enum Reply {
    Response(HttpResponse),
    Fail(TransportError, f64),
}

pub fn json(status: u16, body: &str) -> Reply {
    Reply::Response(HttpResponse { status, headers: vec![("content-type".into(), "application/json".into())], body: body.into(), oversized: false })
}

pub fn with_headers(status: u16, body: &str, headers: &[(&str, &str)]) -> Reply {
    Reply::Response(HttpResponse {
        status,
        headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        body: body.into(),
        oversized: false,
    })
}

/// Where the virtual clock starts.
pub const START: f64 = 1_000_000.0;

#[derive(Default)]
pub struct Canned {
    pub replies: RefCell<VecDeque<Reply>>,
    pub sent: RefCell<Vec<HttpRequest>>,
    pub sleeps: RefCell<Vec<f64>>,
    pub events: RefCell<Vec<String>>,
    /// The time limit each `send` was given.
    pub limits: RefCell<Vec<u64>>,
    /// Virtual ms; starts far from 0, so that a start time forgotten in a computation shows.
    pub clock: Cell<f64>,
    /// Every `send` takes this long (virtual ms).
    pub latency: Cell<f64>,
    /// Abort every sleep (as if the signal fired during a backoff).
    pub abort_sleeps: Cell<bool>,
    pub random: Cell<f64>,
}

impl Canned {
    pub fn new(replies: Vec<Reply>) -> Self {
        let c = Canned::default();
        c.replies.replace(replies.into());
        c.random.set(0.5);
        c.clock.set(START);
        c
    }

    /// Virtual ms since the transport was made.
    pub fn elapsed(&self) -> f64 {
        self.clock.get() - START
    }

    pub fn methods(&self) -> Vec<String> {
        self.sent.borrow().iter().map(|r| r.method.to_string()).collect()
    }
}

impl Transport for Canned {
    async fn send(&self, request: &HttpRequest, timeout_ms: u64) -> Result<HttpResponse, TransportError> {
        self.sent.borrow_mut().push(request.clone());
        self.limits.borrow_mut().push(timeout_ms);
        let reply = self.replies.borrow_mut().pop_front().unwrap_or_else(|| panic!("no reply scripted for {} {}", request.method, request.url));
        match reply {
            // As attempt.js does: an answer slower than the limit is a timeout at the limit.
            Reply::Response(_) if self.latency.get() > timeout_ms as f64 => {
                self.clock.set(self.clock.get() + timeout_ms as f64);
                Err(TransportError::Timeout)
            }
            Reply::Response(mut r) => {
                self.clock.set(self.clock.get() + self.latency.get());
                // As attempt.js does: a body over the limit is not read.
                if r.body.len() as u64 > request.max_response_bytes {
                    r.body.clear();
                    r.oversized = true;
                }
                Ok(r)
            }
            Reply::Fail(TransportError::Timeout, _) => {
                self.clock.set(self.clock.get() + timeout_ms as f64);
                Err(TransportError::Timeout)
            }
            Reply::Fail(e, ms) => {
                self.clock.set(self.clock.get() + ms);
                Err(e)
            }
        }
    }

    async fn sleep(&self, ms: f64) -> Result<(), TransportError> {
        if self.abort_sleeps.get() {
            return Err(TransportError::Aborted);
        }
        self.sleeps.borrow_mut().push(ms);
        self.clock.set(self.clock.get() + ms);
        Ok(())
    }

    fn now_ms(&self) -> f64 {
        self.clock.get()
    }

    fn random(&self) -> f64 {
        self.random.get()
    }

    fn observe(&self, e: &AttemptEvent<'_>) {
        self.events.borrow_mut().push(e.to_json());
    }
}

/// Our JSON value from `serde_json::json!` syntax.
pub fn j(v: serde_json::Value) -> datadog_okta_wasm::json::Json {
    datadog_okta_wasm::json::parse(&v.to_string()).unwrap()
}
