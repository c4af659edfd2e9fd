//! Errors as the JS layer needs them to build the matching class (`errors.mjs`).

use crate::prelude::*;

use crate::error::{Error, ErrorBody};
use crate::json::{self, Json, ObjectWriter};
use crate::problem::Problem;
use crate::text::cat;

/// Writes the error as a descriptor: its class name, a message that names the operation, then
/// what went wrong (for an API error: the status and the server's first error), and the
/// fields of its class.
pub fn write_descriptor(op: &str, e: &Error, out: &mut String) {
    let mut w = ObjectWriter::new(out);
    w.str("name", e.kind()).str("message", &cat(&[op, ": ", &e.message()])).str("operation", op);
    match e {
        Error::Validation { problems } => {
            w.raw("problems", |o| Problem::write_all(problems, o));
        }
        Error::Api { status, body, headers, rate_limit } => {
            w.int("code", u64::from(*status));
            w.raw("body", |o| match body {
                ErrorBody::Errors(errors) => {
                    ObjectWriter::new(o).raw("errors", |o| Json::Array(errors.iter().cloned().map(Json::String).collect()).write(o)).end();
                }
                ErrorBody::Text(t) => json::write_str(o, t),
            });
            w.raw("headers", |o| {
                let mut h = ObjectWriter::new(o);
                for (k, v) in headers {
                    h.str(k, v);
                }
                h.end();
            });
            if let Some(r) = rate_limit {
                w.raw("rateLimit", |o| r.write(o));
            }
        }
        Error::Timeout { scope, limit_ms } => {
            w.str("scope", scope.as_str()).int("timeoutMs", *limit_ms);
        }
        Error::Decode { status, snippet, .. } => {
            w.int("code", u64::from(*status)).str("snippet", snippet);
        }
        Error::UnknownOutcome { cause, .. } => {
            w.raw("cause", |o| write_descriptor(op, cause, o));
        }
        _ => {}
    }
    w.end();
}
