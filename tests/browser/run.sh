#!/usr/bin/env bash
# Builds the bundled site and runs the browser tests against it: markup with the Nu Html Checker,
# accessibility and behaviour in headless Chromium.
# Needs Node.js, Java 17 or later (for vnu.jar) and /usr/bin/chromium (Debian package `chromium`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
site=$tmp/public
cargo run --release --quiet --manifest-path "$repo/Cargo.toml" -- build --root "$repo" --output "$site"
cd "$here"
# vnu-jar's install script fetches a Java runtime when there is none; the tests use the system's.
[[ -d node_modules/vnu-jar ]] || npm ci --no-audit --no-fund --ignore-scripts
SITE="$site" SAMKORT_BIN="$repo/target/release/samkort" node --test
