#!/usr/bin/env bash
# CI smoke run of the fuzz targets: builds the "fuzz" preset (clang, libFuzzer, ASan + UBSan) and
# runs every target of fuzz/targets.txt for FUZZ_SECONDS (default 30) over its seed corpus and
# its regression inputs (fuzz/regressions/TARGET), two targets at a time. Fails on any crash,
# leak, timeout (1 s per input) or broken property; the inputs are kept in
# build/fuzz-smoke/crashes/TARGET/ and the logs in build/fuzz-smoke/TARGET.log.
set -euo pipefail
cd "$(dirname "$0")/.."

export FUZZ_OUT=build/fuzz-smoke FUZZ_SEED=${FUZZ_SEED:-1}
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)"
rm -rf "$FUZZ_OUT"
mkdir -p "$FUZZ_OUT"
echo "| target | executions | executions/s | edges | crashes | timeouts | leaks | slowest input |"
echo "|---|---|---|---|---|---|---|---|"
if ! grep -v '^#' fuzz/targets.txt | while read -r target _; do
  echo "$target -max_total_time=${FUZZ_SECONDS:-30}"
done | xargs -P 2 -L 1 fuzz/run.sh; then
  echo "fuzz smoke: failures above; inputs in $FUZZ_OUT/crashes/, logs in $FUZZ_OUT/" >&2
  exit 1
fi
