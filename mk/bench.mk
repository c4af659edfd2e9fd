# Benchmarks (issue 6). `make bench` (main Makefile) is the full side-by-side run; `make test`
# runs `test-bench`, the quick mode, which only checks that the bench still runs: tiny sizes,
# one repetition, no timing thresholds. benches/ has its own package.json and lockfile.

TEST_SUITES += test-bench
.PHONY: test-bench bench-deps bench-profile

# npm ci only when benches/node_modules is missing or older than the lockfile (idempotent).
bench-deps:
	@if [[ ! -f benches/node_modules/.package-lock.json || benches/package-lock.json -nt benches/node_modules/.package-lock.json ]]; then \
	  echo "[bench] npm ci in benches/"; \
	  cd benches && npm ci --no-audit --no-fund --loglevel=error; \
	fi

test-bench: pkg bench-deps
	@mkdir -p benches/out
	@cd benches && if node run.mjs --quick > out/quick.log 2>&1; then \
	  grep -A12 '^## Targets' out/quick.log; echo "test-bench: every bench section ran (--quick; figures are not measurements)"; \
	else cat out/quick.log; echo "test-bench: the bench failed"; exit 1; fi

# Where the size and the time go: a wasm build that keeps its function names, its size by
# function and crate, and CPU profiles of calls (see BENCHMARKS.md). Not part of `make test`.
bench-profile: setup pkg bench-deps
	benches/profile/run.sh
