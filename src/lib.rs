//! A small, safe client for Datadog's Okta Integration API
//! (`/api/v2/integrations/okta/accounts`), compiled to WebAssembly for Node and browsers.
//!
//! The crate is a core that does no I/O and a thin JS facade:
//!
//! | module | what it holds |
//! |---|---|
//! | [`model`], [`json`] | request and response models (snake_case on the wire, camelCase for JS); a small JSON reader and writer |
//! | [`validate`] | the rules every request passes before it is sent |
//! | [`config`], [`site`] | configuration, Datadog sites, base URLs |
//! | [`request`], [`encode`] | the five operations as HTTP requests |
//! | [`response`], [`transcode`], [`ratelimit`] | turning responses into results or errors; the one-pass fast path for large lists |
//! | [`retry`], [`client`] | retries, time limits, writes that are never repeated blindly |
//! | [`transport`] | the I/O seam (fetch on wasm32, canned responses in tests) |
//! | [`error`], [`secret`] | the error type; secrets that never print |
//! | [`plan`] | accounts by name: find one, plan create/update/delete from a desired set (secrets by fingerprint) |
//! | `wasm` (wasm32 only) | the `wasm-bindgen` exports and the fetch transport |
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing))]
#![warn(missing_docs)]
// Errors are rare and carry the response for the caller; their size is not a hot path.
#![allow(clippy::result_large_err)]

pub mod client;
pub mod config;
pub mod encode;
pub mod error;
pub mod json;
pub mod model;
pub mod plan;
pub mod ratelimit;
pub mod request;
pub mod response;
pub mod retry;
pub mod secret;
pub mod site;
pub mod transcode;
pub mod transport;
pub mod validate;

#[cfg(target_arch = "wasm32")]
mod wasm;

/// Builds a [`json::Json`] from `serde_json::json!` syntax (tests only).
#[cfg(test)]
#[macro_export]
macro_rules! j {
    ($($t:tt)+) => {
        $crate::json::parse(&serde_json::json!($($t)+).to_string()).unwrap()
    };
}

pub use error::{Error, Problem};
pub use request::Operation;
