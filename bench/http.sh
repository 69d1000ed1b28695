#!/usr/bin/env bash
# HTTP frontend throughput and latency: wrk on loopback against `gazette-query serve` over
# BENCH_SYNTH synthetic articles (default 200000) made from ../shared/data/news/reuters.jsonl,
# cycling through the 1,000 queries of ../shared/data/news/queries.txt (bench/http.lua: each
# request is GET /api/search?q=...&facets=0, the first 10 results with snippets, as search_bench
# times them). Measures BENCH_SECONDS (default 10) per row after a warm-up, at 1, 8 and 32
# connections, and compares each row with the in-process rate of gazette::query::Searcher on as
# many threads as there are cores (one thread for one connection), measured just before it
# (search_bench, same queries, one Searcher per thread), and the server's CPU time per request
# with search_bench's per search.
# wrk runs on the same machine as the server, so it takes CPU from it: the figures are a floor.
# Prints a markdown table on stdout; progress goes to stderr. Skips (exit 0) without the data.
#
# Usage: bench/http.sh        e.g. BENCH_SYNTH=20000 BENCH_SECONDS=5 bench/http.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

require_news reuters.jsonl queries.txt
if ! command -v wrk >/dev/null; then
  log "skipped: wrk is not installed (scripts/setup.sh installs it)"
  exit 0
fi
build_targets gazette-query gazette-index search_bench
n=${BENCH_SYNTH:-200000}
seconds=${BENCH_SECONDS:-10}
cores=$(nproc)
queries="$BENCH_NEWS/queries.txt"
db="$BENCH_TMP/search-gazette-$n"  # the same database bench/search.sh uses
make_index gazette "$db" "$(synth_file "$n")"

# in_process THREADS: search_bench on THREADS threads, 2 passes; prints "searches/s
# cpu_ms_per_search".
in_process() {
  "$BENCH_BUILD/bench/search_bench" "$db" "$queries" 2 "$1" |
    fields qps cpu_ms_per_search
}

server_log="$BENCH_TMP/http-server.log"
"$BENCH_BUILD/bin/gazette-query" --index "$db" serve --listen 127.0.0.1:0 \
  ${BENCH_SERVER_THREADS:+--threads "$BENCH_SERVER_THREADS"} 2>"$server_log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
port=$(server_port "$server_log")
url="http://127.0.0.1:$port"
log "server on $url; warming up"
wrk -t 2 -c 8 -d 5s -s bench/http.lua "$url" -- "$queries" >/dev/null

# server_cpu_ticks: CPU time the server has used so far (user + system, clock ticks).
server_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }

# run CONNECTIONS: one wrk run; prints "rps p50 p99 non2xx socket_errors cpu_ms_per_request".
run() {
  local c=$1 t=2 line before after
  (( c < t )) && t=$c
  log "wrk: $c connections, ${seconds}s"
  before=$(server_cpu_ticks)
  line=$(wrk -t "$t" -c "$c" -d "${seconds}s" -s bench/http.lua "$url" -- "$queries" | grep '^requests ')
  after=$(server_cpu_ticks)
  awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" \
    '{ for (i = 1; i < NF; i++) v[$i] = $(i + 1);
       printf "%s %s %s %s %s %.3f\n", v["rps"], v["p50_ms"], v["p99_ms"], v["non2xx"], v["socket_errors"],
              1000 * ticks / hz / v["requests"] }' <<<"$line"
}

# Each row is paired with an in-process measurement taken just before it, so that both see the
# same load on the machine.
rows=()
for c in 1 8 32; do
  # As many searches at once as the clients can have: one connection waits for each answer.
  threads=$(( c < cores ? c : cores ))
  log "in-process: search_bench, $threads threads"
  inproc=$(in_process "$threads")
  r=$(run "$c")
  rows+=("$c $r $inproc")
done
kill -TERM "$server"
wait "$server" || { log "the server did not exit cleanly"; exit 1; }
trap - EXIT

echo "HTTP frontend, $(date -u +%F), $cores cores (wrk on the same machine), load average" \
     "$(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)," \
     "$n synthetic articles, $(grep -c . "$queries") queries cycled, ${seconds}s per row," \
     "GET /api/search?q=...&facets=0 (10 results with snippets), server threads ${BENCH_SERVER_THREADS:-default}." \
     "In-process: search_bench on min(connections, $cores) threads (one Searcher each), measured just before each row." \
     "CPU per request is the server's own (from /proc), less disturbed by other load than the rates."
echo
echo "| connections | requests/s | p50 ms | p99 ms | non-2xx | socket errors | in-process searches/s | rate vs in-process | server CPU ms/request | in-process CPU ms/search | CPU efficiency |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for row in "${rows[@]}"; do
  read -r c rps p50 p99 non2xx errs cpu inproc_qps inproc_cpu <<<"$row"
  echo "| $c | $rps | $p50 | $p99 | $non2xx | $errs | $inproc_qps | $(ratio "$rps" "$inproc_qps")x | $cpu | $inproc_cpu | $(ratio "$inproc_cpu" "$cpu")x |"
done
