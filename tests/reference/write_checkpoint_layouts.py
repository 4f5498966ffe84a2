#!/usr/bin/env python3
"""Writes the weights of a parity fixture in the two foreign layouts the app must load, using the
official formats' own writers (never our C++):

* `sam3.pt`: `torch.save({"model": {"detector.<key>": tensor}})`, the layout of the official
  checkpoint (`detector.*` keys, fused qkv; the tracker keys of the real file are absent, and the
  complex RoPE buffers are left out as our loader recomputes them).
* `hf/model.safetensors`: that `sam3.pt` converted by transformers' own
  `convert_sam3_to_hf.convert_sam3_checkpoint` (key renames, q/k/v split, cls pos-embed row dropped,
  text projection transposed), saved by `Sam3Model.save_pretrained`.

Usage (GPU machine, transformers 5.17):  write_checkpoint_layouts.py FIXTURE_DIR OUT_DIR
"""
import os
import sys

import torch
from safetensors.torch import load_file


def main() -> int:
    fixture, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    weights = {k: v.float() for k, v in load_file(os.path.join(fixture, "weights.safetensors")).items()}
    pt = os.path.join(out, "sam3.pt")
    torch.save({"model": {"detector." + k: v for k, v in weights.items()}}, pt)
    print(f"wrote {pt}: {len(weights)} tensors", flush=True)
    # The HF converter maps image-model keys (optionally `sam3_model.`-prefixed), not `detector.`.
    image_pt = os.path.join(out, "sam3_image_model.pt")
    torch.save({"model": weights}, image_pt)

    import importlib

    # transformers' lazy package hides its conversion scripts from `from ... import`. Wheels do not
    # ship them at all (5.17 on the GPU machine): then the weights-only transcript of the same
    # script in the git-ignored official/hf_convert/ is used (see README.md, "HF converter").
    try:
        conv = importlib.import_module("transformers.models.sam3.convert_sam3_to_hf")
    except ModuleNotFoundError:
        here = os.path.dirname(os.path.abspath(__file__))
        sys.path.insert(0, os.path.join(here, "official", "hf_convert"))
        conv = importlib.import_module("convert_sam3_to_hf")
        print(f"HF converter: transcript {conv.__file__}", flush=True)

    hf = os.path.join(out, "hf")
    try:
        conv.convert_sam3_checkpoint(checkpoint_path=image_pt, output_path=hf)
    except Exception as exc:  # the processor step needs the network; the model is saved before it
        print(f"conversion stopped after saving the model: {type(exc).__name__}: {exc}", flush=True)
    path = os.path.join(hf, "model.safetensors")
    if not os.path.exists(path):
        print(f"no {path}", file=sys.stderr)
        return 1
    print(f"wrote {path} ({os.path.getsize(path) / 2**30:.2f} GiB)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
