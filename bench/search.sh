#!/usr/bin/env bash
# Query latency: Gazette's search library against a minimal Xapian searcher, on BENCH_SYNTH
# synthetic articles (default 200000) made from ../shared/data/news/reuters.jsonl, with the
# 1,000 queries of ../shared/data/news/queries.txt. Rows:
#   baseline_search on a baseline_index database     minimal Xapian, text as document data
#   baseline_search on the gazette-index database    the same searcher on Gazette's index
#   search_bench on the gazette-index database       gazette::query::Searcher
# Each program warms up on every query once, then times every query over BENCH_PASSES passes
# (default 5); the table gives the percentiles of all those timings.
# Both databases are built once and kept in build/bench-tmp for later runs: delete them there
# after the indexer or the schema changes. Prints a markdown table on stdout; progress goes to
# stderr. Skips (exit 0) without the data.
#
# Usage: bench/search.sh           e.g. BENCH_SYNTH=20000 bench/search.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

require_news reuters.jsonl queries.txt
build_targets baseline_index baseline_search search_bench gazette-index
n=${BENCH_SYNTH:-200000}
passes=${BENCH_PASSES:-5}
file=$(synth_file "$n")
baseline_db="$BENCH_TMP/search-baseline-$n"
gazette_db="$BENCH_TMP/search-gazette-$n"

# measure PROGRAM DB: runs one benchmark program; prints "p50 p95 p99 failures".
measure() {
  local line
  log "$1 on $2, $passes passes"
  line=$("$BENCH_BUILD/bench/$1" "$2" "$BENCH_NEWS/queries.txt" "$passes")
  # The line is "queries Q passes P failures F p50 X ms p95 Y ms p99 Z ms": read it as key value.
  fields p50 p95 p99 failures <<<"$line"
}

make_index baseline "$baseline_db" "$file"
make_index gazette "$gazette_db" "$file"

# Plain assignments, so that a failing program stops the script (set -e).
baseline=$(measure baseline_search "$baseline_db")
gazette_baseline=$(measure baseline_search "$gazette_db")
gazette=$(measure search_bench "$gazette_db")
read -r b50 b95 b99 bfail <<<"$baseline"
read -r g50 g95 g99 gfail <<<"$gazette_baseline"
read -r s50 s95 s99 sfail <<<"$gazette"

echo "Query latency, $(date -u +%F), $(nproc) cores, commit" \
     "$(git rev-parse --short HEAD 2>/dev/null || echo unknown), $n synthetic articles," \
     "$(grep -c . "$BENCH_NEWS/queries.txt") queries x $passes passes, top 10 with snippets." \
     "Ratios: time / baseline time (above 1 is slower)."
echo
echo "| program | index | p50 ms | p95 ms | p99 ms | failures | p50 vs baseline | p99 vs baseline |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
echo "| baseline_search | baseline_index | $b50 | $b95 | $b99 | $bfail | 1.00x | 1.00x |"
echo "| baseline_search | gazette-index | $g50 | $g95 | $g99 | $gfail | $(ratio "$g50" "$b50")x | $(ratio "$g99" "$b99")x |"
echo "| search_bench (gazette::query::Searcher) | gazette-index | $s50 | $s95 | $s99 | $sfail | $(ratio "$s50" "$b50")x | $(ratio "$s99" "$b99")x |"
