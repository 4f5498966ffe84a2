#!/usr/bin/env python3
"""Compares `sam3studio-cli predict --raw-out` tensors with an official outputs file of the parity
fixtures (same weights, image and prompt): max-abs per tensor and the mask sign agreement.

Usage: compare_raw.py RAW.safetensors OFFICIAL_OUTPUTS.safetensors
"""
import sys

from safetensors.torch import load_file


def main() -> int:
    raw, ref = load_file(sys.argv[1]), load_file(sys.argv[2])
    for key in ("pred_logits", "pred_boxes", "presence_logit_dec", "pred_masks"):
        if key not in raw or key not in ref:
            print(f"{key}: missing ({'raw' if key not in raw else 'official'})")
            continue
        a, b = raw[key].float(), ref[key].float()
        if a.shape != b.shape:
            print(f"{key}: shape {tuple(a.shape)} vs official {tuple(b.shape)}")
            continue
        line = f"{key}: max_abs {float((a - b).abs().max()):.3e}"
        if key == "pred_masks":
            line += f", sign agreement {float(((a > 0) == (b > 0)).double().mean()):.6f}"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
