#!/usr/bin/env bash
# npm start: installs what is missing, builds what is out of date, then serves the page.
#   npm start            http://127.0.0.1:8080/
#   npm start -- --port 9000   or   PORT=9000 npm start
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
exec node scripts/start.mjs "$@"
