#!/usr/bin/env bash
# Fails when a C++ source file is not formatted as .clang-format says.
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files '*.h' '*.cc' '*.cpp')
if ! clang-format --dry-run -Werror $files; then
  echo "check_format: run clang-format -i on the files above" >&2
  exit 1
fi
echo "check_format: $(echo "$files" | wc -l) files formatted"
