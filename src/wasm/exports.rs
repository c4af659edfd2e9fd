//! The functions the JS layer calls. Inputs arrive as JSON strings (built in JS inside a
//! try/catch, so a hostile getter or a cycle never reaches Rust); results leave as JSON text.
//! A call is driven by the JS loop (`pkg-template/src/drive.mjs`): `start`, then `resume`
//! with the outcome of each action until it is done (see [`crate::drive`]).

use crate::prelude::*;

use wasm_bindgen::prelude::*;

use crate::drive::{self, Clock, Reply};
use crate::json;
use crate::problem::Problem;
use crate::validate;

// The clock and the dice, imported directly: js-sys would bring its futures machinery along.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Date)]
    fn now() -> f64;
    #[wasm_bindgen(js_namespace = Math)]
    fn random() -> f64;
}

const CLOCK: Clock = Clock { now, random };

/// Starts an operation: `config` is `{ config, options?, isBrowser, noUserAgent }` as JSON,
/// `params` the parameters as JSON (empty for none). Returns the first action as JSON text.
#[wasm_bindgen]
pub fn start(operation: &str, config: &str, params: &str) -> String {
    drive::start(CLOCK, operation, config, params)
}

/// What `resume`'s `status` says when it is not an HTTP status (100 to 599).
const NETWORK: u32 = 0;
const TIMEOUT: u32 = 1;
const ABORTED: u32 = 2;
const WAITED: u32 = 3;
const WAIT_ABORTED: u32 = 4;
/// Added to the HTTP status of a response whose body is larger than the request's `maxBytes`
/// (the driver read no more of it).
const OVERSIZED: u32 = 1000;

/// Resumes call `id` with the outcome of its last action; returns the next action. `status`
/// is the HTTP status of a response (`text` its headers as `name\nvalue\n` pairs, `body` its
/// bytes), or one of: 0 `fetch` failed (`text` the error's description, `body` the error as
/// JSON: its name, message, stack, code and the like, and its own cause, the same way),
/// 1 the attempt timed out, 2 the caller's signal fired, 3 a wait ended, 4 a wait was aborted,
/// or 1000 plus the HTTP status of a response whose body was larger than `maxBytes` (`text` its
/// headers, `body` empty).
#[wasm_bindgen]
pub fn resume(id: u32, status: u32, text: String, body: Vec<u8>) -> String {
    let reply = match status {
        NETWORK => Reply::Network(text, drive::lossy(body)),
        TIMEOUT => Reply::Timeout,
        WAITED => Reply::Waited(true),
        WAIT_ABORTED => Reply::Waited(false),
        100..=599 => Reply::Response(status as u16, text, body),
        1100..=1599 => Reply::Oversized((status - OVERSIZED) as u16, text),
        // ABORTED, and anything our loop never sends: stopping is the safe answer.
        ABORTED.. => Reply::Aborted,
    };
    drive::resume(id, reply)
}

/// Drops call `id`: the JS loop stopped driving it.
#[wasm_bindgen]
pub fn cancel(id: u32) {
    drive::cancel(id);
}

/// Everything the JS layer asks besides the calls, in one export (each export costs glue in
/// every bundle, used or not). `kind` is:
/// - `describe`: the rule book (`client.rules.describe()`), as JSON text (`input` unused);
/// - `create` or `update`: validates `{ body }` as a create or an update body; returns the
///   problems as JSON text (`v2.validateOktaAccount*Request`);
/// - any other: checks `{ value, ... }` against that rule (`client.rules.check*`); returns
///   `{ problems, ...normalised }` as JSON text.
#[wasm_bindgen]
pub fn ask(kind: &str, input: &str) -> String {
    match kind {
        "describe" => crate::rules::describe(),
        "create" | "update" => validate(kind == "update", input),
        _ => crate::rules::check(kind, input),
    }
}

/// Validates `{ body }` as a create body, or as an update body when `update`; returns the
/// problems as JSON text.
pub fn validate(update: bool, input: &str) -> String {
    let check = if update { validate::validate_update } else { validate::validate_create };
    let problems = match json::parse(input) {
        Ok(v) => match v.get("body") {
            Some(body) => check(body),
            None => vec![Problem::new("body", "is required")],
        },
        Err(e) => vec![Problem::new("body", crate::text::cat(&["is not valid JSON: ", &e.describe()]))],
    };
    let mut out = String::new();
    Problem::write_all(&problems, &mut out);
    out
}
