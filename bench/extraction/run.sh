#!/usr/bin/env bash
# Extraction bench: runs Gazette's extractor over the dragnet pages, scores the text against the
# hand-made truth (word 4-gram precision / recall / F1, as the public article-extraction
# benchmark scores) and prints quality, speed (one core) and peak memory.
#
# Usage: bench/extraction/run.sh [BUILD_DIR]     (default: build/release)
#   BUILD_DIR must hold the extract_dir program (target extract_dir, bench/extraction).
# Environment: GAZETTE_SHARED (default: ../shared next to the repository), KEEP=1 keeps outputs.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
shared="${GAZETTE_SHARED:-$repo/../shared}"
data="$shared/data/extraction/dragnet"
eval_py="$shared/tools/extraction_eval.py"
build="${1:-$repo/build/release}"

if [[ ! -d "$data/pages" || ! -f "$data/ground-truth.json" || ! -f "$eval_py" ]]; then
  echo "extraction bench skipped: $data (or $eval_py) is absent"
  exit 0
fi
bin="$(find "$build" -type f -name extract_dir -perm -u+x 2>/dev/null | head -n 1)"
if [[ -z "$bin" ]]; then
  echo "extraction bench: no extract_dir under $build; build target extract_dir first" >&2
  exit 2
fi

out="$(mktemp -d "${TMPDIR:-/tmp}/gazette-extraction.XXXXXX")"
if [[ "${KEEP:-0}" != 1 ]]; then trap 'rm -rf "$out"' EXIT; fi

# One process, one thread: pages/s is per core. /usr/bin/time gives peak memory when present.
if [[ -x /usr/bin/time ]]; then
  /usr/bin/time -v -o "$out/time.txt" taskset -c 0 "$bin" "$data/pages" "$out/pred" \
    --records "$out/records.jsonl" > "$out/speed.tsv" 2>/dev/null \
    || "$bin" "$data/pages" "$out/pred" --records "$out/records.jsonl" > "$out/speed.tsv"
else
  "$bin" "$data/pages" "$out/pred" --records "$out/records.jsonl" > "$out/speed.tsv"
fi
python3 "$eval_py" --truth "$data/ground-truth.json" --pred "$out/pred" --n-bootstrap 200 \
  --json "$out/score.json" --per-page "$out/per-page.tsv" > "$out/eval.txt"

python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
speed = dict(line.rstrip("\n").split("\t") for line in open(os.path.join(out, "speed.tsv")))
score = json.load(open(os.path.join(out, "score.json")))
m = score if "f1" in score else next(iter(score.values()))
def get(d, *names):
    for n in names:
        if n in d:
            v = d[n]
            return v["mean"] if isinstance(v, dict) and "mean" in v else v
    return float("nan")
peak = float(speed["peak_rss_mb"])
tpath = os.path.join(out, "time.txt")
if os.path.exists(tpath):
    for line in open(tpath):
        if "Maximum resident set size" in line:
            peak = int(line.split(":")[1]) / 1024.0
print("| metric | Gazette | target |")
print("|---|---|---|")
print(f"| F1 | {get(m, 'f1'):.3f} | >= 0.93 (readability-lxml 0.895) |")
print(f"| precision | {get(m, 'precision'):.3f} | |")
print(f"| recall | {get(m, 'recall'):.3f} | |")
pages = int(speed["pages"])
empty = int(get(m, "n_empty_pred"))
bad = int(get(m, "n_page_f1_below_0.5"))
print(f"| empty | {empty} ({100.0 * empty / max(pages, 1):.1f}%) | < 2% |")
print(f"| pages under 0.5 F1 | {bad} | |")
print(f"| pages/s (one core) | {float(speed['pages_per_second']):.0f} | >= 500 |")
print(f"| peak memory MB | {peak:.1f} | |")
print(f"| pages | {pages} ({speed['megabytes']} MB, {speed['seconds']} s extracting) | |")
print(f"| flagged not-article | {speed.get('flagged_not_article', '?')} | 0 (every dragnet page is an article or post) |")
PY
# Title and date, as far as the truth allows (see title_date.py for exactly what is measured).
python3 "$repo/bench/extraction/title_date.py" "$data/ground-truth.json" "$data/pages" \
  "$out/records.jsonl"
echo
echo "full scorer output:"
cat "$out/eval.txt"
