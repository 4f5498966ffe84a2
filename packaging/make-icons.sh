#!/usr/bin/env bash
# Renders resources/icons/sam3studio.svg into the hicolor PNG sizes that desktops look up
# (resources/icons/hicolor/<N>x<N>/apps/sam3studio.png). The PNGs are committed, so building the
# package needs no SVG renderer; run this again after changing the SVG.
# Needs rsvg-convert (Debian package librsvg2-bin).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
svg="$root/resources/icons/sam3studio.svg"
command -v rsvg-convert >/dev/null || { echo "make-icons: install librsvg2-bin" >&2; exit 1; }
for n in 16 22 24 32 48 64 128 256 512; do
  out="$root/resources/icons/hicolor/${n}x${n}/apps/sam3studio.png"
  mkdir -p "$(dirname "$out")"
  rsvg-convert -w "$n" -h "$n" -o "$out" "$svg"
  echo "make-icons: $out"
done
