//! The `wasm-bindgen` facade: JSON in, core calls, JSON or a JS error descriptor out. The JS
//! layer in `pkg-template/` turns descriptors into `Error` classes and owns the namespaces.
//!
//! One crate, two modules: the main one (`start` and `resume`, the validators and the rule book) and, built
//! with the `manage` feature, the planner's (`datadog-okta-wasm/manage`), so that an app calling
//! the five operations carries no planner code.

#[cfg(not(feature = "manage"))]
mod exports;
#[cfg(feature = "manage")]
mod plan;

#[cfg(all(test, not(feature = "manage")))]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests;

mod heap;

/// Both modules use the small allocator of `heap.rs` instead of dlmalloc.
#[global_allocator]
static HEAP: heap::Heap = heap::Heap::new();

/// A panic stops the module: the facade's callers see a `WebAssembly.RuntimeError` and refuse
/// further calls (pkg-template/src/api.mjs). std's handler would format a message first, for
/// nobody to read.
#[cfg(not(feature = "std"))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
