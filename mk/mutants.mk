# Mutation testing of the core (issue 12): cargo-mutants changes the code of the modules that
# hold the rules, the secrets and the retries, one mutant at a time, and checks that `cargo test`
# fails. Not part of `make test`: tens of minutes on 2 cores. Pass more options through
# MUTANTS_ARGS (`make mutants MUTANTS_ARGS="--shard 1/4"`, `--file src/site.rs`, `-j 2`); the
# report lands in target/mutants/mutants.out/ (caught.txt, missed.txt, timeout.txt, unviable.txt),
# and the run fails when a mutant survives. `MUTANTS_ARGS=--iterate` tests only what the last run
# did not catch. Mutants shown to be equivalent are left out in .cargo/mutants.toml, each with why.

MUTANTS_FILES := src/site.rs src/validate.rs src/encode.rs src/secret.rs src/request.rs src/client.rs \
  src/retry.rs src/ratelimit.rs src/account/mod.rs src/rules.rs
# Property tests at 200 cases each: enough to catch a mutant, a fraction of the default's time.
MUTANTS_PROPTEST_CASES ?= 200

.PHONY: mutants mutants-tool
mutants-tool:
	@command -v cargo-mutants >/dev/null || cargo install cargo-mutants --locked

# cargo-mutants exits 2 when a mutant survives and 3 when some only timed out (a mutant that
# loops forever is caught: the tests never pass); 3 is a success here.
mutants: mutants-tool
	PROPTEST_CASES=$(MUTANTS_PROPTEST_CASES) cargo mutants --profile mutants --output target/mutants \
	  $(foreach f,$(MUTANTS_FILES),--file $(f)) --cargo-test-arg=--lib --cargo-test-arg=--tests $(MUTANTS_ARGS) \
	  || [ $$? -eq 3 ]
	@# cargo-mutants exits 3 when a mutant timed out even if others were missed: a missed one fails here.
	@if [ -s target/mutants/mutants.out/missed.txt ]; then \
	  echo "make mutants: these mutants survived (a test is missing, or add an equivalent one to .cargo/mutants.toml with why):"; \
	  cat target/mutants/mutants.out/missed.txt; exit 1; fi
