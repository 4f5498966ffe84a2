#!/usr/bin/env bash
# Issue 6 proof on the GPU machine: the full `sam3` (random weights) trains 50 steps at batch 1
# with each memory mode, through `sam3studio-cli train` and one YAML config per mode. Prints, per
# mode, the median step time (from images/s), the peak GPU memory and the last loss, from the run's
# metrics.jsonl. Run from the repository root with `carry: ["tests/reference/official"]` (for the
# CLIP vocabulary); writes $OUT/memory_modes.tgz (configs, metrics, logs; no checkpoints).
# Usage: tests/reference/memory_modes_gpu.sh [STEPS]   (default 50)
set -uo pipefail
STEPS=${1:-50}
W=/tmp/memory_modes && rm -rf "$W" && mkdir -p "$W"
export CMAKE_PREFIX_PATH=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$W/gpu.txt"
cmake --preset engine-only -DSAM3STUDIO_WITH_PROJECT=OFF -DSAM3STUDIO_BUILD_BENCHMARKS=OFF \
  -DSAM3STUDIO_BUILD_TESTS=OFF > "$W/configure.log" 2>&1 || { tail -40 "$W/configure.log"; exit 1; }
cmake --build --preset engine-only --target sam3studio-cli -j 16 > "$W/build.log" 2>&1 \
  || { grep -E 'error|Error' "$W/build.log" | head -40; exit 1; }
B=$PWD/build/engine-only/bin/sam3studio-cli
VOCAB=tests/reference/official/sam3/assets/bpe_simple_vocab_16e6.txt.gz

# mode name -> the YAML keys that select it (everything else: resources/train/default.yaml).
declare -A MODES=(
  [full_checkpointing]=$'precision:\n  activation_checkpointing: true'
  [full_no_checkpointing]=$'precision:\n  activation_checkpointing: false'
  [fp16]=$'precision:\n  amp: fp16\n  activation_checkpointing: true'
  [frozen_text]=$'memory:\n  freeze_text: true'
  [frozen_trunk_last4]=$'memory:\n  freeze_text: true\n  freeze_vision_trunk: true\n  train_last_vision_blocks: 4'
  [lora_r8]=$'memory:\n  lora:\n    enabled: true\n    rank: 8\n    alpha: 16.0'
)
# ONLY="frozen_text lora_r8" runs a subset.
for mode in ${ONLY:-full_checkpointing full_no_checkpointing fp16 frozen_text frozen_trunk_last4 lora_r8}; do
  cfg="$W/$mode.yaml"
  printf '%s\ntrain:\n  batch_size: 1\nvalidation:\n  every_epochs: 0\ncheckpoint:\n  keep_last: 1\nlogging:\n  tensorboard: false\n' \
    "${MODES[$mode]}" > "$cfg"
  "$B" train --synthetic 64 --model-config sam3 --config "$cfg" --max-steps "$STEPS" \
    --vocab "$VOCAB" --device cuda --run "$W/run_$mode" > "$W/$mode.json" 2> "$W/$mode.log"
  echo "$mode rc=$?"
  grep -iE 'error|out of memory' "$W/$mode.log" | head -3
  python3 - "$W/run_$mode/metrics.jsonl" "$mode" <<'EOF'
import json, statistics, sys
steps = [json.loads(l) for l in open(sys.argv[1]) if '"type":"step"' in l.replace(' ', '')]
if not steps:
    print(f"  {sys.argv[2]}: no steps"); sys.exit()
t = [1.0 / s["images_per_second"] for s in steps[1:] if s["images_per_second"]]  # step 1 = warm-up
peak = max(s["gpu_peak_bytes"] for s in steps)
print(f"  {sys.argv[2]}: {len(steps)} steps, median step {statistics.median(t) * 1000:.0f} ms, "
      f"peak {peak / 2**30:.2f} GiB, loss first {steps[0]['loss']:.3f} last {steps[-1]['loss']:.3f}")
EOF
  rm -rf "$W/run_$mode/checkpoints" "$W/run_$mode"/best.*
done
mkdir -p "${OUT:-/tmp/out}" && tar czf "${OUT:-/tmp/out}/memory_modes.tgz" \
  --exclude='*.safetensors' --exclude='build.log' -C /tmp memory_modes
