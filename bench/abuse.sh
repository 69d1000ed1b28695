#!/usr/bin/env bash
# The HTTP frontend under hostile clients, on loopback only: a normal query's p50/p99 with the
# server idle, then while 200 idle connections are held, 66 slowloris connections trickle header
# lines and a client sends pathological requests (bench/abuse.py says exactly what). The normal
# query must stay within 2x of idle. Serves BENCH_SYNTH synthetic articles when set (and the
# evaluation data is there), else samples/archive.jsonl. BENCH_SAMPLES normal queries per row
# (default 200). GAZETTE_QUERY_BIN runs another build of the server (for comparisons).
# Prints a markdown table on stdout; progress goes to stderr.
#
# Usage: bench/abuse.sh        e.g. BENCH_BUILD=build/ci BENCH_SAMPLES=50 bench/abuse.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

build_targets gazette-query gazette-index
if [[ -n ${BENCH_SYNTH:-} ]]; then
  require_news reuters.jsonl
  articles=$(synth_file "$BENCH_SYNTH")
  db="$BENCH_TMP/search-gazette-$BENCH_SYNTH"
else
  articles=samples/archive.jsonl
  db="$BENCH_TMP/abuse-samples"
fi
mkdir -p "$BENCH_TMP"
make_index gazette "$db" "$articles"

server_log="$BENCH_TMP/abuse-server.log"
"${GAZETTE_QUERY_BIN:-$BENCH_BUILD/bin/gazette-query}" --index "$db" serve \
  --listen 127.0.0.1:0 2>"$server_log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
port=$(server_port "$server_log")
log "server on 127.0.0.1:$port; measuring"
python3 bench/abuse.py "$port" "${BENCH_SAMPLES:-200}" "$server"  # ends with a SIGTERM
wait "$server" || log "the server did not exit cleanly"
trap - EXIT
