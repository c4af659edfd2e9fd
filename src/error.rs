//! The one error type of the library.

use crate::prelude::*;

use core::fmt;

pub use crate::problem::Problem;
use crate::ratelimit::RateLimit;
use crate::secret::snippet;
use crate::text::push_int;

/// The body of an error response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorBody {
    /// The API's own shape, `{"errors": [...]}`.
    Errors(Vec<String>),
    /// Anything else (an HTML page from a proxy, an empty body), as text, scrubbed of secrets.
    Text(String),
}

impl ErrorBody {
    /// The first error message, or a short excerpt of a text body.
    pub fn first_message(&self) -> Option<String> {
        match self {
            ErrorBody::Errors(e) => e.first().cloned(),
            ErrorBody::Text(t) => {
                let t = t.trim();
                (!t.is_empty()).then(|| snippet(t, 120))
            }
        }
    }
}

/// Which time limit expired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutScope {
    /// `timeoutMs`, the limit on one attempt.
    Attempt,
    /// `deadlineMs`, the limit on the whole call, retries and waits included.
    Deadline,
}

impl TimeoutScope {
    /// `attempt` or `deadline`, as the JS error's `scope`.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeoutScope::Attempt => "attempt",
            TimeoutScope::Deadline => "deadline",
        }
    }
}

/// Everything that can go wrong in a call.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The input (parameters or configuration) is invalid; nothing was sent.
    Validation {
        /// Every problem found.
        problems: Vec<Problem>,
    },
    /// The API answered with a status that is not a success.
    Api {
        /// The HTTP status.
        status: u16,
        /// The decoded body.
        body: ErrorBody,
        /// The response headers (lower-case names).
        headers: Vec<(String, String)>,
        /// The `X-RateLimit-*` figures, when sent.
        rate_limit: Option<RateLimit>,
    },
    /// `fetch` failed: no HTTP response arrived.
    Network {
        /// What the runtime said.
        message: String,
    },
    /// A time limit expired.
    Timeout {
        /// Which limit.
        scope: TimeoutScope,
        /// Its value in milliseconds.
        limit_ms: u64,
    },
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// A success response whose body does not have the documented shape.
    Decode {
        /// The HTTP status of the response.
        status: u16,
        /// What is wrong with it.
        message: String,
        /// The start of the body, scrubbed of secrets.
        snippet: String,
    },
    /// A write whose outcome is unknown and was deliberately not repeated.
    UnknownOutcome {
        /// Why the outcome is unknown and what the caller should check.
        message: String,
        /// The failure that made it unknown.
        cause: Box<Error>,
    },
}

impl Error {
    /// A validation error with a single problem.
    pub fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Validation { problems: vec![Problem::new(path, message)] }
    }

    /// The JS class this error becomes (one of [`ERROR_CLASSES`]), or `AbortError` for an
    /// abort, which rejects with the caller's `signal.reason` instead.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Validation { .. } => "ValidationError",
            Error::Api { .. } => "ApiException",
            Error::Network { .. } => "NetworkError",
            Error::Timeout { .. } => "TimeoutError",
            Error::Aborted => "AbortError",
            Error::Decode { .. } => "DecodeError",
            Error::UnknownOutcome { .. } => "UnknownOutcomeError",
        }
    }
}

/// The error classes of the package, listed once: the JS layer defines a class per name (all
/// extending the first, the base), `index.d.ts` declares them, and a test holds the three
/// together.
pub const ERROR_CLASSES: [&str; 7] =
    ["DatadogOktaError", "ApiException", "ValidationError", "TimeoutError", "NetworkError", "DecodeError", "UnknownOutcomeError"];

impl Error {
    /// The message, as `Display` shows it.
    pub fn message(&self) -> String {
        let mut out = String::new();
        self.write_message(&mut out);
        out
    }

    fn write_message(&self, out: &mut String) {
        match self {
            Error::Validation { problems } => {
                out.push_str("invalid input");
                for (i, p) in problems.iter().enumerate() {
                    out.push_str(if i == 0 { ": " } else { "; " });
                    out.push_str(&p.path);
                    out.push_str(": ");
                    out.push_str(&p.message);
                }
            }
            Error::Api { status, body, .. } => {
                out.push_str("HTTP ");
                push_int(out, u64::from(*status));
                out.push(' ');
                out.push_str(reason(*status));
                if let Some(m) = body.first_message() {
                    out.push_str(": ");
                    out.push_str(&m);
                }
            }
            Error::Network { message } => {
                out.push_str("network error: ");
                out.push_str(message);
            }
            Error::Timeout { scope, limit_ms } => {
                out.push_str(match scope {
                    TimeoutScope::Attempt => "timed out: no complete response within timeoutMs (",
                    TimeoutScope::Deadline => "timed out: the call did not finish within deadlineMs (",
                });
                push_int(out, *limit_ms);
                out.push_str(" ms)");
            }
            Error::Aborted => out.push_str("aborted by the caller's signal"),
            Error::Decode { status, message, .. } => {
                out.push_str("undecodable HTTP ");
                push_int(out, u64::from(*status));
                out.push_str(" response: ");
                out.push_str(message);
            }
            Error::UnknownOutcome { message, cause } => {
                out.push_str(message);
                out.push_str(" (after: ");
                cause.write_message(out);
                out.push(')');
            }
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl core::error::Error for Error {}

/// The standard reason phrases of the statuses this API, its proxies and the local API use.
pub const REASONS: [(u16, &str); 18] = [
    (200, "OK"),
    (201, "Created"),
    (204, "No Content"),
    (400, "Bad Request"),
    (401, "Unauthorized"),
    (403, "Forbidden"),
    (404, "Not Found"),
    (405, "Method Not Allowed"),
    (408, "Request Timeout"),
    (409, "Conflict"),
    (413, "Payload Too Large"),
    (415, "Unsupported Media Type"),
    (422, "Unprocessable Entity"),
    (429, "Too Many Requests"),
    (500, "Internal Server Error"),
    (502, "Bad Gateway"),
    (503, "Service Unavailable"),
    (504, "Gateway Timeout"),
];

/// The reason phrase of `status`, or `""` for one not in [`REASONS`].
pub fn reason(status: u16) -> &'static str {
    REASONS.iter().find(|(s, _)| *s == status).map_or("", |(_, r)| r)
}
