# The bundle-size ceiling (issue 15): the browser bundle of an app calling the five operations
# from the main entry (esbuild --minify, JS + .wasm, gzip) must stay under the ceiling written
# in tests/size/bundle.test.mjs. Sizes are exact: the test fails only when the bundle grows.

TEST_SUITES += test-size
.PHONY: test-size

test-size: pkg
	node --test tests/size/
