//! What std's prelude gives every module, taken from `alloc`: the shipped wasm is built without
//! std (lib.rs), and each module starts with `use crate::prelude::*;`.
#![allow(unused_imports)]

pub use alloc::borrow::ToOwned;
pub use alloc::boxed::Box;
pub use alloc::string::{String, ToString};
pub use alloc::vec::Vec;
