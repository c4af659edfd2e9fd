# The accounts dashboard (www/): browser end-to-end tests in headless Chromium, and the
# README's screenshot. Included by the Makefile; `make test` runs setup-browser and pkg first.

TEST_SUITES += test-dashboard
DASHBOARD_SHOTS := target/dashboard-screenshots

.PHONY: test-dashboard dashboard-screenshot

# Also saves the list at 1280 and 390 px, light and dark, in $(DASHBOARD_SHOTS)/list-*.png.
test-dashboard:
	node --test tests/dashboard/

# Retakes those four pictures and copies the 1280 px light one to docs/dashboard.png, the
# README's screenshot (commit it when the page changes).
dashboard-screenshot: setup-browser pkg
	node --test tests/dashboard/screenshots.test.mjs
	cp $(DASHBOARD_SHOTS)/list-1280-light.png docs/dashboard.png
