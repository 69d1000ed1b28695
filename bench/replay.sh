#!/usr/bin/env bash
# Replay speed and memory: `gazette-crawl replay` of CC-NEWS-like WARC files that
# bench/make_warc.py writes from real news pages (raw HTTP messages, gzip and chunked bodies,
# revisit records, records that are no page), BENCH_PAGES captures and four times as many (the
# peak memory must not grow with the file).
# Runs, on the same file, in one go:
#   "gzip -dc":             decompressing the file and nothing else, the floor of any replay;
#   "1 extraction thread":  the baseline, replay as it was before extraction ran on every core
#                           (crawl.extract_threads = 1: one thread reads, one extracts);
#   "one per core":         the default (crawl.extract_threads = 0).
# pages/s counts the captures analysed (pages and resolved revisits), from replay's summary.
# Prints a markdown table on stdout; progress goes to stderr.
#
# Usage: bench/replay.sh      e.g. BENCH_PAGES=1000 bench/replay.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

pages=${BENCH_PAGES:-4000}
if [[ ! -d ../shared/data/extraction/dragnet ]]; then
  log "skipped: ../shared/data/extraction is absent (see ../shared/data/README.md)"
  exit 0
fi
build_targets gazette-crawl
crawl_bin=$BENCH_BUILD/bin/gazette-crawl
work=$BENCH_TMP/replay
mkdir -p "$work"

seconds_of() {  # the wall time /usr/bin/time -v wrote into FILE, in seconds
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$1"
}
rss_of() { awk -F': ' '/Maximum resident/ { printf "%.0f", $2 / 1024 }' "$1"; }

echo "| file | run | captures | articles | seconds | pages/s | peak RSS MB |"
echo "|---|---|---:|---:|---:|---:|---:|"
for n in "$pages" $(( pages * 4 )); do
  warc=$work/news-$n.warc.gz
  if [[ ! -f $warc ]]; then
    log "writing $warc ($n captures)"
    python3 bench/make_warc.py "$n" "$warc.tmp" && mv "$warc.tmp" "$warc"
  fi
  size=$(( $(stat -c %s "$warc") / 1000000 ))
  name="$n captures, $size MB"
  /usr/bin/time -v gzip -dc "$warc" >/dev/null 2>"$work/gzip.time"
  printf '| %s | gzip -dc | | | %.1f | | %s |\n' "$name" "$(seconds_of "$work/gzip.time")" \
    "$(rss_of "$work/gzip.time")"
  for threads in 1 0; do
    data=$work/data-$n-$threads
    rm -rf "$data"
    printf 'data_dir = "%s"\nlog_level = "warn"\n[crawl]\nextract_threads = %s\n' "$data" "$threads" >"$data.toml"
    log "replay of $warc, extract_threads = $threads"
    /usr/bin/time -v "$crawl_bin" replay --config "$data.toml" "$warc" >"$work/replay.out" 2>"$work/replay.time"
    read -r analysed articles < <(sed -n 's/^replay: [0-9]* records, \([0-9]*\) pages, \([0-9]*\) articles.*/\1 \2/p' "$work/replay.out")
    secs=$(seconds_of "$work/replay.time")
    run=$([[ $threads == 1 ]] && echo "1 extraction thread (baseline)" || echo "one per core ($(nproc))")
    printf '| %s | %s | %s | %s | %.1f | %.0f | %s |\n' "$name" "$run" "$analysed" "$articles" \
      "$secs" "$(awk -v p="$analysed" -v s="$secs" 'BEGIN { print p / s }')" "$(rss_of "$work/replay.time")"
    rm -rf "$data"
  done
done
