#!/usr/bin/env bash
# Builds the wasm with each candidate release profile and reports size (raw, gzip) and the time
# per RS256-2048 and HS256 token in Node, so the profile in Cargo.toml is chosen by measurement.
# Usage: bash bench/profiles.sh   (takes a few minutes: one LTO build per profile)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
work=$(mktemp -d)
printf '| opt-level | wasm bytes | gzip bytes | RS256-2048 ms/token | HS256 µs/token |\n|---|---|---|---|---|\n'
for level in 3 s z; do
  CARGO_PROFILE_RELEASE_OPT_LEVEL=$level cargo build --quiet --lib --release --target wasm32-unknown-unknown --target-dir "$work/target-$level"
  wasm-bindgen "$work/target-$level/wasm32-unknown-unknown/release/jwtmint.wasm" --out-dir "$work/$level" --out-name jwtmint --target nodejs --no-typescript
  mv "$work/$level/jwtmint.js" "$work/$level/jwtmint.cjs"
  cp pkg/api.js "$work/$level/api.mjs"
  raw=$(wc -c < "$work/$level/jwtmint_bg.wasm"); gz=$(gzip -9c "$work/$level/jwtmint_bg.wasm" | wc -c)
  timing=$(node --input-type=module -e "
    import { createRequire } from 'node:module';
    import { readFileSync } from 'node:fs';
    const { createApi } = await import('$work/$level/api.mjs');
    const api = createApi(createRequire(import.meta.url)('$work/$level/jwtmint.cjs'), () => true);
    const key = api.importKey(readFileSync('tests/keys/rsa2048.pem', 'utf8'));
    const secret = api.importKey('0123456789abcdef0123456789abcdef', { encoding: 'utf8' });
    const time = (n, run) => { for (let i = 0; i < 5; i++) run(); const t = process.hrtime.bigint(); for (let i = 0; i < n; i++) run(); return Number(process.hrtime.bigint() - t) / n; };
    const rs = time(60, () => api.sign({ sub: 'bench' }, key, { alg: 'RS256' }));
    const hs = time(5000, () => api.sign({ sub: 'bench' }, secret, { alg: 'HS256' }));
    console.log((rs / 1e6).toFixed(2) + ' | ' + (hs / 1e3).toFixed(1));
  ")
  printf '| %s | %s | %s | %s |\n' "$level" "$raw" "$gz" "$timing"
done
rm -rf "$work"
