#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz, each for a fixed time, JOBS at a time.
# Usage: tests/fuzz/run_fuzzers.sh [-t SECONDS] [-j JOBS] [-b BUILD_DIR] [TARGET...]
#   -t  fuzzing time per target (libFuzzer -max_total_time), default 60
#   -j  targets run at once, default 2
#   -b  build folder of the fuzz preset, default build/fuzz
#   TARGET  fuzz_safetensors fuzz_pickle ... (default: every binary in BUILD_DIR/fuzz)
# Seeds come from tests/fuzz/corpus/<name>/ (read only); new inputs go to
# BUILD_DIR/fuzz-corpus/<name>/, crashes to BUILD_DIR/fuzz-artifacts/<name>/, logs to
# BUILD_DIR/fuzz-logs/<name>.log. Prints one line per target (executions, seconds, result) and
# exits 1 when any target found a crash, a leak, a timeout or a sanitizer report.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=60 jobs=2 build=build/fuzz
while getopts "t:j:b:" opt; do
  case $opt in
    t) seconds=$OPTARG ;;
    j) jobs=$OPTARG ;;
    b) build=$OPTARG ;;
    *) sed -n '2,12p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in "$build"/fuzz/fuzz_*; do [ -x "$f" ] && targets+=("$(basename "$f")"); done
fi
[ ${#targets[@]} -gt 0 ] || { echo "run_fuzzers: no fuzzers in $build/fuzz (cmake --build --preset fuzz)" >&2; exit 2; }

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

run_one() {
  local t=$1 name=${1#fuzz_}
  local work="$build/fuzz-corpus/$name" art="$build/fuzz-artifacts/$name" log="$build/fuzz-logs/$t.log"
  mkdir -p "$work" "$art" "$(dirname "$log")"
  local rc=0 timer=()
  # CPU seconds (user + sys) beside the wall time, when GNU time is installed: on a shared machine
  # the two differ.
  [ -x /usr/bin/time ] && timer=(/usr/bin/time -f "%U %S" -o "$log.cpu")
  "${timer[@]}" "$build/fuzz/$t" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2560 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$art/" "$work" "tests/fuzz/corpus/$name" \
    >"$log" 2>&1 || rc=$?
  local execs secs cpu=? result
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  [ -s "$log.cpu" ] && cpu=$(awk 'END { printf "%.0f", $1 + $2 }' "$log.cpu")
  if [ $rc -eq 0 ]; then
    result=clean
  elif grep -q "no vocabulary at" "$log"; then
    result="skipped ($(grep -m1 'no vocabulary at' "$log"))"
    rc=0
  else
    result="FAILED (exit $rc; see $log and $art/)"
  fi
  printf '%-18s execs=%-10s wall_s=%-5s cpu_s=%-5s %s\n' "$t" "${execs:-?}" "${secs:-?}" "$cpu" \
    "$result"
  return $rc
}

failed=0
pids=()
for t in "${targets[@]}"; do
  run_one "$t" & pids+=($!)
  if [ ${#pids[@]} -ge "$jobs" ]; then
    wait "${pids[0]}" || failed=1
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || failed=1; done
exit $failed
