#!/usr/bin/env bash
# Sets up a Debian 12 machine, builds Gazette and runs the whole test suite (ctest).
#   scripts/test.sh              optimised build with warnings as errors (preset "ci")
#   scripts/test.sh --sanitize   debug build under AddressSanitizer + UBSan (preset "dev")
set -euo pipefail
cd "$(dirname "$0")/.."

preset=ci
if [ "${1:-}" = "--sanitize" ]; then preset=dev; fi

scripts/setup.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
# Sanitizer reports must fail the run, not scroll past.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --preset "$preset" -j "$(nproc)"
