#!/usr/bin/env bash
# Builds the npm package into pkg/: one .wasm, loaded by a browser/bundler ESM entry (web.mjs),
# by a Node CommonJS entry (node.cjs, re-exported as ESM by node.mjs) and by two edge entries
# that import it as a module (workerd.mjs, edge-light.mjs, over core.mjs), plus the hand-written
# TypeScript declarations; the same again for the planner in manage/. Run through `make pkg`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

NAME=datadog_okta_wasm
STAGE=target/pkg-stage
# Everything is built into OUT and swapped in at the end, so a test or the demo reading pkg/
# never sees it half-built.
OUT=target/pkg-out
rm -rf "$STAGE" "$OUT"
mkdir -p "$STAGE" "$OUT"

# binaryen from npm (Debian's wasm-opt 108 produces modules that fail to load). The feature
# flags are those rustc 1.95 emits by default. --low-memory-unused lets wasm-opt fold constant
# offsets into loads and stores (-175 bytes gzip on the client's module, no slower): safe because
# rustc lays the stack out first (data starts at 1 MiB), so the low 1 KiB is only ever the far
# end of the stack. Measured and not kept, for speed (CPU per call, benches/profile/cpu-ab.mjs):
# -Oz --flatten --rereloop -Oz (-470 more, the 10,000-account list 2-5% slower) and
# --merge-similar-functions (-63 more, about 1% slower). (benches/profile/run.sh reads this line.)
PASSES="-Oz --converge --low-memory-unused"
optimise() {
  # shellcheck disable=SC2086
  wasm-opt $PASSES --strip-debug --strip-producers --strip-target-features --enable-bulk-memory --enable-bulk-memory-opt \
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$1" -o "$2"
}

# Trims of wasm-bindgen's glue, each checked so that a new wasm-bindgen that writes it otherwise
# fails here. Every entry hands the async init one object with a module, bytes or a Response, so:
# its fallback `new URL("<name>_bg.wasm", import.meta.url)` goes (no `import.meta` left in the edge
# entries or node.cjs, no second reference for bundlers that follow the pattern), and so does its
# warning about the older calling convention; `initSync` goes too (no entry uses it, and the glue's
# namespace object would keep it in every app's bundle).
OLD_CALL="console.warn('using deprecated parameters for the initialization function; pass a single object instead')"
trim_glue() {
  grep -qF "new URL('$2', import.meta.url)" "$1" && grep -qF "$OLD_CALL" "$1" && grep -qx "export { initSync, __wbg_init as default };" "$1" ||
    { echo "build-pkg: $1 is not the glue this script trims" >&2; exit 1; }
  sed -i -e "s|new URL('$2', import.meta.url)|undefined|" -e "s|$OLD_CALL|void 0|" \
    -e "s|^export { initSync, __wbg_init as default };$|export { __wbg_init as default };|" "$1"
}

# The client's module: the five operations, the validators and the rule book.
cargo build --release --target wasm32-unknown-unknown --quiet
wasm-bindgen --target web --out-dir "$STAGE" --out-name "$NAME" --no-typescript \
  "target/wasm32-unknown-unknown/release/$NAME.wasm"
trim_glue "$STAGE/$NAME.js" "${NAME}_bg.wasm"
optimise "$STAGE/${NAME}_bg.wasm" "$OUT/${NAME}_bg.wasm"

# The planner's module (`datadog-okta-wasm/manage`), the same crate with the `manage` feature, in
# a target folder of its own so the two builds never rebuild each other.
mkdir -p "$STAGE/manage" "$OUT/manage"
cargo build --release --target wasm32-unknown-unknown --features manage --target-dir target/manage --quiet
wasm-bindgen --target web --out-dir "$STAGE/manage" --out-name datadog_okta_manage --no-typescript \
  "target/manage/wasm32-unknown-unknown/release/$NAME.wasm"
trim_glue "$STAGE/manage/datadog_okta_manage.js" datadog_okta_manage_bg.wasm
optimise "$STAGE/manage/datadog_okta_manage_bg.wasm" "$OUT/manage/datadog_okta_manage_bg.wasm"

# web.mjs is one file (a page without a bundler loads it and the .wasm, nothing more); the edge
# entries are kept as written, importing the .wasm (for the host's bundler) and core.mjs.
# attempt.js is the one JS module that fetches and waits, for the loop of drive.mjs.
cp pkg-template/src/*.mjs src/wasm/attempt.js "$STAGE/"
esbuild "$STAGE/web.mjs" --bundle --format=esm --platform=neutral --log-level=warning --outfile="$OUT"/web.mjs
esbuild "$STAGE/core.mjs" --bundle --format=esm --platform=neutral --log-level=warning --outfile="$OUT"/core.mjs
esbuild "$STAGE/node-entry.mjs" --bundle --format=cjs --platform=node --log-level=warning --outfile="$OUT"/node.cjs
cp pkg-template/src/workerd.mjs pkg-template/src/edge-light.mjs pkg-template/node.mjs pkg-template/index.d.ts "$OUT"/
cp pkg-template/index.d.ts "$OUT"/index.d.cts

# The planner's entry imports the main one by the package's name (kept external), so both share
# one client and one set of error classes.
cp pkg-template/manage/*.mjs "$STAGE/manage/"
esbuild "$STAGE/manage/web.mjs" --bundle --format=esm --platform=neutral --external:datadog-okta-wasm --log-level=warning --outfile="$OUT"/manage/web.mjs
esbuild "$STAGE/manage/core.mjs" --bundle --format=esm --platform=neutral --external:datadog-okta-wasm --log-level=warning --outfile="$OUT"/manage/core.mjs
esbuild "$STAGE/manage/node-entry.mjs" --bundle --format=cjs --platform=node --external:datadog-okta-wasm --log-level=warning --outfile="$OUT"/manage/node.cjs
cp pkg-template/manage/node.mjs pkg-template/manage/workerd.mjs pkg-template/manage/edge-light.mjs "$OUT"/manage/
cp pkg-template/manage/index.d.ts "$OUT"/manage/index.d.ts
cp pkg-template/manage/index.d.ts "$OUT"/manage/index.d.cts

# The command line (`datadog-okta`): plain ESM over the package's own entries, so no bundling;
# the bin is a thin entry over its parts in cli/.
mkdir -p "$OUT/bin" "$OUT/cli"
cp pkg-template/bin/datadog-okta.mjs "$OUT/bin/"
chmod 755 "$OUT/bin/datadog-okta.mjs"
cp pkg-template/cli/*.mjs "$OUT/cli/"
# The package's own README, for npm readers: the repository's speaks of make targets, images and
# files that are not in the package.
cp pkg-template/README.md "$OUT"/
# The licenses and the changelog ship in the package: a missing one fails the build.
cp LICENSE-MIT LICENSE-APACHE CHANGELOG.md "$OUT"/

VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
sed "s/\"version\": \"0.0.0-template\"/\"version\": \"$VERSION\"/" pkg-template/package.json > "$OUT"/package.json
rm -rf pkg
mv "$OUT" pkg
echo "pkg/ built: datadog-okta-wasm $VERSION ($(wc -c < "pkg/${NAME}_bg.wasm") bytes of wasm)"
