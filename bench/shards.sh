#!/usr/bin/env bash
# Scale-out: bulk indexing into 1 and 2 shards, and search latency over 2 remote shards
# (two xapian-tcpsrv processes on 127.0.0.1) against 1 local database holding the same articles.
# Data: BENCH_SYNTH synthetic articles (default 200000) made from ../shared/data/news/reuters.jsonl,
# queries from ../shared/data/news/queries.txt.
#   indexing   gazette-index --shards 1 and --shards 2 (default parsing threads), whole process
#              timed, BENCH_RUNS times (default 1), median
#   search     search_bench (gazette::query::Searcher, top 10 with snippets) over the 1-shard
#              database, the 2-shard index opened locally, and the same 2 shards through
#              xapian-tcpsrv, in BENCH_ROUNDS interleaved rounds (default 3) of BENCH_PASSES passes
#              each (default 2), so that all three see the same load; medians over the rounds
# Also prints each shard's size, for sizing. Prints markdown tables on stdout; progress on stderr.
# Skips (exit 0) without the data.
#
# Usage: bench/shards.sh           e.g. BENCH_SYNTH=20000 bench/shards.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

require_news reuters.jsonl queries.txt
build_targets gazette-index search_bench
command -v xapian-tcpsrv >/dev/null || { log "xapian-tcpsrv is missing (apt install xapian-tools)"; exit 1; }
n=${BENCH_SYNTH:-200000}
runs=${BENCH_RUNS:-1}
passes=${BENCH_PASSES:-2}
rounds=${BENCH_ROUNDS:-3}
file=$(synth_file "$n")
one="$BENCH_TMP/shards-1-$n"
two="$BENCH_TMP/shards-2-$n"
remote="$BENCH_TMP/shards-remote-$n"
servers=()
trap 'for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done' EXIT

# index_into DB SHARDS: one timed bulk load into a fresh DB; prints seconds.
index_into() {
  local db=$1 shards=$2 start secs rc=0
  rm -rf "$db"
  start=$(now)
  "$BENCH_BUILD/bin/gazette-index" --shards "$shards" --index "$db" "$file" \
    >"$BENCH_TMP/shards-run.log" 2>&1 || rc=$?
  secs=$(seconds_since "$start")
  if (( rc > 1 )); then
    log "gazette-index --shards $shards failed (exit $rc):"
    cat "$BENCH_TMP/shards-run.log" >&2
    exit 1
  fi
  echo "$secs"
}

# free_port: a loopback port nothing listens on now.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# serve SHARD: starts xapian-tcpsrv for one shard on 127.0.0.1 and appends "remote 127.0.0.1:PORT"
# to the remote index's stub. Not in a command substitution: the server must stay a child of this
# shell (and must not hold its output open).
serve() {
  local port
  port=$(free_port)
  xapian-tcpsrv --interface 127.0.0.1 --port "$port" --quiet "$1" >>"$BENCH_TMP/tcpsrv.log" 2>&1 &
  servers+=($!)
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "remote 127.0.0.1:$port" >>"$remote/XAPIANDB"
      return
    fi
    sleep 0.1
  done
  log "xapian-tcpsrv did not start on $port"
  exit 1
}

# latency DB: prints "p50 p95 p99" of search_bench over DB.
latency() {
  log "search_bench on $1, $passes passes"
  "$BENCH_BUILD/bench/search_bench" "$1" "$BENCH_NEWS/queries.txt" "$passes" |
    fields p50 p95 p99
}

mkdir -p "$BENCH_TMP"
times1=() times2=()
for (( run = 1; run <= runs; run++ )); do
  log "indexing $n articles into 1 shard, run $run of $runs"
  times1+=("$(index_into "$one" 1)")
  log "indexing $n articles into 2 shards, run $run of $runs"
  times2+=("$(index_into "$two" 2)")
done
s1=$(median "${times1[@]}")
s2=$(median "${times2[@]}")

rm -rf "$remote"
mkdir -p "$remote"
serve "$two/shard-0"
serve "$two/shard-1"

# The remote runs also sample the shard servers' memory (xapian-tcpsrv forks a process per
# connection; the busiest one is what a shard machine needs per searching client).
peak_kb=0
remote_latency() {
  latency "$remote" >"$BENCH_TMP/shards-remote.out" &
  local bench_pid=$! pid kb
  while kill -0 "$bench_pid" 2>/dev/null; do
    for pid in "${servers[@]}"; do
      for kb in $(ps -o rss= --ppid "$pid" 2>/dev/null); do (( kb > peak_kb )) && peak_kb=$kb; done
    done
    sleep 0.5
  done
  wait "$bench_pid"
  cat "$BENCH_TMP/shards-remote.out"
}

l50=() l95=() l99=() t50=() t95=() t99=() r50=() r95=() r99=()
for (( round = 1; round <= rounds; round++ )); do
  log "search round $round of $rounds"
  read -r a b c <<<"$(latency "$one")"; l50+=("$a") l95+=("$b") l99+=("$c")
  read -r a b c <<<"$(latency "$two")"; t50+=("$a") t95+=("$b") t99+=("$c")
  remote_latency >"$BENCH_TMP/shards-remote.last"
  read -r a b c <"$BENCH_TMP/shards-remote.last"; r50+=("$a") r95+=("$b") r99+=("$c")
done
m() { median "$@"; }
L50=$(m "${l50[@]}") T50=$(m "${t50[@]}") R50=$(m "${r50[@]}")

echo "Scale-out, $(date -u +%F), $(nproc) cores, commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)," \
     "$n synthetic articles."
echo
echo "| bulk indexing | seconds | articles/s | speed-up |"
echo "|---|---:|---:|---:|"
echo "| 1 shard | $s1 | $(ratio "$n" "$s1" 0) | 1.00x |"
echo "| 2 shards | $s2 | $(ratio "$n" "$s2" 0) | $(ratio "$s1" "$s2")x |"
echo
echo "| search (top 10, snippets; median of $rounds rounds of $passes passes x $(grep -c . "$BENCH_NEWS/queries.txt") queries) | p50 ms | p95 ms | p99 ms | p50 vs 1 local | p50 ratio per round |"
echo "|---|---:|---:|---:|---:|---|"
per_round() {  # the ratios of one configuration's p50 to the local database's, round by round
  local -n xs=$1
  local i out=""
  for i in "${!xs[@]}"; do out+="${out:+, }$(ratio "${xs[$i]}" "${l50[$i]}")x"; done
  echo "$out"
}
echo "| 1 local database | $L50 | $(m "${l95[@]}") | $(m "${l99[@]}") | 1.00x | |"
echo "| 2 local shards (stub) | $T50 | $(m "${t95[@]}") | $(m "${t99[@]}") | $(ratio "$T50" "$L50")x | $(per_round t50) |"
echo "| 2 remote shards (xapian-tcpsrv on 127.0.0.1) | $R50 | $(m "${r95[@]}") | $(m "${r99[@]}") | $(ratio "$R50" "$L50")x | $(per_round r50) |"
echo
echo "Peak memory of one xapian-tcpsrv connection process while searching: $(ratio "$peak_kb" 1024 0) MB."
echo
echo "| shard | articles | disk MB | MB per 1,000 articles |"
echo "|---|---:|---:|---:|"
for shard in "$two"/shard-*; do
  docs=$(xapian-delve "$shard" | awk '/number of documents/ { print $NF }')
  mb=$(du -sm "$shard" | cut -f1)
  echo "| $(basename "$shard") | $docs | $mb | $(ratio "$mb" "$(ratio "$docs" 1000 3)") |"
done
