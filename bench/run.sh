#!/usr/bin/env bash
# Times full builds of a generated corpus: samkort, and Hugo/Zola when they are installed.
#
#   bench/run.sh GEN_CORPUS_PY [CARDS]
#
# GEN_CORPUS_PY is the corpus generator (gen_corpus.py, flavors plain/hugo/zola). Output goes to
# /dev/shm so the numbers measure the generators, not the disk. Needs hyperfine.
# Env: RUNS (default 5), HUGO (path to a hugo binary), ZOLA (path to a zola binary).
set -euo pipefail
gen=${1:?usage: bench/run.sh GEN_CORPUS_PY [CARDS]}
cards=${2:-10000}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
runs=${RUNS:-5}
work=${WORK:-/tmp/samkort-bench}
mkdir -p "$work"

cargo build --release --manifest-path "$repo/Cargo.toml" >&2
bin="$repo/target/release/samkort"

site="$work/c${cards}_plain"
[[ -d $site/content ]] || python3 "$gen" --cards "$cards" --out "$site" --flavor plain >&2
cp "$here/samkort.toml" "$site/samkort.toml"
"$bin" check --root "$site" >&2

cmds=(--command-name "samkort-$cards" "$bin build --root $site --output /dev/shm/samkort-out")
prep="rm -rf /dev/shm/samkort-out /dev/shm/hugo-out /dev/shm/zola-out"
if [[ -n ${HUGO:-} ]]; then
  [[ -d $work/c${cards}_hugo ]] || python3 "$gen" --cards "$cards" --out "$work/c${cards}_hugo" --flavor hugo >&2
  cmds+=(--command-name "hugo-$cards" "cd $work/c${cards}_hugo && $HUGO --quiet --destination /dev/shm/hugo-out")
fi
if [[ -n ${ZOLA:-} ]]; then
  [[ -d $work/c${cards}_zola ]] || python3 "$gen" --cards "$cards" --out "$work/c${cards}_zola" --flavor zola >&2
  cmds+=(--command-name "zola-$cards" "cd $work/c${cards}_zola && $ZOLA build --output-dir /dev/shm/zola-out")
fi
hyperfine --style basic --warmup 1 --runs "$runs" --prepare "$prep" "${cmds[@]}"
"$bin" build --root "$site" --output /dev/shm/samkort-out --timings
