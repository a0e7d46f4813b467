#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "jwtmint: the token page is coming (issue 5); for now the signing core is tested with npm test."
