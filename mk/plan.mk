# Accounts by name, plan and apply, and the `datadog-okta` command line (issue 8). The Rust
# planner's unit tests run with `cargo test` (test-rust); this suite runs the packed tarball's
# helpers and CLI against the local API on 127.0.0.1. `make test` runs setup and pkg first.

TEST_SUITES += test-plan
.PHONY: test-plan

test-plan: pkg
	node --test tests/plan/*.test.mjs
