//! The exports of the planner ([`crate::plan`]): JSON text in, JSON text out. The JS layer
//! (`pkg-template/src/plan.mjs`) lists accounts, computes fingerprints and applies plans.

use crate::prelude::*;

use wasm_bindgen::prelude::*;

use crate::plan;

/// Plans from `{desired, current, known?, offered?, prune?, pushUnverifiable?}`; returns
/// `{"plan":...}` or `{"problems":[...]}`.
#[wasm_bindgen(js_name = planAccounts)]
pub fn plan_accounts(input: &str) -> String {
    plan::plan_json(input)
}

/// Finds by name in `{current, name}`; returns `{"index":N|null}` or `{"problems":[...]}`.
#[wasm_bindgen(js_name = findAccountByName)]
pub fn find_account_by_name(input: &str) -> String {
    plan::find_json(input)
}

/// Reads a desired-state document (`{"accounts":{NAME:{...}}, "organisations"?: ...}`, secrets as
/// `"${VARIABLE}"`); returns `{accounts, organisations?, references, warnings, problems}`.
#[wasm_bindgen(js_name = readDesiredDocument)]
pub fn read_desired_document(text: &str) -> String {
    plan::read_document_json(text)
}
