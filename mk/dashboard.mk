# The accounts dashboard (www/): browser end-to-end tests in headless Chromium, and the
# README's screenshot. Included by the Makefile; `make test` runs setup-browser and pkg first.

TEST_SUITES += test-dashboard

.PHONY: test-dashboard dashboard-screenshot

test-dashboard:
	node --test tests/dashboard/

# Retakes docs/dashboard.png (commit it when the page changes).
dashboard-screenshot: setup-browser pkg
	node tests/dashboard/screenshot.mjs docs/dashboard.png
