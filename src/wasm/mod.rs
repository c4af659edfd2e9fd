//! The `wasm-bindgen` facade: JSON in, core calls, JSON or a JS error descriptor out. The JS
//! layer in `pkg-template/` turns descriptors into `Error` classes and owns the namespaces.

mod exports;
mod fetch;
mod plan;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests;
