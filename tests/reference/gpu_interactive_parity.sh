#!/usr/bin/env bash
# Full-size sam3 instance-interactivity parity (GPU machine): official predict_inst fixtures with
# random weights (make_interactive_fixtures.py), then our parity test on them (CUDA and CPU paths
# of the test program run on the CPU: fp32). Run from the repository root with carry
# ["tests/reference/official"] after an engine-only configure; writes $W/interactive.txt.
set -uo pipefail
W=${W:-/tmp/interactive} && mkdir -p "$W"
export CMAKE_PREFIX_PATH=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
cmake --preset engine-only -DSAM3STUDIO_WITH_PROJECT=OFF -DSAM3STUDIO_BUILD_BENCHMARKS=OFF \
  -DSAM3STUDIO_BUILD_TESTS=ON > "$W/configure.log" 2>&1 || { tail -20 "$W/configure.log"; exit 1; }
cmake --build --preset engine-only --target test_interactive_parity -j "${JOBS:-8}" > "$W/build.log" 2>&1 \
  || { grep -E 'error|Error' "$W/build.log" | head -20; exit 1; }
( cd tests/reference && python3 make_interactive_fixtures.py --model sam3 --out /tmp/ifx \
    --check-official-builder > "$W/official.log" 2>&1; echo "official interactive fixtures rc=$?" )
grep -iE "builder|case|problem" "$W/official.log" | head -12
T=$(find build/engine-only -name test_interactive_parity -type f -perm -u+x | head -1)
SAM3_INTERACTIVE_PARITY_DIR=/tmp/ifx SAM3_INTERACTIVE_PARITY_MODEL=sam3 \
  SAM3_INTERACTIVE_PARITY_TOLERANCE=1e-3 "$T" > "$W/interactive.txt" 2>&1
echo "interactive parity rc=$?"; grep -E "max-abs|OK|FAILED|PASSED|SKIPPED" "$W/interactive.txt" | head -60
