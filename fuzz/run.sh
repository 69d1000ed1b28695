#!/usr/bin/env bash
# Runs one fuzz target and prints its row of the results table (markdown). Used by bench/fuzz.sh
# and scripts/fuzz_smoke.sh; run from the repository root after building the "fuzz" preset.
#
# Usage: fuzz/run.sh TARGET LIMIT     e.g. fuzz/run.sh url -runs=20000, fuzz/run.sh url -max_total_time=30
# Environment: FUZZ_OUT (default build/fuzz-out) is OUT_DIR; FUZZ_BUILD (default build/fuzz);
# FUZZ_SEED fixes libFuzzer's random seed (the CI smoke run sets it, so a failure there repeats).
# FUZZ_TIMEOUT (default 1) is the seconds after which libFuzzer stops at an input. On a machine
# busy with other work an input can wait for a core longer than it runs, so a campaign there sets
# it higher: every input libFuzzer reports slower than 1 s is then timed again alone, and one that
# still takes 1 s or more counts as a timeout (kept as recheck-timeout-*); so is an input
# libFuzzer timed out on, which may only have waited for a paused process.
# Inputs: fuzz/corpus/TARGET and fuzz/regressions/TARGET (read only); new inputs go to
# OUT_DIR/corpus/TARGET, crash/timeout/leak/oom inputs to OUT_DIR/crashes/TARGET/, the log to
# OUT_DIR/TARGET.log. libFuzzer stops at the first failure, so a failed row counts 1.
# Exit status: 0 when the run found nothing, 1 otherwise.
set -euo pipefail
target=$1 limit=$2 out=${FUZZ_OUT:-build/fuzz-out}
bin=${FUZZ_BUILD:-build/fuzz}/fuzz/fuzz_$target
read -r _ max_len dict _ < <(grep -E "^$target[[:space:]]" fuzz/targets.txt)

mkdir -p "$out/corpus/$target" "$out/crashes/$target"
args=("$limit" -timeout="${FUZZ_TIMEOUT:-1}" -rss_limit_mb=2048 -max_len="$max_len" -report_slow_units=1
      -print_final_stats=1 -artifact_prefix="$out/crashes/$target/")
if [[ $dict != - ]]; then args+=(-dict="fuzz/dict/$dict.dict"); fi
if [[ -n ${FUZZ_SEED:-} ]]; then args+=(-seed="$FUZZ_SEED"); fi
dirs=("$out/corpus/$target" "fuzz/corpus/$target")
if [[ -d fuzz/regressions/$target ]]; then dirs+=("fuzz/regressions/$target"); fi

# Targets that read a scratch file write one per input: in memory, not through a disk's journal
# (four times the executions/s of the config target).
if [[ -z ${TMPDIR:-} && -w /dev/shm ]]; then export TMPDIR=/dev/shm; fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/fuzz/lsan.supp:print_suppressions=0}
status=0
"$bin" "${args[@]}" "${dirs[@]}" >"$out/$target.log" 2>&1 || status=$?

log=$out/$target.log
stat() { grep -oP "^stat::$1:\s*\K\S+" "$log" | tail -1 || true; }
count() { find "$out/crashes/$target" -name "$1-*" | wc -l; }
execs=$(stat number_of_executed_units)
rate=$(stat average_exec_per_sec)
edges=$(grep -oP '\bcov: \K[0-9]+' "$log" | tail -1 || true)
slowest="<1 s"
for unit in "$out/crashes/$target"/slow-unit-*; do
  [[ -e $unit ]] || continue
  ms=$("$bin" "$unit" 2>&1 | grep -oP '^Executed .* in \K[0-9]+(?= ms)' || echo 0)
  if ((ms >= 1000)); then cp "$unit" "$out/crashes/$target/recheck-timeout-${unit##*/slow-unit-}"; fi
  if [[ $slowest == "<1 s" ]] || ((ms > ${slowest_ms:-0})); then
    slowest_ms=$ms
    slowest="$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000))) s alone"
  fi
done
# libFuzzer's timeout is wall-clock time: a process the machine paused (SIGSTOP, a suspended
# VM) times out on an input that is fast. Such an input, under 1 s alone, is kept as
# paused-timeout-* and not counted; the run still ended there.
for unit in "$out/crashes/$target"/timeout-*; do
  [[ -e $unit ]] || continue
  ms=$("$bin" "$unit" 2>&1 | grep -oP '^Executed .* in \K[0-9]+(?= ms)' || echo 1000)
  if ((ms < 1000)); then mv "$unit" "$out/crashes/$target/paused-${unit##*/}"; fi
done
crashes=$(( $(count crash) + $(count oom) ))
timeouts=$(( $(count timeout) + $(count recheck-timeout) ))
leaks=$(count leak)
# A sanitizer report that left no artifact (or a harness error) still fails the row.
if [[ $status -ne 0 && $((crashes + timeouts + leaks + $(count paused-timeout))) -eq 0 ]]; then crashes=1; fi
echo "| $target | ${execs:-?} | ${rate:-?} | ${edges:-?} | $crashes | $timeouts | $leaks | $slowest |"
[[ $((crashes + timeouts + leaks)) -eq 0 ]]
