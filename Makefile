# datadog-okta-wasm: `make demo` shows it, `make test` proves it.
# Every target sets up what it needs first (scripts/setup.sh is idempotent).

SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: all setup setup-browser pkg test test-rust test-wasm test-js demo bench clean

# Each area adds its suites from its own fragment: `TEST_SUITES += test-x` plus a `test-x` rule.
TEST_SUITES :=
-include mk/*.mk

all: pkg

setup:
	@NEED_BROWSER=0 scripts/setup.sh

setup-browser:
	@scripts/setup.sh

# The npm package, built into pkg/ (serialised: concurrent builds would share target/).
pkg: setup
	@mkdir -p target && flock target/.pkg.lock scripts/build-pkg.sh

test: setup-browser pkg test-rust test-wasm test-js $(TEST_SUITES)
	@echo "make test: all suites passed"

# Native: the core without I/O (recordings, validation, retries, property tests), the lints
# that keep panics out of the wasm, and API docs without warnings. The lints run on the wasm
# library twice: with its tests (built with std) and alone (without std, as shipped).
test-rust:
	cargo test --quiet
	cargo clippy --quiet --all-targets -- -D warnings
	cargo clippy --quiet --all-targets --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --quiet --lib --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --quiet --all-targets --target wasm32-unknown-unknown --features manage --target-dir target/manage -- -D warnings
	cargo clippy --quiet --lib --target wasm32-unknown-unknown --features manage --target-dir target/manage -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps

# The facade in wasm, end to end against a stubbed fetch: in Node and in headless Chromium.
test-wasm:
	wasm-pack --log-level warn test --node
	WASM_BINDGEN_USE_BROWSER=1 wasm-pack --log-level warn test --headless --chrome

# JS: the local API's own suite and the packed package (seed examples, ...).
test-js:
	node --test tests/fake-datadog/*.test.mjs tests/seed/*.test.mjs tests/resilience/*.test.mjs tests/readme/*.test.mjs

demo: setup pkg
	node www/server.mjs

# The side-by-side measurements of BENCHMARKS.md (bench-deps is in mk/bench.mk).
bench: setup pkg bench-deps
	cd benches && node run.mjs $(BENCH_ARGS)

clean:
	rm -rf target pkg node_modules
