#!/usr/bin/env bash
# Times full builds of generated corpora of several sizes: samkort, and Hugo/Zola when given.
#
#   bench/run.sh GEN_CORPUS_PY [CARDS ...]        (default sizes: 1000 10000 30000)
#
# GEN_CORPUS_PY is the shared corpus generator (gen_corpus.py, flavors plain/hugo/zola). Output
# goes to /dev/shm so the numbers measure the generators, not the disk. For each size and tool it
# prints one Markdown table row: wall time (hyperfine: mean and min), peak memory (GNU time, the
# largest of 3 runs) and the time per card; then a table of samkort's per-stage timings
# (bench/stages.py: the median of RUNS runs of --timings).
# Needs hyperfine and GNU time (`apt-get install -y hyperfine time`).
# Env: RUNS (default 5), HUGO (path to a hugo binary), ZOLA (path to a zola binary),
#      WORK (where corpora are generated, default /tmp/samkort-bench).
set -euo pipefail
gen=${1:?usage: bench/run.sh GEN_CORPUS_PY [CARDS ...]}
shift
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1000 10000 30000)
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
runs=${RUNS:-5}
work=${WORK:-/tmp/samkort-bench}
mkdir -p "$work"

cargo build --release --manifest-path "$repo/Cargo.toml" >&2
bin="$repo/target/release/samkort"

corpus() { # flavor cards -> site folder
  local dir="$work/c$2_$1"
  [[ -d $dir/content ]] || python3 "$gen" --cards "$2" --out "$dir" --flavor "$1" >&2
  echo "$dir"
}

# label cards site-dir out-dir command: one table row
measure() {
  local label=$1 cards=$2 dir=$3 out=$4 cmd=$5 json rss=0 r
  json=$(mktemp)
  (cd "$dir" && hyperfine --style none --warmup 1 --runs "$runs" --prepare "rm -rf $out" \
    --export-json "$json" "$cmd" >&2)
  for _ in 1 2 3; do
    rm -rf "$out"
    r=$(cd "$dir" && /usr/bin/time -f %M bash -c "$cmd >/dev/null 2>&1" 2>&1 | tail -1)
    (( r > rss )) && rss=$r
  done
  python3 - "$json" "$label" "$cards" "$rss" <<'PY'
import json, sys
path, label, cards, rss = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
r = json.load(open(path))["results"][0]
print(f"| {label} | {cards:,} | {r['mean']:.3f} s | {r['min']:.3f} s | {rss / 1024:.0f} MiB "
      f"| {r['mean'] / cards * 1e6:.0f} µs |")
PY
  rm -f "$json"
}

echo "| generator | cards | mean | min | peak memory | per card |"
echo "| --- | --- | --- | --- | --- | --- |"
for n in "${sizes[@]}"; do
  site=$(corpus plain "$n")
  cp "$here/samkort.toml" "$site/samkort.toml"
  "$bin" check --root "$site" >&2
  measure samkort "$n" "$site" /dev/shm/samkort-out "$bin build --root $site --output /dev/shm/samkort-out"
  if [[ -n ${HUGO:-} ]]; then
    measure "Hugo $("$HUGO" version | grep -o 'v[0-9.]*' | head -1)" "$n" "$(corpus hugo "$n")" \
      /dev/shm/hugo-out "$HUGO --quiet --destination /dev/shm/hugo-out"
  fi
  if [[ -n ${ZOLA:-} ]]; then
    measure "Zola $("$ZOLA" --version | grep -o '[0-9][0-9.]*')" "$n" "$(corpus zola "$n")" \
      /dev/shm/zola-out "$ZOLA build --output-dir /dev/shm/zola-out"
  fi
done
rm -rf /dev/shm/samkort-out /dev/shm/hugo-out /dev/shm/zola-out
echo
sites=()
for n in "${sizes[@]}"; do sites+=("$work/c${n}_plain"); done
python3 "$here/stages.py" "$bin" "$runs" "${sites[@]}"
