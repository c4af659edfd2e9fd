//! A small, safe client for Datadog's Okta Integration API
//! (`/api/v2/integrations/okta/accounts`), compiled to WebAssembly for Node and browsers.
//!
//! The crate is a core that does no I/O and a thin JS facade. Its modules form layers, each
//! using only those above it in this table (`tests/layers.rs` holds it):
//!
//! | layer | modules | what they hold |
//! |---|---|---|
//! | text and values | `text`, [`json`], `secret`, `encode`, `site`, `ratelimit`, `retry` | strings put together without `core::fmt`; JSON reading and writing; secrets that never print; `encodeURIComponent`; Datadog sites and base URLs; rate-limit headers; retry decisions |
//! | problems | [`problem`] | validation problems with their paths |
//! | the account | [`account`] | its fields, described once; what is sent; what comes back; the fast path for large lists |
//! | errors | [`error`] | the one error type, its JS classes, reason phrases |
//! | input | [`validate`], [`config`] | the rules every request and configuration passes before anything is sent |
//! | HTTP | [`request`], [`response`] | the five operations as HTTP requests; responses as results or errors |
//! | I/O seam | [`transport`] | the transport trait (fetch on wasm32, canned responses in tests) |
//! | calls | [`client`] | retries, time limits, writes that are never repeated blindly |
//! | stepping | [`drive`] | calls driven step by step by the JS loop: actions out, outcomes in |
//! | the rule book | [`rules`] | every rule above, as the JS layers ask for it (`client.rules`) |
//! | management | [`plan`] | accounts by name: find one, plan create/update/delete (the `/manage` entry) |
//! | facade | `wasm` (wasm32 only) | the `wasm-bindgen` exports |
// The shipped wasm is built without std: std's panic machinery (its hook, message formatting and
// `core::fmt` with it) stays in a binary while any panic path does, and here a panic only ever
// stops the module (panic = "abort"), with nothing to print to. Tests build it with std (the
// `std` feature, which the dev-dependencies turn on).
#![cfg_attr(all(target_arch = "wasm32", not(feature = "std")), no_std)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing))]
#![warn(missing_docs)]
// Errors are rare and carry the response for the caller; their size is not a hot path.
#![allow(clippy::result_large_err)]

#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
#[macro_use]
extern crate alloc;
#[cfg(not(all(target_arch = "wasm32", not(feature = "std"))))]
extern crate alloc;

mod prelude;

pub(crate) mod text;
pub mod json;
pub(crate) mod encode;
pub(crate) mod ratelimit;
pub(crate) mod retry;
pub(crate) mod secret;
pub(crate) mod site;

pub mod problem;

pub mod account;

pub mod error;

pub mod config;
pub mod validate;

pub mod request;
pub mod response;

pub mod transport;

pub mod client;

pub mod drive;

pub mod rules;

pub mod plan;

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
pub use ratelimit::RateLimit;
pub use request::Operation;
pub use retry::RetryPolicy;
pub use secret::{Scrubber, Secret};
