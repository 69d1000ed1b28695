#!/usr/bin/env bash
# Throughput of gazette-site-server, the loopback server the crawl benchmark fetches from: it must
# outpace the crawler (thousands of pages/s) so that the crawler is what gets measured. Rows:
#   synthetic articles   --synthetic: generated article pages (~8 KB), 50 host names, 2,000 paths
#   static file          --root samples/site: one sample article read from disk (the baseline)
# wrk runs BENCH_SECONDS (default 10) per row with BENCH_CONNECTIONS (default 32) connections on
# 2 threads; client and server share the machine, so compare the rows of one run, not absolute
# figures across machines. Prints a markdown table on stdout; progress goes to stderr.
#
# Usage: bench/site_server.sh        e.g. BENCH_SECONDS=5 bench/site_server.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

command -v wrk >/dev/null || { log "skipped: wrk is not installed (scripts/setup.sh)"; exit 0; }
build_targets gazette-site-server
server_bin="$BENCH_BUILD/tests/fixture_server/gazette-site-server"
seconds=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-32}
mkdir -p "$BENCH_TMP"

server_pid=""
stop_server() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap stop_server EXIT

# start_server ARGS...: starts the server on a free loopback port; sets $port.
start_server() {
  local out="$BENCH_TMP/site-server.out"
  : >"$out"
  "$server_bin" "$@" >"$out" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do
    grep -q '^listening on ' "$out" && break
    sleep 0.1
  done
  port=$(sed -n 's/^listening on http:\/\/127\.0\.0\.1:\([0-9]*\)$/\1/p' "$out")
  [[ -n "$port" ]] || { log "server did not start: $(cat "$out")"; exit 1; }
}

# run_wrk LABEL LUA URL: one table row from wrk's summary.
run_wrk() {
  local label=$1 lua=$2 url=$3 report
  log "$label: wrk -t2 -c$connections -d${seconds}s"
  report=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$lua" "$url")
  local rps latency transfer errors
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' <<<"$report")
  latency=$(awk '$1 == "50%" {print $2}' <<<"$report")
  transfer=$(awk '/^Transfer\/sec:/ {print $2}' <<<"$report")
  errors=$(awk '/Non-2xx/ {print $NF}' <<<"$report")
  echo "| $label | $rps | $latency | $transfer | ${errors:-0} |"
}

start_server --synthetic 10000
curl -s -H "Host: site1.localhost" "http://127.0.0.1:$port/sitemap.xml" |
  sed -n 's/.*<loc>\([^<]*\)<\/loc>.*/\1/p' | awk 'NR <= 2000' >"$BENCH_TMP/site-paths.txt"
lua="$BENCH_TMP/site-synthetic.lua"
{
  echo "local paths = {"
  sed 's/.*/  "&",/' "$BENCH_TMP/site-paths.txt"
  echo "}"
  cat <<'LUA'
local n = 0
request = function()
  n = n + 1
  local host = "site" .. (n % 50) .. ".localhost"
  return wrk.format("GET", paths[(n * 7919) % #paths + 1], { Host = host })
end
LUA
} >"$lua"
echo "| server | requests/s | median latency | transfer/s | non-2xx |"
echo "|---|---:|---:|---:|---:|"
run_wrk "synthetic articles" "$lua" "http://127.0.0.1:$port/"
stop_server

start_server --root samples/site
static_lua="$BENCH_TMP/site-static.lua"
echo 'request = function() return wrk.format("GET", "/city/ferry-winter-timetable.html") end' >"$static_lua"
run_wrk "static file (baseline)" "$static_lua" "http://127.0.0.1:$port/"
log "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
