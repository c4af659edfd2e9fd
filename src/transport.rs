//! The one seam for I/O: sending a request, waiting, and reading a clock. Implemented over
//! `fetch` on wasm32 (the `wasm` module) and by canned transports in native tests.

use crate::prelude::*;

use crate::json::ObjectWriter;
use crate::ratelimit::RateLimit;
use crate::request::HttpRequest;
use crate::response::HttpResponse;

/// Why a request produced no HTTP response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// `fetch` failed (connection refused, reset, DNS, CORS, ...).
    Network(String),
    /// The time limit given to [`Transport::send`] expired.
    Timeout,
    /// The caller's signal fired.
    Aborted,
}

/// What happened in one attempt; handed to [`Transport::observe`] (`onResponse` in JS).
#[derive(Debug, Clone)]
pub struct AttemptEvent<'a> {
    /// The JS method name of the request (`listOktaAccounts`, ...).
    pub operation: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The request path (no host, no keys).
    pub path: &'a str,
    /// The HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// 1 for the first attempt of the call, then 2, 3, ...
    pub attempt: u32,
    /// How long the attempt took.
    pub duration_ms: f64,
    /// The `X-RateLimit-*` figures of the response.
    pub rate_limit: Option<RateLimit>,
    /// `network`, `timeout` or `aborted` when no response arrived.
    pub error: Option<&'static str>,
}

impl AttemptEvent<'_> {
    /// The event as the JSON object `onResponse` receives (`status` and `rateLimit` are
    /// `null` when absent; durations in whole milliseconds).
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        ObjectWriter::new(&mut out)
            .str("operation", self.operation)
            .str("method", self.method)
            .str("path", self.path)
            .raw("status", |o| match self.status {
                Some(s) => crate::text::push_int(o, u64::from(s)),
                None => o.push_str("null"),
            })
            .int("attempt", u64::from(self.attempt))
            .int("durationMs", crate::text::round_u64(self.duration_ms.max(0.0)))
            .raw("rateLimit", |o| match &self.rate_limit {
                Some(r) => r.write(o),
                None => o.push_str("null"),
            })
            .opt_str("error", self.error)
            .end();
        out
    }
}

/// Sends requests and measures time. Not `Send`: JS futures are not.
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// Sends `request` and reads the whole response, giving up after `timeout_ms`.
    async fn send(&self, request: &HttpRequest, timeout_ms: u64) -> Result<HttpResponse, TransportError>;

    /// Waits `ms` milliseconds; fails only with [`TransportError::Aborted`].
    async fn sleep(&self, ms: f64) -> Result<(), TransportError>;

    /// Milliseconds since some fixed point.
    fn now_ms(&self) -> f64;

    /// A uniform draw in [0, 1), for jitter.
    fn random(&self) -> f64;

    /// Called after every attempt.
    fn observe(&self, _event: &AttemptEvent<'_>) {}
}
