#!/usr/bin/env bash
# Crawl speed and memory: gazette-crawl against `gazette-site-server --synthetic` (a generated
# news site for every *.localhost host name, all on 127.0.0.1), politeness delay 0.
#   run "links":  BENCH_HOSTS sites crawled from their home pages (links, feeds, sitemaps),
#                 stopped after BENCH_PAGES page fetches.
#   run "1M":     BENCH_FRONTIER URLs (the sitemaps of BENCH_FRONTIER / BENCH_HOSTS-article
#                 sites) added with `gazette-crawl add --file`, then BENCH_PAGES fetched.
# Both runs offer accept_encoding "gzip, deflate" (see config() below) and use the default
# concurrency (32 hosts fetched at a time).
# Each crawl runs under /usr/bin/time -v: wall time, CPU (user + sys) and peak RSS of the crawler
# alone; pages/s counts every fetch (each one archived, extracted and written). The server runs
# on the same two cores, so these are figures for crawler + server together.
# Prints a markdown table on stdout; progress goes to stderr.
#
# Usage: bench/crawl.sh      e.g. BENCH_PAGES=5000 BENCH_FRONTIER=100000 bench/crawl.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

hosts=${BENCH_HOSTS:-100}
pages=${BENCH_PAGES:-30000}
frontier=${BENCH_FRONTIER:-1000000}
per_host=$(( frontier / hosts ))
build_targets gazette-crawl gazette-site-server
crawl_bin=$BENCH_BUILD/bin/gazette-crawl
server_bin=$BENCH_BUILD/tests/fixture_server/gazette-site-server
work=$BENCH_TMP/crawl
rm -rf "$work"
mkdir -p "$work"

# One request thread per crawled host: cpp-httplib holds a thread per keep-alive connection.
"$server_bin" --synthetic "$per_host" --threads $(( hosts + 8 )) --listen 127.0.0.1:0 >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q '^listening on' "$work/server.out" && break
  sleep 0.05
done
port=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$work/server.out")
[[ -n $port ]] || { log "the site server did not start"; cat "$work/server.err" >&2; exit 1; }
log "site server on port $port, $per_host articles per host, $hosts hosts"

# config DATA_DIR: a configuration for the benchmark (seeds: every host's home page).
config() {
  {
    echo "data_dir = \"$1\""
    echo "log_level = \"warn\""
    echo "[crawl]"
    printf 'seeds = ['
    for i in $(seq 1 "$hosts"); do printf '"http://site%d.localhost:%s/", ' "$i" "$port"; done
    echo ']'
    echo "delay_seconds = 0.0"
    # The fixture server compresses brotli at quality 11 (~25 ms of its CPU per page, measured
    # with curl): offering gzip keeps the server from being what is measured.
    echo "accept_encoding = \"gzip, deflate\""
    echo "max_pages_per_site = $(( per_host * 2 + 1000 ))"
    echo "max_depth = 10"
  } >"$1.toml"
}

# timed_crawl NAME DATA_DIR: one crawl under time -v; prints a table row.
timed_crawl() {
  local name=$1 data=$2 urls=$3 out="$work/$1.out" timing="$work/$1.time"
  log "crawl $name: $pages pages"
  /usr/bin/time -v "$crawl_bin" crawl --config "$data.toml" --max-pages "$pages" >"$out" 2>"$timing"
  local fetched secs articles cpu rss
  fetched=$(awk '/^\| total/ { print $4 }' "$out")
  articles=$(awk '/^\| total/ { print $6 }' "$out")
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$timing")
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$timing")
  rss=$(awk -F': ' '/Maximum resident/ { printf "%.0f", $2 / 1024 }' "$timing")
  printf '| %s | %s | %s | %s | %s | %.1f | %.0f | %.2f | %s |\n' "$name" "$hosts" "$urls" \
    "$fetched" "$articles" "$secs" "$(awk -v f="$fetched" -v s="$secs" 'BEGIN { print f / s }')" \
    "$(awk -v c="$cpu" -v f="$fetched" 'BEGIN { print 1000 * c / f }')" "$rss"
}

echo "| run | hosts | frontier URLs | pages fetched | articles | seconds | pages/s | crawler CPU ms/page | peak RSS MB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"

config "$work/links"
timed_crawl links "$work/links" "from links"

config "$work/big"
log "collecting $frontier article URLs from the sitemaps"
for i in $(seq 1 "$hosts"); do
  curl -s "http://site$i.localhost:$port/sitemap.xml" |
    sed -n "s|.*<loc>\(/[^<]*\)</loc>.*|http://site$i.localhost:$port\1|p"
done >"$work/urls.txt"
log "adding $(wc -l <"$work/urls.txt") URLs"
start=$(now)
/usr/bin/time -v "$crawl_bin" add --config "$work/big.toml" --file "$work/urls.txt" \
  >"$work/add.out" 2>"$work/add.time"
add_secs=$(seconds_since "$start")
add_rss=$(awk -F': ' '/Maximum resident/ { printf "%.0f", $2 / 1024 }' "$work/add.time")
timed_crawl 1M "$work/big" "$(wc -l <"$work/urls.txt")"
echo
echo "add: $(cat "$work/add.out") in ${add_secs} s, peak RSS ${add_rss} MB;" \
  "crawl.sqlite $(du -m "$work/big/crawl.sqlite" | cut -f1) MB"
echo "machine: $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
