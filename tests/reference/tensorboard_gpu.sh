#!/usr/bin/env bash
# TensorBoard's own reader on a SAM3 Studio run (issue 12), for the GPU machine, which has the
# `tensorboard` Python package: builds the engine-only CLI, trains sam3-tiny for STEPS steps on
# synthetic photos on the GPU (validation every epoch, so val/ scalars appear too), then runs
# tests/reference/tensorboard_check.py on the run folder. Run from the repository root with
# `carry: ["tests/reference/official"]` (the CLIP vocabulary). Writes $OUT/tensorboard_check.txt
# and $OUT/tensorboard_run.tgz (metrics.jsonl, event file, config; no checkpoints).
# Usage: tests/reference/tensorboard_gpu.sh [STEPS]   (default 20)
set -uo pipefail
STEPS=${1:-20}
OUT=${OUT:-/tmp}
W=/tmp/tensorboard_check && rm -rf "$W" && mkdir -p "$W"
export CMAKE_PREFIX_PATH=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
python3 -c 'import tensorboard; print("tensorboard", tensorboard.__version__)' || exit 1
cmake --preset engine-only -DSAM3STUDIO_WITH_PROJECT=OFF -DSAM3STUDIO_BUILD_BENCHMARKS=OFF \
  -DSAM3STUDIO_BUILD_TESTS=OFF > "$W/configure.log" 2>&1 || { tail -40 "$W/configure.log"; exit 1; }
cmake --build --preset engine-only --target sam3studio-cli -j 16 > "$W/build.log" 2>&1 \
  || { grep -E 'error|Error' "$W/build.log" | head -40; exit 1; }
B=$PWD/build/engine-only/bin/sam3studio-cli
VOCAB=tests/reference/official/sam3/assets/bpe_simple_vocab_16e6.txt.gz
printf 'train:\n  batch_size: 2\nvalidation:\n  every_epochs: 1\ncheckpoint:\n  keep_last: 1\nlogging:\n  every_steps: 1\n  tensorboard: true\n' > "$W/config.yaml"
"$B" train --synthetic 16 --model-config sam3-tiny --config "$W/config.yaml" --max-steps "$STEPS" \
  --vocab "$VOCAB" --device cuda --run "$W/run" > "$W/train.json" 2> "$W/train.log"
echo "train rc=$?"
tail -3 "$W/train.log"
python3 tests/reference/tensorboard_check.py "$W/run" | tee "$OUT/tensorboard_check.txt"
rc=${PIPESTATUS[0]}
tar -czf "$OUT/tensorboard_run.tgz" -C "$W" config.yaml train.log run/metrics.jsonl run/config.yaml \
  $(cd "$W" && ls run/events.out.tfevents.*) 2>/dev/null
echo "tensorboard_check rc=$rc"
exit "$rc"
