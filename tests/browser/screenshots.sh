#!/usr/bin/env bash
# Refreshes the reference screenshots in docs/screenshots/ from the bundled site: home, a card,
# a course path, search, practice, the map and a staircase, on a desktop (1280 px, light) and a phone (375 px, dark).
# Run it after changing the theme. Needs the same as run.sh (Node.js, /usr/bin/chromium).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo run --release --quiet --manifest-path "$repo/Cargo.toml" -- build --root "$repo" --output "$tmp/site"
cd "$here"
[[ -d node_modules/playwright-core ]] || npm ci --no-audit --no-fund --ignore-scripts
SITE="$tmp/site" OUT="$repo/docs/screenshots" node screenshots.mjs
