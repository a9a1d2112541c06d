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
# The bundled lists fit on one page each. The site under test splits them (page_size = 20), so
# that the later pages of a list and their pager are checked too.
src=$tmp/src
mkdir -p "$src"
cp -r "$repo/content" "$repo/themes" "$src/"
{ echo "page_size = 20"; cat "$repo/samkort.toml"; } > "$src/samkort.toml"
# Published under a sub-path, as on an intranet: the 404 page must work at any depth there.
cargo run --release --quiet --manifest-path "$repo/Cargo.toml" -- build --root "$src" --output "$site" --base-url /laering/ledelse/
# A site of hostile cards: nothing in them may run.
hostile=$tmp/hostile
"$repo/target/release/samkort" build --root "$repo/tests/fixtures/hostile" --output "$hostile"
# The example of a municipality's branding (samkort.toml [brand] and one CSS file).
brand=$tmp/brand
"$repo/target/release/samkort" build --root "$repo/examples/kommune" --output "$brand"
# The English starter, as `samkort init --lang en` writes it.
"$repo/target/release/samkort" init "$tmp/en-src" --lang en >/dev/null
en_site=$tmp/en
"$repo/target/release/samkort" build --root "$tmp/en-src" --output "$en_site" >/dev/null 2>&1
cd "$here"
# vnu-jar's install script fetches a Java runtime when there is none; the tests use the system's.
[[ -d node_modules/vnu-jar && -d node_modules/decap-cms ]] || npm ci --no-audit --no-fund --ignore-scripts
# The form editor: the bundled site with `samkort cms`, Decap CMS copied from its npm package
# beside the admin page, and the test-repo backend (kept by samkort cms), built.
cms_src=$tmp/cms-src
mkdir -p "$cms_src/content/admin"
cp -r "$repo/content" "$repo/samkort.toml" "$cms_src/"
printf 'backend:\n  name: test-repo\n' > "$cms_src/content/admin/config.yml"
"$repo/target/release/samkort" cms --root "$cms_src" >/dev/null
cp node_modules/decap-cms/dist/*.js node_modules/decap-cms/dist/*.wasm "$cms_src/content/admin/"
cms_site=$tmp/cms
"$repo/target/release/samkort" build --root "$cms_src" --output "$cms_site" 2>/dev/null
cms_kinds=$(sed -n 's/^  label: //p' "$cms_src/content/admin/config.yml" | paste -sd'|')
SITE="$site" HOSTILE_SITE="$hostile" BRAND_SITE="$brand" EN_SITE="$en_site" SAMKORT_BIN="$repo/target/release/samkort" \
  CMS_SITE="$cms_site" CMS_KINDS="$cms_kinds" CMS_NEW="case|Casetype" node --test
