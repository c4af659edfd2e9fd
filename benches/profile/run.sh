#!/usr/bin/env bash
# make bench-profile: where the size and the time of this library go.
#  1. Builds the wasm as scripts/build-pkg.sh does (same release profile, wasm-bindgen, wasm-opt
#     passes and feature flags) but keeping the name section, in its own target dir.
#  2. Breaks the .wasm down by section, crate, function and data segment (profile/size.md).
#  3. Builds a Node package around it (pkg-template's JS, as build-pkg.sh bundles it) and
#     CPU-profiles get / list / create and the 10,000-account list against a stub fetch
#     (profile/cpu.md). Everything lands in benches/out/profile/.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
NAME=datadog_okta_wasm
OUT=benches/out/profile
SECONDS_PER_WORKLOAD=${SECONDS_PER_WORKLOAD:-3}
rm -rf "$OUT"
mkdir -p "$OUT/stage" "$OUT/pkg-named"

echo "[profile] cargo build (release profile, symbols kept) into benches/out/target" >&2
CARGO_TARGET_DIR=benches/out/target CARGO_PROFILE_RELEASE_STRIP=false \
  cargo build --release --target wasm32-unknown-unknown --quiet
# When the release profile strips (strip = true), wasm-bindgen sees no target_features section
# in the shipped build; drop it here too then, so that wasm-bindgen makes the same choices (and the
# same code) as for pkg/. Otherwise keep it, as build-pkg.sh does.
if sed -n '/^\[profile.release\]/,/^\[/p' Cargo.toml | grep -Eq '^strip *= *(true|"symbols")'; then
  DROP='["target_features"]'
else
  DROP='[]'
fi
node -e '
  const { withoutCustomSections } = await import("./benches/profile/wasm.mjs");
  const fs = await import("node:fs");
  fs.writeFileSync(process.argv[2], withoutCustomSections(fs.readFileSync(process.argv[1]), JSON.parse(process.argv[3])));
' --input-type=module "benches/out/target/wasm32-unknown-unknown/release/$NAME.wasm" "$OUT/input.wasm" "$DROP"
wasm-bindgen --target web --out-dir "$OUT/stage" --out-name "$NAME" --no-typescript "$OUT/input.wasm" 2> >(grep -v target_features >&2)
PASSES=$(sed -n 's/^PASSES="\(.*\)"$/\1/p' scripts/build-pkg.sh)
# shellcheck disable=SC2046,SC2086
wasm-opt $PASSES -g $(grep -o -- '--enable-[a-z-]*' scripts/build-pkg.sh | tr '\n' ' ') "$OUT/stage/${NAME}_bg.wasm" -o "$OUT/named.wasm"

echo "[profile] size breakdown -> $OUT/size.md" >&2
# Under build-pkg's lock, so that a concurrent `make pkg` cannot remove it midway.
mkdir -p target && flock target/.pkg.lock cp "pkg/${NAME}_bg.wasm" "$OUT/shipped.wasm"
node benches/profile/wasm-size.mjs "$OUT/named.wasm" "$OUT/shipped.wasm" > "$OUT/size.md"

echo "[profile] CPU profiles -> $OUT/cpu.md" >&2
cp pkg-template/src/*.mjs src/wasm/attempt.js "$OUT/stage/"
esbuild "$OUT/stage/node-entry.mjs" --bundle --format=cjs --platform=node --log-level=error --outfile="$OUT/pkg-named/node.cjs"
cp "$OUT/named.wasm" "$OUT/pkg-named/${NAME}_bg.wasm"
echo '{"name":"datadog-okta-wasm-named","private":true}' > "$OUT/pkg-named/package.json"
: > "$OUT/cpu.md"
declare -A CALLS
for op in get list create large loopback loopback-raw; do
  result=$(node --cpu-prof --cpu-prof-dir="$OUT/cpuprof-$op" --cpu-prof-interval 100 \
    benches/profile/workload.mjs "$PWD/$OUT/pkg-named" "$op" "$SECONDS_PER_WORKLOAD")
  CALLS[$op]=$(node -p "JSON.parse(process.argv[1]).calls" "$result")
  node benches/profile/cpu-summary.mjs "$OUT"/cpuprof-$op/*.cpuprofile "$op: $result" >> "$OUT/cpu.md"
  echo >> "$OUT/cpu.md"
done
node benches/profile/cpu-diff.mjs "$OUT/cpuprof-loopback" "${CALLS[loopback]}" "$OUT/cpuprof-loopback-raw" "${CALLS[loopback-raw]}" \
  "Loopback, this library (A) against raw fetch (B): where the extra time per call goes" >> "$OUT/cpu.md"
echo >> "$OUT/cpu.md"
node benches/profile/micro.mjs >> "$OUT/cpu.md"
echo >> "$OUT/cpu.md"
node benches/profile/fetch-signal.mjs >> "$OUT/cpu.md"
cat "$OUT/size.md" "$OUT/cpu.md"
