#!/usr/bin/env python3
"""Checks committed parity fixtures against the TAPS.md contract with the standard library only
(no torch): every case folder has its four files, safetensors headers are well formed (dtype,
shape, contiguous in-bounds offsets), inputs and taps have the shapes the model YAML implies,
meta.json agrees with the headers, and the weights hold no RoPE tables.

  python3 tests/reference/verify_fixtures.py [tests/data/parity/sam3-tiny ...]
Exit status 0 when every check passes; each failure is printed with file and key.
"""

import json
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ref_common import REPO, parse_simple_yaml  # noqa: E402  (stdlib-only module top)

SIZES = {"F32": 4, "BF16": 2, "F16": 2, "I64": 8, "I32": 4, "U8": 1, "BOOL": 1}


def read_header(path, errors):
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        if n > size - 8:
            errors.append(f"{path}: header length {n} past the end of the file ({size} bytes)")
            return {}
        header = json.loads(f.read(n))
    header.pop("__metadata__", None)
    pos = 0
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
        b, e = info["data_offsets"]
        numel = 1
        for d in info["shape"]:
            numel *= d
        if info["dtype"] not in SIZES or e - b != numel * SIZES[info["dtype"]]:
            errors.append(f"{path}: {name}: {info['dtype']} {info['shape']} needs "
                          f"{numel * SIZES.get(info['dtype'], 0)} bytes, offsets give {e - b}")
        if b != pos:
            errors.append(f"{path}: {name}: data starts at {b}, expected {pos} (gap/overlap)")
        pos = e
    if 8 + n + pos != size:
        errors.append(f"{path}: data ends at {8 + n + pos}, file has {size} bytes")
    return header


def expected_shapes(cfg, n_boxes):
    S, v, d = cfg["image_size"], cfg["vision"], cfg["neck"]["d_model"]
    h, C, Q, L = S // v["patch_size"], v["embed_dim"], cfg["decoder"]["num_queries"], cfg["decoder"]["layers"]
    T, P = cfg["text"]["context_length"], cfg["text"]["context_length"] + 1 + n_boxes
    kept = [f for f in cfg["neck"]["scale_factors"]][: len(cfg["neck"]["scale_factors"]) - cfg["neck"]["scalp"]]
    shapes = {
        "vision.patch_embed": [1, h, h, C], "vision.ln_pre": [1, h, h, C],
        "vision.block0": [1, h, h, C], "vision.global_block": [1, h, h, C],
        "vision.trunk": [1, C, h, h],
        "text.features": [T, 1, d], "text.mask": [1, T], "text.tower": [1, T, cfg["text"]["width"]],
        "geometry.features": [n_boxes + 1, 1, d], "geometry.mask": [1, n_boxes + 1],
        "prompt": [P, 1, d], "prompt.mask": [1, P], "encoder.memory": [h * h, 1, d],
        "decoder.hs": [L, 1, Q, d], "decoder.reference_boxes": [L, 1, Q, 4],
        "decoder.presence_logits": [L, 1, 1], "pred_logits": [1, Q, 1], "pred_boxes": [1, Q, 4],
        "pred_boxes_xyxy": [1, Q, 4], "presence_logit_dec": [1, 1], "scores": [1, Q],
        "pred_masks": [1, Q, int(h * kept[0]), int(h * kept[0])],
        "semantic_seg": [1, 1, int(h * kept[0]), int(h * kept[0])],
        "seg.pixel_embed": [1, d, int(h * kept[0]), int(h * kept[0])],
    }
    for i, f in enumerate(kept):
        shapes[f"neck.fpn{i}"] = shapes[f"neck.pos{i}"] = [1, d, int(h * f), int(h * f)]
    inputs = {"image": [1, 3, S, S], "input_ids": [1, T]}
    if n_boxes:
        inputs.update({"boxes": [1, n_boxes, 4], "box_labels": [1, n_boxes]})
    return shapes, inputs


def check_case(case_dir, errors):
    files = {k: os.path.join(case_dir, f"{k}.safetensors") for k in ("weights", "inputs", "outputs")}
    meta_path = os.path.join(case_dir, "meta.json")
    for p in list(files.values()) + [meta_path]:
        if not os.path.exists(p):
            errors.append(f"{p}: missing")
            return
    meta = json.load(open(meta_path))
    cfg = parse_simple_yaml(open(os.path.join(REPO, meta["config"])).read())
    headers = {k: read_header(p, errors) for k, p in files.items()}
    n_boxes = len(meta.get("boxes_cxcywh") or [])
    taps, inputs = expected_shapes(cfg, n_boxes)
    for kind, want in (("inputs", inputs), ("outputs", taps)):
        for name, shape in want.items():
            got = headers[kind].get(name, {}).get("shape")
            if got != shape:
                errors.append(f"{files[kind]}: {name}: shape {got}, contract says {shape}")
    for name, st in meta["taps"].items():
        if headers["outputs"].get(name, {}).get("shape") != st["shape"]:
            errors.append(f"{meta_path}: taps.{name} disagrees with outputs.safetensors")
        if st["dtype"] == "float32" and not all(
            isinstance(st[k], float) and abs(st[k]) < 1e30 for k in ("min", "max", "mean")
        ):
            errors.append(f"{meta_path}: taps.{name}: non-finite statistics")
    if any(k.endswith("freqs_cis") for k in headers["weights"]):
        errors.append(f"{files['weights']}: holds freqs_cis (must be left out)")
    if meta.get("sanity_problems"):
        errors.append(f"{meta_path}: sanity problems {meta['sanity_problems']}")
    print(f"{case_dir}: {len(headers['weights'])} weights, {len(headers['outputs'])} taps")


def main(argv):
    roots = argv or [os.path.join(REPO, "tests", "data", "parity", "sam3-tiny")]
    errors = []
    for root in roots:
        for case in sorted(os.listdir(root)):
            if os.path.isdir(os.path.join(root, case)):
                check_case(os.path.join(root, case), errors)
    for e in errors:
        print("FAIL", e)
    print(f"{len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
