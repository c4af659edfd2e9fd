//! The modules of `src/` form layers that point one way: each uses only the modules listed
//! before it here, so the module graph has no circle. A new module goes into this list.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::fs;
use std::path::Path;

const LAYERS: [&str; 21] = [
    "prelude", // what std's prelude gives, from alloc (the wasm is built without std)
    "text", "json", "encode", "ratelimit", "retry", "secret", "site", // text and values
    "problem",  // validation problems
    "account",  // the account's fields, what is sent and what comes back
    "error",    // the error type
    "validate", "config", // input rules
    "request", "response", // HTTP
    "transport", // the I/O seam
    "client",    // retries and time limits
    "drive",     // calls stepped by the JS loop
    "plan",      // management (the `/manage` entry)
    "rules",     // the rule book the JS layers ask
    "wasm",      // the facade
];

/// The top-level modules a file refers to through `crate::name`.
fn uses(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("crate::") {
        let before = text[..i].chars().last();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue; // `$crate::` in macros, or part of a longer name
        }
        let name: String = text[i + 7..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_module_uses_only_the_layers_before_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut seen = Vec::new();
    let mut wrong = Vec::new();
    for path in all {
        let rel = path.strip_prefix(&src).unwrap();
        let first = rel.components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_owned();
        if first == "lib" {
            continue;
        }
        let Some(me) = LAYERS.iter().position(|l| *l == first) else {
            panic!("src/{} is in no layer: add `{first}` to LAYERS in tests/layers.rs", rel.display());
        };
        seen.push(first.clone());
        for used in uses(&fs::read_to_string(&path).unwrap()) {
            if used == first || used == "j" {
                continue; // within the module, or the tests' JSON macro
            }
            match LAYERS.iter().position(|l| *l == used) {
                Some(other) if other < me => {}
                _ => wrong.push(format!("src/{} ({first}) uses crate::{used}", rel.display())),
            }
        }
    }
    assert!(wrong.is_empty(), "uses against the layers:\n{}", wrong.join("\n"));
    for layer in LAYERS {
        assert!(seen.iter().any(|s| s == layer), "LAYERS names {layer}, which src/ no longer has");
    }
}

#[test]
fn the_check_sees_a_use_against_the_layers() {
    assert_eq!(uses("use crate::json::{Json};\nlet x = crate::account::FIELDS; $crate::j!(1); my_crate::x"), vec!["json", "account"]);
}
