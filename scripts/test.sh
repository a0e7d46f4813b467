#!/usr/bin/env bash
# Everything `npm test` checks, in order of speed: formatting, lints, Rust tests, then the
# package's JS tests and the browser tests against the built package.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "== cargo fmt --check, prettier --check"
cargo fmt --check
npx prettier --check "pkg/**/*.{js,mjs,cjs,ts}" "scripts/**/*.mjs" "tests/**/*.{mjs,ts}" "bench/**/*.{mjs,js}"
echo "== cargo clippy -D warnings"
cargo clippy --all-targets -- -D warnings
echo "== cargo test"
cargo test
echo "== cargo clippy (wasm32, scalar and SIMD) -D warnings"
cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings
RUSTFLAGS="-C target-feature=+simd128" cargo clippy --lib --target wasm32-unknown-unknown --target-dir target/simd -- -D warnings
echo "== build the npm package"
bash scripts/build.sh
echo "== JS tests (node:test)"
node --test --test-concurrency=1 tests/js/
echo "== browser tests (Chromium)"
bash scripts/setup.sh --browser
node --test --test-concurrency=1 tests/browser/
