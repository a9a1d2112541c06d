#!/usr/bin/env bash
# Builds the bundled site and runs the browser tests against it in headless Chromium.
# Needs Node.js and /usr/bin/chromium (Debian package `chromium`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
site=$(mktemp -d)/public
cargo run --release --quiet --manifest-path "$repo/Cargo.toml" -- build --root "$repo" --output "$site"
cd "$here"
[[ -d node_modules ]] || npm ci --no-audit --no-fund
SITE="$site" SAMKORT_BIN="$repo/target/release/samkort" node --test
