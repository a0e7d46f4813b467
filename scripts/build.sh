#!/usr/bin/env bash
# Builds the npm package in pkg/: the crate for wasm32 (release profile), wasm-bindgen glue for
# Node (CommonJS, loads the .wasm synchronously) and for browsers/bundlers (ES module), and the
# CommonJS copy of the hand-written API. Skips the work when nothing changed; --force rebuilds.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

out=pkg/wasm
stamp=$out/.built
if [ "${1:-}" != "--force" ] && [ -f "$stamp" ] \
  && [ -z "$(find src Cargo.toml Cargo.lock pkg/api.js scripts/build.sh -newer "$stamp" -print -quit)" ]; then
  echo "build: pkg/ is up to date"
  exit 0
fi

echo "build: compiling the crate for wasm32-unknown-unknown (release)"
cargo build --lib --release --target wasm32-unknown-unknown
wasm=target/wasm32-unknown-unknown/release/jwtmint.wasm
rm -rf "$out"
wasm-bindgen "$wasm" --out-dir "$out/node" --out-name jwtmint --target nodejs --no-typescript --remove-name-section --remove-producers-section
# The package is "type": "module"; the Node glue is CommonJS, so it gets the .cjs extension.
mv "$out/node/jwtmint.js" "$out/node/jwtmint.cjs"
wasm-bindgen "$wasm" --out-dir "$out/web" --out-name jwtmint --target web --no-typescript --remove-name-section --remove-producers-section
node scripts/make-cjs.mjs pkg/api.js pkg/wasm/api.cjs
cp README.md pkg/README.md
touch "$stamp"
echo "build: pkg/wasm/web/jwtmint_bg.wasm $(wc -c < "$out/web/jwtmint_bg.wasm") bytes, $(gzip -9c "$out/web/jwtmint_bg.wasm" | wc -c) gzip"
