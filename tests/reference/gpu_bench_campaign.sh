#!/usr/bin/env bash
# Ours beside the official SAM3 code on one GPU, same weights, inputs and sizes (issue 10), in one
# device call per phase. Run from the repository root with `carry: ["tests/reference/official"]`:
#
#   bash tests/reference/gpu_bench_campaign.sh [PHASE] [MODE...]
#
# PHASE: all (default) | build | infer | train. MODE...: training memory modes (default: full
# full_no_checkpointing frozen_text frozen_text_trunk lora fp16). Each phase builds if needed,
# writes the official random weights once (kept in $W/weights while the machine stays warm), runs
# official_bench.py then `sam3studio-cli bench`, and prints the ratio table ours / official.
# Reports land in $W; when $OUT is set each JSON and table is copied there as soon as it exists,
# and the logs go to $OUT/bench_<phase>.tgz at the end.
# A device call lasts at most 10 minutes: run `infer` (builds first) and then, on the same warm
# machine, `train` with a few modes per call (each mode: up to 6 batch sizes on both sides).
# Env: W (work folder, default /tmp/bench_campaign), MAX_BATCH (default 32), ITER (inference,
# default 20), TRAIN_ITER (default 3), MODEL (default sam3).
set -uo pipefail
export PYTHONUNBUFFERED=1
PHASE=${1:-all}
shift || true
MODES=("$@")
[ ${#MODES[@]} -eq 0 ] && MODES=(full full_no_checkpointing frozen_text frozen_text_trunk lora fp16)
W=${W:-/tmp/bench_campaign}
MAX_BATCH=${MAX_BATCH:-32}
ITER=${ITER:-20}
TRAIN_ITER=${TRAIN_ITER:-3}
MODEL=${MODEL:-sam3}
REF=tests/reference
VOCAB=$REF/official/sam3/assets/bpe_simple_vocab_16e6.txt.gz
die() { echo "gpu_bench_campaign: ERROR: $*" >&2; exit 1; }

case "$PHASE" in all | build | infer | train) ;; *) die "unknown phase '$PHASE' (all|build|infer|train)" ;; esac
[ -f CMakePresets.json ] && [ -d $REF ] || die "run from the repository root"
[ -d $REF/official/sam3 ] || die "$REF/official/sam3 missing: pass carry [\"tests/reference/official\"]"
[ -f "$VOCAB" ] || die "$VOCAB missing (the official package copy is incomplete)"
command -v nvidia-smi > /dev/null || die "no nvidia-smi: not a GPU machine"
python3 -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' \
  || die "python3 has no CUDA torch"
mkdir -p "$W"
rm -f "$W"/official_*.json "$W"/ours_*.json  # a failed run must not leave an old report behind
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$W/gpu.txt"

B=$PWD/build/engine-only/bin/sam3studio-cli
build() {
  export CMAKE_PREFIX_PATH=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
  if [ ! -f build/engine-only/CMakeCache.txt ]; then
    cmake --preset engine-only -DSAM3STUDIO_WITH_PROJECT=OFF -DSAM3STUDIO_BUILD_BENCHMARKS=OFF \
      -DSAM3STUDIO_BUILD_TESTS=OFF > "$W/configure.log" 2>&1 \
      || { tail -40 "$W/configure.log"; die "configure failed"; }
  fi
  local t0=$SECONDS
  cmake --build --preset engine-only --target sam3studio-cli -j "$(nproc)" > "$W/build.log" 2>&1 \
    || { grep -E 'error|Error' "$W/build.log" | head -40; die "build failed"; }
  echo "build ok ($((SECONDS - t0)) s)"
  [ -x "$B" ] || die "$B not built"
}

weights_args=(--weights "$W/weights/weights.safetensors" --load-fp32 "$W/weights/weights_fp32.pt"
  --load-bf16 "$W/weights/weights_bf16.pt")

save() {  # copy a result to $OUT at once (a call cut by its time limit still returns it)
  [ -n "${OUT:-}" ] && cp "$1" "$OUT/" || true
}

run_pair() {  # name, official args..., --, ours args...
  local name=$1; shift
  local off=() ours=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do off+=("$1"); shift; done
  shift
  ours=("$@")
  local t0=$SECONDS
  echo "== $name: official"
  # progress lines live (per batch size, weights), everything in the log
  python3 $REF/official_bench.py --model "$MODEL" --weights-dir "$W/weights" "${off[@]}" \
    --json "$W/official_$name.json" 2>&1 | tee "$W/official_$name.log" \
    | grep --line-buffered -E "^official |^weights|Error|ERROR|Traceback" \
    || true
  if [ -s "$W/official_$name.json" ]; then
    save "$W/official_$name.json"
  else  # ours still runs: its numbers are worth the device time on their own
    tail -40 "$W/official_$name.log"
    echo "gpu_bench_campaign: ERROR: official_bench.py failed ($name), log $W/official_$name.log" >&2
    FAILED=1
  fi
  echo "== $name: ours ($((SECONDS - t0)) s so far)"
  "$B" bench --model-config "$MODEL" --device cuda "${weights_args[@]}" "${ours[@]}" \
    --json "$W/ours_$name.json" 2>&1 | tee "$W/ours_$name.log" \
    | grep --line-buffered -E "^bench:|rror" || true
  if [ -s "$W/ours_$name.json" ]; then
    save "$W/ours_$name.json"
  else
    tail -40 "$W/ours_$name.log"
    echo "gpu_bench_campaign: ERROR: sam3studio-cli bench failed ($name), log $W/ours_$name.log" >&2
    FAILED=1
  fi
  if [ -s "$W/ours_$name.json" ] && [ -s "$W/official_$name.json" ]; then
    python3 $REF/official_bench.py --compare "$W/ours_$name.json" "$W/official_$name.json" \
      | tee "$W/table_$name.txt"
    save "$W/table_$name.txt"
  fi
  echo "== $name done in $((SECONDS - t0)) s"
}

FAILED=0
build
if [ "$PHASE" = all ] || [ "$PHASE" = infer ]; then
  run_pair infer_bf16 --iterations "$ITER" -- -n "$ITER"  # ours: bf16 weights, as the app
  run_pair infer_fp32 --fp32 --iterations "$ITER" -- --fp32 -n "$ITER"
  echo "== ours bf16 with fp32 weights under autocast (what bf16 weights save)"
  "$B" bench --model-config "$MODEL" --device cuda --weights "$W/weights/weights.safetensors" \
    --no-load --fp32-weights -n "$ITER" --json "$W/ours_infer_bf16_fp32w.json" \
    > "$W/ours_infer_bf16_fp32w.log" 2>&1 && save "$W/ours_infer_bf16_fp32w.json" \
    || { tail -20 "$W/ours_infer_bf16_fp32w.log"; FAILED=1; }
fi
if [ "$PHASE" = all ] || [ "$PHASE" = train ]; then
  off_modes=()
  for m in "${MODES[@]}"; do
    [ "$m" = lora ] || off_modes+=("$m")  # the official code has no LoRA
  done
  ours_modes=()
  for m in "${MODES[@]}"; do ours_modes+=(--train-mode "$m"); done
  run_pair train --no-inference --train --modes "${off_modes[@]}" --max-batch "$MAX_BATCH" \
    --train-iterations "$TRAIN_ITER" -- --train-only --vocab "$VOCAB" "${ours_modes[@]}" \
    --train-max-batch "$MAX_BATCH" --train-iterations "$TRAIN_ITER"
fi
if [ -n "${OUT:-}" ]; then
  tar -czf "$OUT/bench_$PHASE.tgz" -C "$W" --exclude weights . && echo "logs: \$OUT/bench_$PHASE.tgz"
fi
exit $FAILED
