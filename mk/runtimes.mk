# The runtime matrix (issue 7): the packed tarball, installed into fresh temporary projects, in
# Node 18/20/22, Bun, Deno, headless Chromium (no bundler, esbuild, Vite build and dev server, a
# module Worker), TypeScript consumers (node16, nodenext, bundler, node10), a bare JS realm
# (no process/Buffer/window), and the package linters. The pinned runtimes and tools
# (tests/runtimes/tools/package-lock.json) are installed once into target/runtimes/ and reused.

TEST_SUITES += test-runtimes
.PHONY: test-runtimes runtimes-tools

runtimes-tools:
	@mkdir -p target && flock target/.runtimes.lock node tests/runtimes/tools/install.mjs

# Two test files at a time: the 2-core machine is busy enough with one browser or tsc each.
test-runtimes: setup-browser pkg runtimes-tools
	node --test --test-concurrency=2 --test-reporter=spec tests/runtimes/
