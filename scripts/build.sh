#!/usr/bin/env bash
# Builds the npm package in pkg/: the crate for wasm32 (release profile), wasm-bindgen glue for
# Node (CommonJS, loads the .wasm synchronously) and for browsers/bundlers (ES module), and the
# CommonJS copy of the hand-written API; then the static site in dist/site/ (the page and the
# package files it loads, scripts/site.mjs). Each skips the work when nothing it is made from
# changed; --force rebuilds both.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

out=pkg/wasm
stamp=$out/.built
# The stamp sits outside dist/site/, which is copied to hosts as it is.
site_stamp=dist/.site-built
site() {
  if [ "${1:-}" != "--force" ] && [ -f "$site_stamp" ] && [ -d dist/site ] \
    && [ -z "$(find www pkg/browser.js pkg/api.js pkg/wasm/web "$stamp" scripts/site.mjs scripts/serve.mjs scripts/start.mjs scripts/build.sh -newer "$site_stamp" -print -quit)" ]; then
    echo "build: dist/site/ is up to date"
    return
  fi
  # site.mjs reuses the last build's .br/.gz of a file whose bytes did not change; --force does not.
  if [ "${1:-}" = "--force" ]; then rm -rf dist/site; fi
  node scripts/site.mjs dist/site
  touch "$site_stamp"
}
if [ "${1:-}" != "--force" ] && [ -f "$stamp" ] \
  && [ -z "$(find src Cargo.toml Cargo.lock pkg/api.js scripts/build.sh -newer "$stamp" -print -quit)" ]; then
  echo "build: pkg/ is up to date"
  site "$@"
  exit 0
fi

# Two builds of the same code: with wasm SIMD (the RSA kernel's i64x2.extmul, DESIGN.md) and
# without, for engines that lack it (Safari before 16.4). The glue loads one, chosen at load
# time by simdSupported() in pkg/api.js. The SIMD build has its own target dir, so switching
# RUSTFLAGS does not rebuild the other.
echo "build: compiling the crate for wasm32-unknown-unknown (release), scalar and SIMD"
cargo build --lib --release --target wasm32-unknown-unknown
RUSTFLAGS="-C target-feature=+simd128" cargo build --lib --release --target wasm32-unknown-unknown --target-dir target/simd
wasm=target/wasm32-unknown-unknown/release/jwtmint.wasm
simd=target/simd/wasm32-unknown-unknown/release/jwtmint.wasm
rm -rf "$out"
bindgen() {
  wasm-bindgen "$1" --out-dir "$2" --out-name jwtmint --target "$3" --no-typescript --remove-name-section --remove-producers-section
}
for target in node web; do
  flavour=$([ "$target" = node ] && echo nodejs || echo web)
  bindgen "$wasm" "$out/$target" "$flavour"
  bindgen "$simd" "$out/simd-$target" "$flavour"
  # Both builds export the same functions, so one glue serves both .wasm files.
  cmp -s "$out/$target/jwtmint.js" "$out/simd-$target/jwtmint.js" || {
    echo "build: the SIMD and scalar builds need different glue; they must export the same API" >&2
    exit 1
  }
  mv "$out/simd-$target/jwtmint_bg.wasm" "$out/$target/jwtmint_simd_bg.wasm"
  rm -rf "$out/simd-$target"
done
# The package is "type": "module"; the Node glue is CommonJS, so it gets the .cjs extension.
mv "$out/node/jwtmint.js" "$out/node/jwtmint.cjs"
node scripts/make-cjs.mjs pkg/api.js pkg/wasm/api.cjs
# wasm-bindgen writes the same .wasm for both targets (only the glue differs): the package ships
# one copy, in wasm/web/ where browsers and bundlers look for it, and the Node glue reads that
# one. Shipping both was 0.9 MB of the 2.1 MB unpacked package, for nothing.
for file in jwtmint_bg.wasm jwtmint_simd_bg.wasm; do
  cmp -s "$out/node/$file" "$out/web/$file" || {
    echo "build: wasm-bindgen wrote different $file for Node and the web; ship both or find out why" >&2
    exit 1
  }
  rm "$out/node/$file"
done
# The Node glue reads jwtmint_bg.wasm beside it; make it read the build this engine runs, from
# wasm/web/.
node -e '
const fs = require("fs");
const file = process.argv[1];
const load = "const wasmPath = `${__dirname}/jwtmint_bg.wasm`;";
const text = fs.readFileSync(file, "utf8");
if (!text.includes(load)) throw new Error(`${file}: wasm-bindgen changed how it loads the .wasm; update scripts/build.sh`);
fs.writeFileSync(file, text.replace(load, "const wasmPath = `${__dirname}/../web/${require(\"../api.cjs\").simdSupported() ? \"jwtmint_simd_bg.wasm\" : \"jwtmint_bg.wasm\"}`;"));
' "$out/node/jwtmint.cjs"
cp README.md pkg/README.md
touch "$stamp"
for file in jwtmint_simd_bg.wasm jwtmint_bg.wasm; do
  echo "build: pkg/wasm/web/$file $(wc -c < "$out/web/$file") bytes, $(gzip -9c "$out/web/$file" | wc -c) gzip"
done
site "$@"
