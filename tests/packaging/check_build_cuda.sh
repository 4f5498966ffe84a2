#!/usr/bin/env bash
# packaging/build-cuda.sh without a GPU or network: --dry-run prints the LibTorch URL (file name by
# LibTorch version), the cache paths and the CMake command line (prefix path, cuda flavour), and
# bad arguments are refused. Usage: check_build_cuda.sh SOURCE_DIR
set -uo pipefail
script="$1/packaging/build-cuda.sh"
cache="$(mktemp -d)"
trap 'rm -rf "$cache"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

out="$(bash "$script" --dry-run --torch 2.9.1 --cuda 12.8 --cache "$cache" --build-dir /tmp/b --package)" ||
  fail "dry run exited $?"
echo "$out"
grep -qxF "build-cuda: LibTorch https://download.pytorch.org/libtorch/cu128/libtorch-shared-with-deps-2.9.1%2Bcu128.zip" <<<"$out" ||
  fail "2.9.1/12.8 URL"
grep -q -- "-DCMAKE_PREFIX_PATH=$cache/libtorch-shared-with-deps-2.9.1+cu128/libtorch -DSAM3STUDIO_PACKAGE_FLAVOUR=cuda" <<<"$out" ||
  fail "CMake prefix path and flavour"
grep -q "^+ curl -fL --retry 3 -C - -o $cache/libtorch-shared-with-deps-2.9.1+cu128.zip " <<<"$out" || fail "resumable download"
grep -q "^+ cpack --config /tmp/b/CPackConfig.cmake -G DEB" <<<"$out" || fail "--package runs cpack"
[ -z "$(ls -A "$cache")" ] || fail "--dry-run wrote into the cache"

out="$(bash "$script" --dry-run --torch 2.7.1 --cuda 12.6 --cache "$cache" --engine-only)" || fail "2.7.1 dry run"
grep -q "cu126/libtorch-cxx11-abi-shared-with-deps-2.7.1%2Bcu126.zip" <<<"$out" || fail "pre-2.8 name"
grep -q -- "-DSAM3STUDIO_BUILD_GUI=OFF -DSAM3STUDIO_WITH_OPENCV=OFF" <<<"$out" || fail "--engine-only"
grep -q "target sam3studio-cli$" <<<"$out" || fail "--engine-only builds the CLI only"

for bad in "--torch 2.9 --cuda 12.8" "--torch 2.9.1 --cuda 128" "--torch 2.9.1 --cuda 12.8 --sha256 abc" "--frobnicate"; do
  # shellcheck disable=SC2086
  if bash "$script" --dry-run $bad >/dev/null 2>&1; then fail "accepted: $bad"; fi
done
echo "check_build_cuda: all checks passed"
