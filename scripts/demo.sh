#!/usr/bin/env bash
# The main job on the bundled sample: sets up a Debian 12 machine, builds Gazette, serves the
# sample news site (samples/site/, a fictional newspaper) over HTTP on 127.0.0.1, crawls it,
# indexes what the crawl wrote, and serves search at http://127.0.0.1:8080/ until Ctrl-C.
# Everything it writes goes to build/demo-data.
#   scripts/demo.sh                 as above
#   DEMO_PORT=9090 scripts/demo.sh  search on another port
# When not started from a terminal it checks the search page and stops instead of serving.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"

bin=build/release
data=build/demo-data
port=${DEMO_PORT:-8080}
rm -rf "$data"
mkdir -p "$data"
pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

# start_server LOG COMMAND...: starts a server in the background and waits for its "listening
# on ... http://127.0.0.1:PORT" line; sets $url. (Not run in a command substitution: the server
# must stay a child of this shell, so that the exit trap stops it.)
start_server() {
  local log=$1
  shift
  "$@" >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 200); do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -n 1 || true)
    [[ -n $url ]] && return
    sleep 0.05
  done
  echo "demo: $* did not start; its log:" >&2
  cat "$log" >&2
  exit 1
}

start_server "$data/site.log" "$bin/tests/fixture_server/gazette-site-server" \
  --root samples/site --listen 127.0.0.1:0
site=$url
echo "== the sample news site is served at $site/"

echo "== gazette-crawl: crawling it (robots.txt, feed, sitemap, links)"
"$bin/bin/gazette-crawl" add --data-dir "$data" "$site/"
# Politeness delay 0: it is our own site on loopback.
GAZETTE_CRAWL_DELAY_SECONDS=0 "$bin/bin/gazette-crawl" crawl --data-dir "$data"

echo "== gazette-index: indexing the articles it wrote"
"$bin/bin/gazette-index" --data-dir "$data" update

echo "== gazette-query: two searches on the command line"
"$bin/bin/gazette-query" --data-dir "$data" --per-page 3 "harbour"
"$bin/bin/gazette-query" --data-dir "$data" --sort date --per-page 3 "council budget"

start_server "$data/serve.log" "$bin/bin/gazette-query" --data-dir "$data" serve \
  --listen "127.0.0.1:$port"
search=$url
echo "== gazette-query serve: search at $search/ (JSON API: $search/api/search?q=harbour)"
if [[ -t 0 ]]; then
  echo "Open $search/ in a browser; Ctrl-C stops the servers."
  wait "${pids[-1]}"
else
  # Not interactive (a script, CI): prove the page answers, then stop.
  curl -fsS "$search/api/search?q=harbour&per_page=1" | head -c 400
  echo
  echo "demo: search answered; stopping (run from a terminal to keep serving)"
fi
