# Sourced by the device scripts that need only sam3studio-cli: configures the engine-only preset
# (LibTorch and NCCL from the pip PyTorch; project, benchmarks and tests off) unless build/engine-only
# is configured already, builds the CLI, and sets B to it. Needs: the source tree as the current
# folder, W (work folder for the logs) and a die() function.
engine_cli_build() {
  export CMAKE_PREFIX_PATH=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
  local t0=$SECONDS
  if [ ! -f build/engine-only/CMakeCache.txt ]; then
    cmake --preset engine-only -DSAM3STUDIO_WITH_PROJECT=OFF -DSAM3STUDIO_BUILD_BENCHMARKS=OFF \
      -DSAM3STUDIO_BUILD_TESTS=OFF > "$W/configure.log" 2>&1 \
      || { tail -40 "$W/configure.log"; die "configure failed"; }
  fi
  cmake --build --preset engine-only --target sam3studio-cli -j "$(nproc)" > "$W/build.log" 2>&1 \
    || { grep -E 'error|Error' "$W/build.log" | head -40; die "build failed"; }
  echo "build ok ($((SECONDS - t0)) s)"
  B=$PWD/build/engine-only/bin/sam3studio-cli
  [ -x "$B" ] || die "$B not built"
}

# sam3_no_dropout FILE: resources/models/sam3.yaml with dropout and drop-path off (runs compared
# step by step draw nothing at random in the model).
sam3_no_dropout() {
  sed -E 's/(dropout|drop_path_rate): 0\.1/\1: 0.0/' resources/models/sam3.yaml > "$1"
  grep -qE '(dropout|drop_path_rate): 0\.1' "$1" && die "dropout still on in $1"
  return 0
}
