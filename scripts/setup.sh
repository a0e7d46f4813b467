#!/usr/bin/env bash
# Installs what the build and tests need, only when it is missing: quick and idempotent.
#   scripts/setup.sh            Rust wasm target, wasm-bindgen CLI, Python requests, HTTPie, jq,
#                               npm dependencies
#   scripts/setup.sh --browser  also Debian's chromium, for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*" >&2; }

# Installs Debian packages, as root or through sudo.
apt_install() {
  local sudo=
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq >&2 && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown >&2
fi

# The CLI must match the wasm-bindgen crate exactly (the glue format changes between versions).
wanted=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$wanted" ]; then
  say "installing wasm-bindgen-cli $wanted (found: ${have:-none}); this takes a few minutes once"
  cargo install wasm-bindgen-cli --version "$wanted" >&2
fi

# The request tests run the generated Python (requests) and HTTPie commands for real.
if ! python3 -c 'import requests' 2>/dev/null; then
  say "installing Python requests for the request tests"
  python3 -m pip install -q requests >&2
fi
if ! command -v http >/dev/null; then
  say "installing HTTPie for the request tests"
  python3 -m pip install -q httpie >&2
  # Under pyenv a new console script needs a shim before it is on PATH.
  if command -v pyenv >/dev/null; then pyenv rehash; fi
  command -v http >/dev/null || { say "HTTPie installed but 'http' is not on PATH"; exit 1; }
fi

# The token exchange commands (curl and HTTPie) read the JSON answer with jq; the exchange tests
# run them.
if ! command -v jq >/dev/null; then
  say "installing Debian's jq for the exchange tests"
  apt_install jq
fi

stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  say "installing npm dependencies"
  # Not `npm ci`: npm 11 leaves other platforms' optional packages (rollup's, esbuild's) out of
  # the lock file and `npm ci` then refuses it. `install --no-save` installs exactly the locked
  # versions and never rewrites package.json or the lock.
  npm install --no-save --no-audit --no-fund >&2
fi

if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's chromium for the browser tests"
  apt_install chromium
fi
