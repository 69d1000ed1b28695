#!/usr/bin/env bash
# The main job on the bundled sample: sets up a Debian 12 machine, builds Gazette, indexes the
# sample archive (samples/archive.jsonl) into build/demo-data and runs sample searches.
#   scripts/demo.sh ["your query"]
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"

data=build/demo-data
rm -rf "$data"
build/release/indexer/gazette-index --data-dir "$data" samples/archive.jsonl

query=${1:-harbour expansion}
echo
echo "== gazette-query --data-dir $data \"$query\""
build/release/query/gazette-query --data-dir "$data" --per-page 3 "$query"
echo "== gazette-query --data-dir $data --sort date --per-page 3 '\"central bank\" after:2022'"
build/release/query/gazette-query --data-dir "$data" --sort date --per-page 3 '"central bank" after:2022'
echo
echo "Try your own: build/release/query/gazette-query --data-dir $data 'QUERY'  (see docs/query-syntax.md)"
