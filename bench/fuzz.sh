#!/usr/bin/env bash
# Fuzzing campaign: builds the "fuzz" preset (clang, libFuzzer, ASan + UBSan) and runs every
# target of fuzz/targets.txt for a number of executions: EXECUTIONS (default 1,000,000), times
# the target's multiplier (10 for robots, url, jsonl, query and config). FUZZ_JOBS targets run at
# a time (default 2). Prints a markdown table on stdout; crash, timeout and leak inputs are kept
# in FUZZ_OUT (default build/fuzz-bench)/crashes/TARGET/, logs in FUZZ_OUT/TARGET.log.
# FUZZ_TARGETS (default: all) names the targets to run, e.g. FUZZ_TARGETS="query config".
# FUZZ_TIMEOUT (default 10): libFuzzer's limit per input in seconds, above the 1 s target so that
# an input that only waited for a busy core does not end the run; fuzz/run.sh times every input
# slower than 1 s again alone and counts it as a timeout if it still takes 1 s.
# Exit status 1 when any target failed.
#
# Usage: bench/fuzz.sh [EXECUTIONS]      e.g. bench/fuzz.sh 20000   (a quick check)
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-1000000}
export FUZZ_OUT=${FUZZ_OUT:-build/fuzz-bench} FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-10}
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "${FUZZ_JOBS:-2}" >&2
rm -rf "$FUZZ_OUT"
mkdir -p "$FUZZ_OUT"

echo "| target | executions | executions/s | edges | crashes | timeouts | leaks | slowest input |"
echo "|---|---|---|---|---|---|---|---|"
grep -v '^#' fuzz/targets.txt | while read -r target _ _ times; do
  if [[ -n ${FUZZ_TARGETS:-} && " $FUZZ_TARGETS " != *" $target "* ]]; then continue; fi
  echo "$target -runs=$((runs * times))"
done | xargs -P "${FUZZ_JOBS:-2}" -L 1 fuzz/run.sh
