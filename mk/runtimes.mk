# The runtime matrix (issues 7 and 15): the packed tarball, both its entries (datadog-okta-wasm and
# datadog-okta-wasm/manage), installed into fresh temporary projects, in Node 18/20/22, Bun, Deno,
# headless Chromium (no bundler, esbuild, Vite build and dev server, module Workers; the .wasm
# loaded with globalThis.fetch replaced after the import, preload()), Cloudflare's workerd (a
# worker bundled as wrangler does, with and without nodejs_compat) and Vercel's Edge runtime (its
# wasm compiled ahead of time, none from bytes), TypeScript consumers (node10, node16, nodenext,
# bundler), a bare JS realm (no process/Buffer/window; init()), and the package linters. The
# pinned runtimes and tools (tests/runtimes/tools/package-lock.json) are installed once into
# target/runtimes/ and reused.

TEST_SUITES += test-runtimes
.PHONY: test-runtimes runtimes-tools

runtimes-tools:
	@mkdir -p target && flock target/.runtimes.lock node tests/runtimes/tools/install.mjs

# Two test files at a time: the 2-core machine is busy enough with one browser or tsc each.
test-runtimes: setup-browser pkg runtimes-tools
	node --test --test-concurrency=2 --test-reporter=spec tests/runtimes/
