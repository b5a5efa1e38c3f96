#!/usr/bin/env bash
# Runs the product on its embedded default, `swift run mmcat serve --demo` (extra arguments are
# passed on), after installing the one system package the build needs if it is missing:
# libmongoc-dev, the MongoDB C driver (with pkgconf, which finds it). Installing needs root or sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
if ! installed libmongoc-dev || ! installed pkgconf; then
    echo "installing libmongoc-dev and pkgconf from Debian ..." >&2
    root=""
    [ "$(id -u)" -eq 0 ] || root=sudo
    export DEBIAN_FRONTEND=noninteractive
    $root apt-get update -q >/dev/null
    $root apt-get install -y -q libmongoc-dev pkgconf >/dev/null
fi
exec swift run mmcat serve --demo "$@"
