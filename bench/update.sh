#!/usr/bin/env bash
# Incremental updates: `gazette-index update` adding new articles to an archive of a tenth of
# BENCH_SYNTH (default 200,000) synthetic articles, side by side: the time must follow the number
# of new articles, not the size of the archive. Then query latency (search_bench, top 10 with
# snippets) on the large archive while idle and while updates run back to back.
#   rows per size: +1% of the archive, and a fixed +2,000 articles (same work on both sizes)
#   latency: idle, then during updates (run at nice 10, as config/gazette-update.service does)
# Data: ../shared/data/news (synthetic articles made from reuters.jsonl, queries.txt).
# Prints markdown tables on stdout; progress on stderr. Skips (exit 0) without the data.
#
# Usage: bench/update.sh           e.g. BENCH_SYNTH=50000 bench/update.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

require_news reuters.jsonl queries.txt
build_targets gazette-index search_bench
big=${BENCH_SYNTH:-200000}
small=$(( big / 10 ))
extra=$(( big / 100 > 2000 ? big / 100 : 2000 ))
file=$(synth_file "$(( big + 2 * extra ))")
passes=${BENCH_PASSES:-2}
updater=

trap '[[ -n $updater ]] && kill "$updater" 2>/dev/null || true' EXIT

# update_once DATA: one timed `gazette-index update`; prints "seconds added".
update_once() {
  local start secs added
  start=$(now)
  "$BENCH_BUILD/bin/gazette-index" --data-dir "$1" update 2>"$BENCH_TMP/update-run.log" || {
    log "update failed:"; cat "$BENCH_TMP/update-run.log" >&2; exit 1; }
  secs=$(seconds_since "$start")
  added=$(sed -n 's/.*summary: \([0-9]*\) added.*/\1/p' "$BENCH_TMP/update-run.log")
  echo "$secs $added"
}

# lines FIRST COUNT: COUNT lines of the synthetic file from line FIRST (1-based).
lines() { awk -v a="$1" -v n="$2" 'NR >= a + n { exit } NR >= a { print }' "$file"; }

rows=()
for n in "$small" "$big"; do
  data="$BENCH_TMP/update-$n"
  rm -rf "$data"
  mkdir -p "$data/articles"
  lines 1 "$n" >"$data/articles/0-base.jsonl"
  log "indexing the $n-article archive"
  read -r base_secs _ <<<"$(update_once "$data")"
  one_percent=$(( n / 100 ))
  lines $(( n + 1 )) "$one_percent" >"$data/articles/1-new.jsonl"
  log "updating with $one_percent new articles"
  read -r s1 a1 <<<"$(update_once "$data")"
  lines $(( n + one_percent + 1 )) 2000 >"$data/articles/2-new.jsonl"
  log "updating with 2000 new articles"
  read -r s2 a2 <<<"$(update_once "$data")"
  rows+=("| $n | $base_secs | +1% ($a1) | $s1 | $(ratio "$a1" "$s1" 0) |")
  rows+=("| $n | | +2,000 ($a2) | $s2 | $(ratio "$a2" "$s2" 0) |")
done

# Latency on the large archive: idle, then with updates back to back in the background.
data="$BENCH_TMP/update-$big"
latency() {
  "$BENCH_BUILD/bench/search_bench" "$data/index" "$BENCH_NEWS/queries.txt" "$passes" |
    fields p50 p99
}
log "query latency, idle"
read -r i50 i99 <<<"$(latency)"
(
  next=$(( big + big / 100 + 2000 + 1 ))
  round=0
  while true; do
    round=$(( round + 1 ))
    lines "$next" 200 >"$data/articles/3-round-$round.jsonl"
    next=$(( next + 200 ))
    nice -n 10 "$BENCH_BUILD/bin/gazette-index" --data-dir "$data" update 2>/dev/null || true
  done
) &
updater=$!
log "query latency, during updates"
read -r u50 u99 <<<"$(latency)"
kill "$updater" 2>/dev/null || true
wait "$updater" 2>/dev/null || true
updater=

echo "Incremental update, $(date -u +%F), $(nproc) cores, commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)."
echo
echo "| archive | full build s | update | update s | new articles/s |"
echo "|---:|---:|---|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
echo "| search on $big articles ($passes passes x $(grep -c . "$BENCH_NEWS/queries.txt") queries) | p50 ms | p99 ms | vs idle (p50 / p99) |"
echo "|---|---:|---:|---:|"
echo "| idle | $i50 | $i99 | 1.00x / 1.00x |"
echo "| during updates (200 new articles each, back to back, nice 10) | $u50 | $u99 | $(ratio "$u50" "$i50")x / $(ratio "$u99" "$i99")x |"
