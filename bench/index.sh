#!/usr/bin/env bash
# Indexing speed: gazette-index against a minimal one-writer Xapian indexer (bench/baseline_index).
# Datasets: Reuters-21578 (../shared/data/news/reuters.jsonl) and BENCH_SYNTH synthetic articles
# made from it (default 200000; 0 skips them). Programs, each into a fresh database:
#   baseline_index                  one Xapian writer, nothing else
#   gazette-index --threads 1       Gazette with no helper thread
#   gazette-index                   Gazette's default (one parsing thread per core)
# Each is timed as a whole process (start to exit, so both pay for opening and the final commit),
# BENCH_RUNS times (default 3 on Reuters, 1 on the synthetic set), and the median is reported.
# Prints a markdown table on stdout; progress goes to stderr. Skips (exit 0) without the data.
#
# Usage: bench/index.sh            e.g. BENCH_SYNTH=20000 bench/index.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

require_news reuters.jsonl
build_targets baseline_index gazette-index
synth_n=${BENCH_SYNTH:-200000}
cores=$(nproc)

# index_once PROGRAM FILE DB: one timed run into a fresh DB; prints "articles seconds index_mb".
index_once() {
  local program=$1 file=$2 db=$3 out="$BENCH_TMP/index-run.log" start secs rc=0 articles
  rm -rf "$db"
  start=$(now)
  case $program in
    baseline) "$BENCH_BUILD/bench/baseline_index" "$db" "$file" >"$out" 2>&1 || rc=$? ;;
    gazette-1) "$BENCH_BUILD/bin/gazette-index" --threads 1 --index "$db" "$file" >"$out" 2>&1 || rc=$? ;;
    gazette) "$BENCH_BUILD/bin/gazette-index" --index "$db" "$file" >"$out" 2>&1 || rc=$? ;;
  esac
  secs=$(seconds_since "$start")
  # gazette-index exits 1 when it rejected some lines but indexed the rest: still a valid run.
  if (( rc > 1 )) || [[ $program == baseline && $rc != 0 ]]; then
    log "$program failed on $file (exit $rc):"
    cat "$out" >&2
    exit 1
  fi
  if [[ $program == baseline ]]; then
    articles=$(awk '/^docs / { print $2 }' "$out")
  else
    # "summary: N added, N replaced, N rejected, ..." on stderr.
    articles=$(sed -n 's/.*summary: \([0-9]*\) added, \([0-9]*\) replaced.*/\1 \2/p' "$out" |
               awk '{ print $1 + $2 }')
  fi
  echo "$articles $secs $(du -sm "$db" | cut -f1)"
  rm -rf "$db"
}

declare -A label=(
  [baseline]="baseline_index (1 writer)"
  [gazette-1]="gazette-index --threads 1"
  [gazette]="gazette-index (default, $cores cores)"
)
rows=()

# bench_dataset NAME FILE RUNS: all programs on one file, one table row each.
bench_dataset() {
  local name=$1 file=$2 runs=$3 program run result articles secs mb times base_secs=0
  local median_secs bytes per_sec mb_per_sec speed
  bytes=$(stat -c %s "$file")
  for program in baseline gazette-1 gazette; do
    times=()
    for (( run = 1; run <= runs; run++ )); do
      log "$name: $program, run $run of $runs"
      result=$(index_once "$program" "$file" "$BENCH_TMP/index-db")
      read -r articles secs mb <<<"$result"
      times+=("$secs")
    done
    median_secs=$(median "${times[@]}")
    [[ $program == baseline ]] && base_secs=$median_secs
    per_sec=$(ratio "$articles" "$median_secs" 0)
    mb_per_sec=$(ratio "$(ratio "$bytes" 1000000 6)" "$median_secs")
    speed=$(ratio "$base_secs" "$median_secs")
    rows+=("| $name | ${label[$program]} | $articles | $median_secs | $per_sec | $mb_per_sec | ${speed}x | $mb |")
  done
}

mkdir -p "$BENCH_TMP"
bench_dataset reuters "$BENCH_NEWS/reuters.jsonl" "${BENCH_RUNS:-3}"
if (( synth_n > 0 )); then
  bench_dataset "synthetic $synth_n" "$(synth_file "$synth_n")" "${BENCH_RUNS:-1}"
fi

echo "Indexing speed, $(date -u +%F), $cores cores, commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)," \
     "median of ${BENCH_RUNS:-3 (Reuters) / 1 (synthetic)} run(s), whole process timed."
echo
echo "| dataset | program | articles | seconds | articles/s | MB/s | speed vs baseline | index MB |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
