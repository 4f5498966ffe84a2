#!/usr/bin/env bash
# Installs every Debian 12 package that building and testing SAM3 Studio needs.
# Idempotent: installs only what is missing; reaches nothing but Debian's package registry.
# Usage: packaging/install-deps.sh [--gui-only-runtime]   (runs apt-get through sudo when not root)
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libtorch-dev libgloo-dev
  # Debian's LibTorch links the reference BLAS unless an optimised one is installed: OpenBLAS makes
  # the smart-polygon decoder about 11x faster (docs/performance.md).
  libopenblas0-pthread
  libopencv-dev
  libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libsqlite3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  zlib1g-dev
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqcustomplot-dev
  qtkeychain-qt6-dev
  libgl-dev libvulkan-dev
  clang-format xvfb xauth
  ccache clang-14 libclang-rt-14-dev
  desktop-file-utils appstream
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
