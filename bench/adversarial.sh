#!/usr/bin/env bash
# Times samkort on hostile inputs whose cost once grew faster than their size:
#
#   bench/adversarial.sh [GEN_CORPUS_PY]
#
#   headings-4000   one card of 4,000 identical `## a` headings (48 KB)
#   headings-8000   one card of 8,000 identical headings
#   links-200000    one card with 200,000 wikilinks on one line (1.2 MB)
#   broken-1000     a 10,000-card corpus (GEN_CORPUS_PY, flavor plain) with 1,000 broken links,
#                   each one letter off a real slug, so each gets a did-you-mean; the build
#                   fails (exit 1) after reporting all of them, as it should. The same corpus
#                   without them (corpus-10000) is checked too, for comparison
#
# Each is built (and the broken corpus also checked) with hyperfine when it is installed, or
# timed with GNU time otherwise; prints one Markdown table row per run. Without GEN_CORPUS_PY the
# corpus row is left out. Output goes to /dev/shm. Env: RUNS (default 5), WORK (default
# /tmp/samkort-adversarial).
set -euo pipefail
gen=${1:-}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
runs=${RUNS:-5}
work=${WORK:-/tmp/samkort-adversarial}
out=/dev/shm/samkort-adversarial-out
mkdir -p "$work"

cargo build --release --manifest-path "$repo/Cargo.toml" >&2
bin="$repo/target/release/samkort"

# name python-code: a one-kind site at $work/NAME whose cards the code writes into `noter`.
small_site() {
  local dir="$work/$1"
  rm -rf "$dir"
  mkdir -p "$dir/content/noter"
  printf 'title = "Adversarial"\n\n[kinds.note]\nfolder = "noter"\nsingular = "Note"\nplural = "Noter"\n' \
    >"$dir/samkort.toml"
  (cd "$dir/content/noter" && python3 -c "$2")
  echo "$dir"
}

card='def card(slug, body): open(slug + ".md", "w").write("---\ntitle: " + slug + "\n---\n" + body + "\n")'

# label what exit command: one table row (mean and min wall time over RUNS runs)
measure() {
  local label=$1 what=$2 cmd=$3 code json
  code=$(bash -c "$cmd" >/dev/null 2>&1 && echo 0 || echo $?)
  if command -v hyperfine >/dev/null; then
    json=$(mktemp)
    hyperfine --style none --warmup 1 --runs "$runs" --ignore-failure --prepare "rm -rf $out" \
      --export-json "$json" "$cmd" >&2
    python3 - "$json" "$label" "$what" "$code" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"| {sys.argv[2]} | {sys.argv[3]} | {sys.argv[4]} | {r['mean']:.3f} s | {r['min']:.3f} s |")
PY
    rm -f "$json"
  else
    local times=()
    for _ in $(seq "$runs"); do
      rm -rf "$out"
      times+=("$( { /usr/bin/time -f %e bash -c "$cmd" >/dev/null 2>/dev/null; } 2>&1 | tail -1)")
    done
    python3 - "$label" "$what" "$code" "${times[@]}" <<'PY'
import sys
t = [float(x) for x in sys.argv[4:]]
print(f"| {sys.argv[1]} | {sys.argv[2]} | {sys.argv[3]} | {sum(t) / len(t):.3f} s | {min(t):.3f} s |")
PY
  fi
}

echo "| input | command | exit | mean | min |"
echo "| --- | --- | --- | --- | --- |"
for n in 4000 8000; do
  site=$(small_site "headings-$n" "$card
card('a', '[[b]]' + '\\n\\n## a' * $n)
card('b', '[[a]]')")
  measure "headings-$n" build "$bin build --root $site --output $out"
done

site=$(small_site links-200000 "$card
card('a', '[[b]] ' * 200000)
card('b', '[[a]]')")
measure links-200000 build "$bin build --root $site --output $out"

if [[ -n $gen ]]; then
  corpus="$work/c10000_plain"
  [[ -d $corpus/content ]] || python3 "$gen" --cards 10000 --out "$corpus" --flavor plain >&2
  cp "$here/samkort.toml" "$corpus/samkort.toml"
  measure corpus-10000 check "$bin check --root $corpus"
  site="$work/broken-1000"
  rm -rf "$site"
  cp -r "$corpus" "$site"
  cp "$here/samkort.toml" "$site/samkort.toml"
  # Every tenth card (1,000 of them) links to its own slug with one letter doubled.
  python3 - "$site/content" <<'PY'
import pathlib, sys
cards = sorted(pathlib.Path(sys.argv[1]).glob("*/*.md"))
for card in cards[::10]:
    with open(card, "a") as f:
        f.write(f"\nSe også [[{card.stem}{card.stem[-1]}]].\n")
print(f"{len(cards[::10])} broken links in {len(cards)} cards", file=sys.stderr)
PY
  measure broken-1000 check "$bin check --root $site"
  measure broken-1000 build "$bin build --root $site --output $out"
fi
rm -rf "$out"
