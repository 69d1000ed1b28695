#!/usr/bin/env bash
# Cost of an update cycle that has nothing to fetch, by frontier size: `gazette-crawl update` on
# a crawl.sqlite of N fetched URLs written in the schema before the revisit schedule (so the first
# run also migrates it: ALTER TABLE ADD COLUMN + the due-time index), then runs with nothing due
# (median of BENCH_RUNS). No network: the frontier's URLs are not due and there are no seeds.
# Baseline: one full scan of the same table by the sqlite3 shell (SELECT count(*) ... GROUP BY
# host), what any per-host bookkeeping at start costs.
# Prints a markdown table on stdout; progress goes to stderr.
#
# Usage: bench/revisit.sh      e.g. BENCH_SIZES="100000 1000000" BENCH_RUNS=3 bench/revisit.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

sizes=${BENCH_SIZES:-"100000 1000000"}
runs=${BENCH_RUNS:-3}
build_targets gazette-crawl
crawl_bin=$BENCH_BUILD/bin/gazette-crawl
work=$BENCH_TMP/revisit
rm -rf "$work"

# A frontier of N done pages over 100 hosts, in the first release's schema.
old_frontier() {
  local n=$1 db=$2
  sqlite3 "$db" <<SQL
PRAGMA journal_mode=WAL;
.read tests/fixtures/frontier/schema-v1.sql
WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $n)
INSERT INTO urls(url, host, depth, status, discovered_at, etag, fetched_at, http_status)
SELECT printf('http://site%d.localhost/news/%d', i % 100, i), printf('site%d.localhost', i % 100),
       1, 2, 1, '"e"', 1700000000000, 200 FROM seq;
SQL
}

echo "| frontier URLs | first update (migrates) s | update, nothing due s (median of $runs) | baseline: full scan s |"
echo "|---:|---:|---:|---:|"
for n in $sizes; do
  data=$work/data-$n
  mkdir -p "$data"
  log "frontier of $n URLs"
  old_frontier "$n" "$data/crawl.sqlite" >/dev/null  # the PRAGMA prints the journal mode
  t=$(now)
  "$crawl_bin" update --data-dir "$data" --log-level warn >/dev/null
  first=$(seconds_since "$t")
  times=()
  for _ in $(seq 1 "$runs"); do
    t=$(now)
    "$crawl_bin" update --data-dir "$data" --log-level warn >/dev/null
    times+=("$(seconds_since "$t")")
  done
  t=$(now)
  sqlite3 "$data/crawl.sqlite" "SELECT count(*) FROM (SELECT host, count(*) FROM urls GROUP BY host)" >/dev/null
  scan=$(seconds_since "$t")
  echo "| $n | $first | $(median "${times[@]}") | $scan |"
done
