#!/usr/bin/env bash
# Runs every test of the project on this machine, as CI does:
#   installs the packages the tests need (Debian and PyPI), starts PostgreSQL, SecantusDB and
#   FalkorDB on loopback, builds, checks formatting, runs the benchmark at a small size so it
#   cannot rot, runs `swift test` (unit, corpus, command-line and integration tests), and stops
#   the servers by PID whatever happens. Needs root (apt-get, the postgres user).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh

echo "== installing test dependencies"
services_install
echo "== starting services"
trap services_stop EXIT
services_start
echo "== building"
swift build --build-tests
echo "== checking format"
swift format lint --strict -r Sources Tests Package.swift
echo "== checking the layers"
bash scripts/check_layers.sh
echo "== checking that the doc-comment examples are the ones compiled"
python3 scripts/doc_examples.py --check
echo "== checking the OpenAPI document"
"$MMCAT_PYTHON" -c 'import json, sys; from openapi_spec_validator import validate; validate(json.load(open(sys.argv[1]))); print("valid OpenAPI 3.1")' \
    Sources/MMCatServer/Resources/openapi.json
echo "== benchmark smoke run (debug build; figures are not meaningful here)"
.build/debug/mmcat-bench --repeat 1 2000
echo "== browser tests (headless Chromium against a demo server)"
browser_data=$(mktemp -d /tmp/mmcat-browser.XXXXXX)
.build/debug/mmcat serve --demo --data "$browser_data/demo" --port 18095 --job-delay 3 >"$browser_data/demo.log" 2>&1 &
browser_server=$!
# A second server without --demo, for the token screens.
MMCAT_TOKEN=$(.build/debug/mmcat token create --data "$browser_data/tokens")
.build/debug/mmcat serve --data "$browser_data/tokens" --port 18096 >"$browser_data/tokens.log" 2>&1 &
token_server=$!
MMCAT_TOKEN_SERVER=http://127.0.0.1:18096 MMCAT_TOKEN="$MMCAT_TOKEN" /usr/bin/python3 Tests/browser/ui_test.py http://127.0.0.1:18095 || {
    kill "$browser_server" "$token_server"; cat "$browser_data"/*.log; exit 1
}
kill "$browser_server" "$token_server" && wait "$browser_server" "$token_server" 2>/dev/null || true
rm -rf "$browser_data"
echo "== tests"
swift test --skip-build
