# The attack suite (issue 12): one test per hole, hostile servers, files, ids and pages.
TEST_SUITES += test-attack
.PHONY: test-attack
test-attack: pkg
	node --test tests/attack/*.test.mjs
