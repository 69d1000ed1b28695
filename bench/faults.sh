#!/usr/bin/env bash
# Fault injection (bench/faults.py says exactly what): kill -9 at random moments during a crawl of
# the sample site, a bulk import, `gazette-index update`, `gazette-index rebuild` and
# `gazette-crawl update`, each followed by a run to completion and invariant checks (every shard
# passes xapian-check, indexed URLs = articles/ URLs, no URL stuck in the frontier, WARC files
# whole up to a killed run's torn tail, no torn article line, a search server over the same data
# never errs); a full disk (tmpfs, root only); a read-only data directory, a damaged crawl.sqlite
# and a truncated index file. Loopback only. Does not build: it uses the programs of FAULTS_BUILD.
# Prints a markdown table on stdout (violations listed below it); progress goes to stderr.
# Exit status 1 when any violation was found.
#
# Usage: bench/faults.sh        e.g. FAULTS_KILLS=3 FAULTS_SEED=1 bench/faults.sh
#   FAULTS_KILLS (100) kills per phase, FAULTS_SEED (random), FAULTS_BUILD (build/ci),
#   FAULTS_TMP (build/faults-tmp), FAULTS_ARTICLES (2000), FAULTS_PHASES (all of
#   crawl,import,update,rebuild,crawl-update,disk-full,errors)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${FAULTS_BUILD:-build/ci}
if [[ ! -x $build/bin/gazette-index && ! -x $build/indexer/gazette-index ]]; then
  echo "faults: no programs in $build (build: cmake --preset ci && cmake --build --preset ci)" >&2
  exit 2
fi
if ! command -v xapian-check >/dev/null; then
  echo "faults: xapian-check is missing (scripts/setup.sh installs xapian-tools)" >&2
  exit 2
fi
exec python3 bench/faults.py
