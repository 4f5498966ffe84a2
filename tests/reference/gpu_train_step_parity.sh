#!/usr/bin/env bash
# Training-step parity on the GPU machine (one device call): the official training step's losses
# and gradients (make_train_step_fixture.py) for sam3-tiny (with and without a negative prompt)
# and the full sam3, then `sam3studio-cli parity-train` on each, on CPU and CUDA, with and without
# activation checkpointing. Run from the repository root with carry ["tests/reference/official"].
# Writes $OUT/train_step.tgz (the tiny fixtures and every report).
set -uo pipefail
export PYTHONUNBUFFERED=1
export CMAKE_PREFIX_PATH=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
W=/tmp/train_step && rm -rf "$W" && mkdir -p "$W"
FULL=${FULL:-1}
( cmake --preset engine-only -DSAM3STUDIO_WITH_PROJECT=OFF -DSAM3STUDIO_BUILD_BENCHMARKS=OFF \
    -DSAM3STUDIO_BUILD_TESTS=OFF > "$W/configure.log" 2>&1 &&
  cmake --build --preset engine-only --target sam3studio-cli -j "$(nproc)" > "$W/build.log" 2>&1
  echo "build rc=$?" ) &
BUILD=$!
fixture() {  # name, args...
  local name=$1; shift
  ( cd tests/reference && timeout 300 python3 make_train_step_fixture.py --out "$W/$name" "$@" \
      > "$W/$name.log" 2>&1 ); echo "fixture $name rc=$?"; grep -E 'zeroed|rror' "$W/$name.log"
}
fixture tiny --model sam3-tiny
fixture tiny_neg --model sam3-tiny --negative
wait $BUILD; grep -E ' error ' "$W/build.log" | head -20
B=$PWD/build/engine-only/bin/sam3studio-cli
check() {  # fixture, label, args...
  local fx=$1 label=$2; shift 2
  "$B" parity-train "$W/$fx" --json "$W/report_${fx}_$label.json" "$@" > "$W/report_${fx}_$label.txt" 2>&1
  echo "parity-train $fx $label rc=$?"; tail -4 "$W/report_${fx}_$label.txt"
}
for fx in tiny tiny_neg; do
  check $fx cpu --device cpu
  check $fx cuda --device cuda
  check $fx cuda_ckpt --device cuda --activation-checkpointing
done
cat "$W/report_tiny_neg_cpu.txt" | head -40
if [ "$FULL" = 1 ]; then
  fixture sam3 --model sam3 --negative
  check sam3 cuda --device cuda --grad-tolerance 1e-3
  head -40 "$W/report_sam3_cuda.txt"
  rm -f "$W"/sam3/*.safetensors
fi
tar -czf "$OUT/train_step.tgz" -C "$W" --exclude=build.log .
