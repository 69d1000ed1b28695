# shellcheck shell=bash
# Shell helpers shared by bench/index.sh and bench/search.sh; source it, do not run it.
# Paths are relative to the repository root, where both scripts cd first.

# Command substitutions stop on errors too, as the rest of the script does under set -e.
shopt -s inherit_errexit

BENCH_BUILD=${BENCH_BUILD:-build/release}  # the release preset's build directory (or an optimised one of yours)
BENCH_TMP=build/bench-tmp          # synthetic data and benchmark databases (git-ignored)
BENCH_NEWS=../shared/data/news     # evaluation data, outside the repository

log() { echo "bench: $*" >&2; }

# require_news FILE...: exits 0 with a message when evaluation data is absent (not an error).
require_news() {
  local f
  for f in "$@"; do
    if [[ ! -f "$BENCH_NEWS/$f" ]]; then
      log "skipped: $BENCH_NEWS/$f is absent (see ../shared/data/README.md)"
      exit 0
    fi
  done
}

# build_targets TARGET...: configures the release preset when needed (with the bench programs on),
# then builds only the given targets. BENCH_JOBS sets the parallelism (default 2).
build_targets() {
  if [[ ! -f "$BENCH_BUILD/build.ninja" ]] ||
     ! grep -q '^GAZETTE_BUILD_BENCH:BOOL=ON' "$BENCH_BUILD/CMakeCache.txt"; then
    log "configuring $BENCH_BUILD (release preset, GAZETTE_BUILD_BENCH=ON)"
    cmake --preset release -DGAZETTE_BUILD_BENCH=ON >&2
  fi
  cmake --build "$BENCH_BUILD" -j "${BENCH_JOBS:-2}" --target "$@" >&2
}

# synth_file N: prints the path of N synthetic articles, generating them once (reused later).
synth_file() {
  local n=$1 out="$BENCH_TMP/synth-$1.jsonl"
  if [[ ! -f "$out" ]]; then
    log "generating $n synthetic articles into $out"
    mkdir -p "$BENCH_TMP"
    # Write aside, then rename: an interrupted run never leaves a short file to be reused.
    python3 ../shared/tools/gen_synth.py "$BENCH_NEWS/reuters.jsonl" "$n" "$out.part" >&2
    mv "$out.part" "$out"
  fi
  echo "$out"
}

# make_index KIND DB FILE: builds DB (baseline_index or gazette-index) from the articles in FILE
# unless it is already there. Built aside and renamed when complete, so an interrupted build is
# never reused.
make_index() {
  local kind=$1 db=$2 file=$3 rc=0
  if [[ -d $db ]]; then
    log "reusing $db"
    return
  fi
  log "building $db"
  rm -rf "$db.part"
  case $kind in
    baseline) "$BENCH_BUILD/bench/baseline_index" "$db.part" "$file" >&2 || rc=$? ;;
    gazette) "$BENCH_BUILD/bin/gazette-index" --index "$db.part" "$file" >&2 || rc=$? ;;
  esac
  # gazette-index exits 1 when it rejected some lines but indexed the rest.
  if (( rc > 1 )) || [[ $kind == baseline && $rc != 0 ]]; then
    log "building $db failed (exit $rc)"
    exit 1
  fi
  mv "$db.part" "$db"
}

# fields KEY...: reads lines of "key value key value ..." (what the bench programs print) on stdin
# and prints the values of the given keys, space-separated.
fields() {
  awk -v keys="$*" '{ for (i = 1; i < NF; i++) v[$i] = $(i + 1)
    n = split(keys, k, " "); out = ""
    for (j = 1; j <= n; j++) out = out (j > 1 ? " " : "") v[k[j]]
    print out }'
}

now() { date +%s.%N; }

# seconds_since START: elapsed seconds since a `now` reading.
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }

# median X...: the median of the numbers given (the mean of the middle two for an even count).
median() {
  printf '%s\n' "$@" | sort -g |
    awk '{ v[NR] = $1 } END { m = int((NR + 1) / 2); printf "%.3f", (NR % 2) ? v[m] : (v[m] + v[m + 1]) / 2 }'
}

# ratio A B [DECIMALS]: A / B, with two decimals unless told.
ratio() { awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { printf "%.*f", d, (b > 0) ? a / b : 0 }'; }

# server_port LOG: waits (up to 10 s) for a `gazette-query serve` started with --listen
# 127.0.0.1:0 to log its port, and prints it; exits 1 naming LOG when it does not start.
server_port() {
  local port=""
  for _ in $(seq 100); do
    port=$(sed -n 's/.*listening on port \([0-9]*\).*/\1/p' "$1")
    [[ -n $port ]] && break
    sleep 0.1
  done
  if [[ -z $port ]]; then
    log "the server did not start; see $1"
    exit 1
  fi
  echo "$port"
}
