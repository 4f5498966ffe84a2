#!/usr/bin/env bash
# Builds SAM3 Studio against an official LibTorch CUDA download (pytorch.org's "libtorch" zip,
# cxx11 ABI, shared, with deps) and, with --package, makes the cuda-flavoured Debian package.
#
#   packaging/build-cuda.sh --torch 2.9.1 --cuda 12.8 [--sha256 HEX] [--engine-only] [--package]
#   packaging/build-cuda.sh --zip ~/Downloads/libtorch-....zip --sha256 HEX ...
#   packaging/build-cuda.sh --dry-run ...     print every step, download and build nothing
#
# URL: https://download.pytorch.org/libtorch/cu<XYZ>/<name>-<torch>%2Bcu<XYZ>.zip where <name> is
# libtorch-shared-with-deps from LibTorch 2.8 on (only the cxx11 ABI is published) and
# libtorch-cxx11-abi-shared-with-deps before. --url overrides it.
# Checksum: pytorch.org publishes none beside the zips. With --sha256 the download must match it;
# without, the script records the zip's SHA-256 beside it on first download and every later run
# (or --zip of the same name) must match that record. The zip and the unpacked LibTorch live in
# --cache (default ~/.cache/sam3studio/libtorch); curl resumes an interrupted download.
# Needs: curl, unzip, sha256sum, cmake, ninja, a C++20 compiler, and the CUDA toolkit (nvcc) of
# the same major version as the LibTorch build, which LibTorch's CMake config looks for.
set -euo pipefail

torch="" cuda="" sha="" url="" zip="" cache="${XDG_CACHE_HOME:-$HOME/.cache}/sam3studio/libtorch"
build="build/cuda" engine_only=0 package=0 dry=0 jobs="$(nproc 2>/dev/null || echo 2)"
root="$(cd "$(dirname "$0")/.." && pwd)"

usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
die() { echo "build-cuda: $*" >&2; exit 2; }
run() {  # prints the command; runs it unless --dry-run
  printf '+'; printf ' %q' "$@"; printf '\n'
  [ "$dry" -eq 1 ] || "$@"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --torch) torch="${2:?}"; shift 2 ;;
    --cuda) cuda="${2:?}"; shift 2 ;;
    --sha256) sha="${2:?}"; shift 2 ;;
    --url) url="${2:?}"; shift 2 ;;
    --zip) zip="${2:?}"; shift 2 ;;
    --cache) cache="${2:?}"; shift 2 ;;
    --build-dir) build="${2:?}"; shift 2 ;;
    --jobs) jobs="${2:?}"; shift 2 ;;
    --engine-only) engine_only=1; shift ;;
    --package) package=1; shift ;;
    --dry-run) dry=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "build-cuda: unknown argument $1" >&2; usage 2 ;;
  esac
done

[ -n "$sha" ] && { [[ "$sha" =~ ^[0-9a-fA-F]{64}$ ]] || die "--sha256 needs 64 hex digits"; }
if [ -z "$zip" ] && [ -z "$url" ]; then
  [[ "$torch" =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] || die "--torch needs a version like 2.9.1"
  major="${BASH_REMATCH[1]}" minor="${BASH_REMATCH[2]}"
  [[ "$cuda" =~ ^([0-9]+)\.([0-9])$ ]] || die "--cuda needs a version like 12.8"
  tag="cu${BASH_REMATCH[1]}${BASH_REMATCH[2]}"
  if [ "$major" -gt 2 ] || { [ "$major" -eq 2 ] && [ "$minor" -ge 8 ]; }; then
    name="libtorch-shared-with-deps"
  else
    name="libtorch-cxx11-abi-shared-with-deps"
  fi
  url="https://download.pytorch.org/libtorch/${tag}/${name}-${torch}%2B${tag}.zip"
fi
if [ -z "$zip" ]; then
  zip="$cache/$(basename "${url//%2B/+}")"
fi
unpacked="$cache/$(basename "$zip" .zip)"
echo "build-cuda: LibTorch ${url:-$zip}"
echo "build-cuda: zip $zip, unpacked in $unpacked, build folder $build"

run mkdir -p "$cache"
if [ -n "$url" ] && [ ! -f "$zip.verified" ]; then
  run curl -fL --retry 3 -C - -o "$zip" "$url"
fi
record="$zip.sha256"
if [ "$dry" -eq 0 ]; then
  got="$(sha256sum "$zip" | cut -d' ' -f1)"
  want="${sha:-}"
  [ -z "$want" ] && [ -f "$record" ] && want="$(cat "$record")"
  if [ -n "$want" ] && [ "${got,,}" != "${want,,}" ]; then
    echo "build-cuda: $zip has SHA-256 $got, expected $want; delete it and download again" >&2
    exit 1
  fi
  if [ -z "$want" ]; then
    echo "build-cuda: no checksum given; recording $got in $record (compare it with a trusted source)"
  fi
  echo "$got" >"$record"
  touch "$zip.verified"
else
  echo "+ sha256sum $zip  # must equal ${sha:-the one recorded in $record on first download}"
fi
if [ ! -d "$unpacked/libtorch" ]; then
  run unzip -q -o "$zip" -d "$unpacked"
fi

cfg=(cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
  "-DCMAKE_PREFIX_PATH=$unpacked/libtorch" -DSAM3STUDIO_PACKAGE_FLAVOUR=cuda
  -DCMAKE_INSTALL_PREFIX=/usr)
[ "$engine_only" -eq 1 ] && cfg+=(-DSAM3STUDIO_BUILD_GUI=OFF -DSAM3STUDIO_WITH_OPENCV=OFF)
if command -v nvcc >/dev/null; then
  cfg+=("-DCMAKE_CUDA_COMPILER=$(command -v nvcc)")
elif [ -x /usr/local/cuda/bin/nvcc ]; then
  cfg+=(-DCMAKE_CUDA_COMPILER=/usr/local/cuda/bin/nvcc)
else
  echo "build-cuda: warning: no nvcc on PATH or in /usr/local/cuda; LibTorch's CMake config needs the CUDA toolkit" >&2
fi
run "${cfg[@]}"
run cmake --build "$build" -j "$jobs" --target sam3studio-cli $([ "$engine_only" -eq 1 ] || echo sam3studio)
run "$build/bin/sam3studio-cli" info
if [ "$package" -eq 1 ]; then
  run cpack --config "$build/CPackConfig.cmake" -G DEB -B "$build/package"
fi
