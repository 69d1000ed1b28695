#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy) over the project's sources with the compile commands of a
# configured build (default build/ci). Prints every finding; fails only on the checks listed in
# WarningsAsErrors there (bugs, not style).
#   scripts/check_tidy.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/ci}
if [ ! -f "$build/compile_commands.json" ]; then
  echo "check_tidy: no $build/compile_commands.json; configure first (cmake --preset ci)" >&2
  exit 2
fi
files=$(git ls-files 'common/*.cc' 'extract/*.cc' 'crawler/*.cc' 'indexer/*.cc' 'query/*.cc' 'update/*.cc' '*/main.cpp')
# shellcheck disable=SC2086
printf '%s\n' $files | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet --extra-arg=-Wno-unknown-warning-option 2>/dev/null |
  tee "$build/clang-tidy.log" | grep -E "(warning|error):" || true
if grep -q "error:" "$build/clang-tidy.log"; then
  echo "check_tidy: errors above" >&2
  exit 1
fi
echo "check_tidy: $(grep -c 'warning:' "$build/clang-tidy.log" || true) warnings, no errors"
