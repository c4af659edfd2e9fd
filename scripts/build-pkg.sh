#!/usr/bin/env bash
# Builds the npm package into pkg/: one .wasm, loaded by a browser/bundler ESM entry (web.mjs)
# and by a Node CommonJS entry (node.cjs, re-exported as ESM by node.mjs), plus the
# hand-written TypeScript declarations. Run through `make pkg`.
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
# flags are those rustc 1.95 emits by default.
optimise() {
  wasm-opt -Oz --converge --strip-debug --strip-producers --strip-target-features --enable-bulk-memory --enable-bulk-memory-opt \
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$1" -o "$2"
}

# The client's module: the five operations, the validators and the rule book.
cargo build --release --target wasm32-unknown-unknown --quiet
wasm-bindgen --target web --out-dir "$STAGE" --out-name "$NAME" --no-typescript \
  "target/wasm32-unknown-unknown/release/$NAME.wasm"
optimise "$STAGE/${NAME}_bg.wasm" "$OUT/${NAME}_bg.wasm"

# The planner's module (`datadog-okta-wasm/manage`), the same crate with the `manage` feature, in
# a target folder of its own so the two builds never rebuild each other.
mkdir -p "$STAGE/manage" "$OUT/manage"
cargo build --release --target wasm32-unknown-unknown --features manage --target-dir target/manage --quiet
wasm-bindgen --target web --out-dir "$STAGE/manage" --out-name datadog_okta_manage --no-typescript \
  "target/manage/wasm32-unknown-unknown/release/$NAME.wasm"
optimise "$STAGE/manage/datadog_okta_manage_bg.wasm" "$OUT/manage/datadog_okta_manage_bg.wasm"

cp pkg-template/src/*.mjs src/wasm/attempt.js "$STAGE/"
esbuild "$STAGE/web.mjs" --bundle --format=esm --platform=neutral --log-level=warning --outfile="$OUT"/web.mjs
esbuild "$STAGE/node-entry.mjs" --bundle --format=cjs --platform=node --log-level=error --outfile="$OUT"/node.cjs
cp pkg-template/node.mjs pkg-template/index.d.ts "$OUT"/
cp pkg-template/index.d.ts "$OUT"/index.d.cts

# The planner's entry imports the main one by the package's name (kept external), so both share
# one client and one set of error classes.
cp pkg-template/manage/*.mjs "$STAGE/manage/"
esbuild "$STAGE/manage/web.mjs" --bundle --format=esm --platform=neutral --external:datadog-okta-wasm --log-level=warning --outfile="$OUT"/manage/web.mjs
esbuild "$STAGE/manage/node-entry.mjs" --bundle --format=cjs --platform=node --external:datadog-okta-wasm --log-level=error --outfile="$OUT"/manage/node.cjs
cp pkg-template/manage/node.mjs "$OUT"/manage/node.mjs
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
