//! The [`Transport`] of a driven call: `send` and `sleep` write an action and stay pending
//! until the driver resumes the call with the outcome.

use crate::prelude::*;

use core::cell::{Cell, RefCell};
use core::future::Future;
use core::pin::Pin;
use alloc::rc::Rc;
use core::task::{Context, Poll};

use crate::json::ObjectWriter;
use crate::request::HttpRequest;
use crate::response::HttpResponse;
use crate::text::push_int;
use crate::transport::{AttemptEvent, Transport, TransportError};

/// The clock and the dice of the host (`Date.now` and `Math.random` in JS).
#[derive(Clone, Copy)]
pub struct Clock {
    /// Milliseconds since some fixed point.
    pub now: fn() -> f64,
    /// A uniform draw in [0, 1).
    pub random: fn() -> f64,
}

/// The outcome of the last action, as the driver reports it.
#[derive(Debug)]
pub enum Reply {
    /// A response: status, headers as `name\nvalue\n` pairs (names lower-case), the body's bytes.
    Response(u16, String, Vec<u8>),
    /// A response whose body was larger than the request's `max_response_bytes` (not read):
    /// status and headers.
    Oversized(u16, String),
    /// `fetch` failed: the error's one-line description, and the error as JSON (its name,
    /// message, stack, code and the like, and its own cause), which becomes, scrubbed, the
    /// `cause` of the `NetworkError`.
    Network(String, String),
    /// The attempt's time limit expired (the request was aborted).
    Timeout,
    /// The caller's signal fired.
    Aborted,
    /// A wait ended: `true` when it ran its course, `false` when the caller's signal fired.
    Waited(bool),
}

/// What a call and its driver exchange between two steps.
#[derive(Default)]
pub(super) struct Io {
    action: RefCell<String>,
    /// The body of the request to send, if any: it travels after the action, unescaped.
    body: RefCell<Option<String>>,
    events: RefCell<String>,
    reply: RefCell<Option<Reply>>,
    cause: RefCell<Option<(String, String)>>,
    waiting: Cell<bool>,
}

impl Io {
    pub(super) fn reply(&self, reply: Reply) {
        if let Reply::Network(described, stack) = &reply {
            self.cause.replace(Some((described.clone(), stack.clone())));
        }
        self.reply.replace(Some(reply));
    }

    pub(super) fn take_action(&self) -> (String, Option<String>) {
        (self.action.take(), self.body.take())
    }

    pub(super) fn take_events(&self) -> String {
        self.events.take()
    }

    pub(super) fn take_cause(&self) -> Option<(String, String)> {
        self.cause.take()
    }

    /// Pending until the driver replies.
    fn suspend(&self) -> Suspend<'_> {
        self.waiting.set(false);
        Suspend(self)
    }
}

struct Suspend<'a>(&'a Io);

impl Future for Suspend<'_> {
    type Output = Reply;

    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Reply> {
        // The first poll only hands the action over: a reply left from before is not ours.
        if !self.0.waiting.replace(true) {
            self.0.reply.take();
            return Poll::Pending;
        }
        match self.0.reply.take() {
            Some(reply) => Poll::Ready(reply),
            None => Poll::Pending,
        }
    }
}

/// A transport whose I/O is done by the driver.
pub(super) struct StepTransport {
    io: Rc<Io>,
    clock: Clock,
    observe: bool,
}

impl StepTransport {
    pub(super) fn new(io: Rc<Io>, clock: Clock, observe: bool) -> Self {
        StepTransport { io, clock, observe }
    }
}

/// Headers sent as `name\nvalue\n` pairs.
fn header_list(list: &str) -> Vec<(String, String)> {
    let mut lines = list.split('\n');
    let mut headers = Vec::new();
    while let (Some(name), Some(value)) = (lines.next(), lines.next()) {
        headers.push((name.to_owned(), value.to_owned()));
    }
    headers
}

/// The body as text, as `Response.text()` reads it: UTF-8, invalid sequences replaced, a
/// leading byte-order mark dropped.
fn text(bytes: Vec<u8>) -> String {
    let text = lossy(bytes);
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    }
}

/// `bytes` as UTF-8, each invalid sequence replaced by U+FFFD, as `String::from_utf8_lossy`
/// does (a property test holds them together); written out because the standard one brings
/// its own UTF-8 chunk iterator into the wasm.
pub fn lossy(bytes: Vec<u8>) -> String {
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return text,
        Err(e) => e.into_bytes(),
    };
    let mut out = String::with_capacity(bytes.len() + 8);
    let mut rest = bytes.as_slice();
    loop {
        match core::str::from_utf8(rest) {
            Ok(valid) => {
                out.push_str(valid);
                return out;
            }
            Err(e) => {
                let (valid, after) = rest.split_at_checked(e.valid_up_to()).unwrap_or((&[], rest));
                out.push_str(core::str::from_utf8(valid).unwrap_or_default());
                out.push('\u{fffd}');
                // `None`: the input ends inside a sequence, which is one replacement.
                rest = after.get(e.error_len().unwrap_or(after.len())..).unwrap_or_default();
            }
        }
    }
}

impl Transport for StepTransport {
    async fn send(&self, req: &HttpRequest, timeout_ms: u64) -> Result<HttpResponse, TransportError> {
        {
            let mut out = self.io.action.borrow_mut();
            out.clear();
            out.reserve(req.url.len() + 320);
            out.push_str("\"send\":");
            let mut w = ObjectWriter::new(&mut out);
            w.str("url", &req.url).str("method", req.method);
            w.raw("headers", |o| {
                let mut h = ObjectWriter::new(o);
                for (name, value) in &req.headers {
                    h.str(name, value.as_wire());
                }
                h.end();
            });
            self.io.body.replace(req.body.as_ref().map(|b| b.0.clone()));
            if !self.observe {
                w.bool("successHeaders", false);
            }
            w.int("timeoutMs", timeout_ms).int("maxBytes", req.max_response_bytes).end();
        }
        match self.io.suspend().await {
            Reply::Response(status, list, body) => Ok(HttpResponse { status, headers: header_list(&list), body: text(body), oversized: false }),
            Reply::Oversized(status, list) => Ok(HttpResponse { status, headers: header_list(&list), body: String::new(), oversized: true }),
            Reply::Network(message, _) => Err(TransportError::Network(message)),
            Reply::Timeout => Err(TransportError::Timeout),
            // A wait's reply to a send cannot come from our driver; stopping is the safe answer.
            Reply::Aborted | Reply::Waited(_) => Err(TransportError::Aborted),
        }
    }

    async fn sleep(&self, ms: f64) -> Result<(), TransportError> {
        {
            let mut out = self.io.action.borrow_mut();
            out.clear();
            out.push_str("\"wait\":");
            // Whole milliseconds: the wait is a timer, and no float formatting is needed.
            push_int(&mut out, crate::text::ceil_u64(ms.max(0.0)));
        }
        match self.io.suspend().await {
            Reply::Waited(true) => Ok(()),
            _ => Err(TransportError::Aborted),
        }
    }

    fn now_ms(&self) -> f64 {
        (self.clock.now)()
    }

    fn random(&self) -> f64 {
        (self.clock.random)()
    }

    fn observe(&self, event: &AttemptEvent<'_>) {
        if !self.observe {
            return;
        }
        let mut events = self.io.events.borrow_mut();
        if !events.is_empty() {
            events.push(',');
        }
        events.push_str(&event.to_json());
    }
}
