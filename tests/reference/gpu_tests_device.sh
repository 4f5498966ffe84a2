#!/usr/bin/env bash
# The gpu-labelled tests (tests/core/*/*_gpu_test.cpp: the image model and instance
# interactivity on CUDA, parity in fp32 and bf16 against the committed sam3-tiny fixtures, the
# app's facades on cuda against the CPU) on the device machine, in one call:
#   bash tests/reference/gpu_tests_device.sh
# from the repository root (an engine-only configure with LibTorch from the pip torch, tests on,
# benchmarks off). Progress and the test output go to $OUT/gpu_tests.log as they happen.
set -uo pipefail
W=${W:-/tmp/gpu_tests} && mkdir -p "$W"
if [ -n "${OUT:-}" ]; then mkdir -p "$OUT" && exec > >(tee -a "$OUT/gpu_tests.log") 2>&1; fi
die() { echo "gpu_tests_device: ERROR: $*" >&2; exit 1; }
[ -f CMakePresets.json ] || die "run from the repository root"
command -v nvidia-smi > /dev/null || die "no nvidia-smi: not a GPU machine"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
export CMAKE_PREFIX_PATH=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
t0=$SECONDS
# Tests on: a tree configured by the other scripts (tests off) is reconfigured.
cmake --preset engine-only -DSAM3STUDIO_WITH_PROJECT=OFF -DSAM3STUDIO_BUILD_BENCHMARKS=OFF \
  -DSAM3STUDIO_BUILD_TESTS=ON > "$W/configure.log" 2>&1 \
  || { tail -40 "$W/configure.log"; die "configure failed"; }
cmake --build --preset engine-only --target test_model_gpu test_interactive_gpu test_train_unit \
  -j "$(nproc)" \
  > "$W/build.log" 2>&1 || { grep -E 'error|Error' "$W/build.log" | head -40; die "build failed"; }
echo "build ok ($((SECONDS - t0)) s)"
rc=0
for t in test_model_gpu test_interactive_gpu; do
  bin=$(find build/engine-only -name "$t" -type f -perm -u+x | head -1)
  [ -n "$bin" ] || die "$t not built"
  echo "== $t"
  "$bin" || rc=1
done
# LibTorch 2.x branches the CI (Debian's 1.13) does not compile: the optimizer's multi-tensor
# lerp and clipping, the reducer's multi-tensor copy (CPU tests, run here on the pip LibTorch).
bin=$(find build/engine-only -name test_train_unit -type f -perm -u+x | head -1)
echo "== test_train_unit (LibTorch 2.x paths)"
"$bin" --gtest_filter='AdamW.*:ClipGradNorm.*:GradScaler*:TrainerTest.ResumedRunEqualsUninterruptedRun' || rc=1
echo "gpu tests rc=$rc ($((SECONDS - t0)) s in all)"
exit $rc
