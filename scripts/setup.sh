#!/usr/bin/env bash
# Installs what `make test`, `make pkg` and `make demo` need, skipping what is already there.
# Idempotent: a second run only checks. Everything comes from crates.io, npm or Debian.
set -euo pipefail
cd "$(dirname "$0")/.."

need_browser=${NEED_BROWSER:-1}
log() { printf '[setup] %s\n' "$*" >&2; }

# The wasm-bindgen CLI must match the `wasm-bindgen = "=X"` pin in Cargo.toml exactly.
WB_VERSION=$(sed -n 's/^wasm-bindgen = .*"=\([0-9.]*\)".*/\1/p' Cargo.toml)
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "adding Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! command -v wasm-bindgen >/dev/null || [[ "$(wasm-bindgen --version | awk '{print $2}')" != "$WB_VERSION" ]]; then
  log "installing wasm-bindgen-cli $WB_VERSION"
  # Not --locked: one of its locked dependency versions is no longer on the registry.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

if ! command -v wasm-pack >/dev/null; then
  log "installing wasm-pack"
  cargo install wasm-pack --locked
fi

if [[ "$need_browser" == 1 ]] && { ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; }; then
  log "installing Debian chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# JS tooling (typescript, esbuild, binaryen's wasm-opt, playwright-core, ...) is pinned in the
# top-level package-lock.json; `npm ci` only when node_modules is missing or older than the lock.
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  log "installing npm dev dependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi
log "ready"
