#!/usr/bin/env python3
"""Writes SAM3 parity fixtures from the OFFICIAL facebookresearch/sam3 code (GPU machine).

For a model config (resources/models/<model>.yaml) it builds the official image model with those
sizes, sets every parameter from a fixed seed (bf16-representable values by default), runs each
case in fp32 on CUDA with TF32 off and no autocast, eval mode, and writes per case
<out>/<case>/{weights,inputs,outputs}.safetensors + meta.json as TAPS.md specifies.

  python3 make_parity_fixtures.py --model sam3-tiny --out /tmp/fx/sam3-tiny --cpu-crosscheck
  python3 make_parity_fixtures.py --model sam3 --out /tmp/fx/sam3 \
      --check-official-builder --timings /tmp/timings.json

Exit status 1 when a sanity check fails (files are still written, meta.json lists the problems).
"""

import argparse
import collections
import datetime
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import ref_common  # noqa: E402

# Tokenizer cross-check prompts (ids recorded in meta.json; ftfy is an identity stand-in there,
# so only text that ftfy leaves unchanged is listed).
TOKENIZER_PROMPTS = [
    "fuse cutout",
    "a cat",
    "person",
    "Traffic Light!",
    "red car's wheel",
    "two dogs & 3 cats",
    "  Multiple   spaces\tand\nnewlines  ",
    "caf\u00e9 cr\u00e8me br\u00fbl\u00e9e",
    "x-ray, 42mm bolt (M8)",
    "&amp; html &lt;escaped&gt;",
    "emoji \U0001f600 face",
    "a very long prompt " + " ".join(f"word{i}" for i in range(40)),
]


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--model", required=True, help="resources/models/<model>.yaml")
    ap.add_argument("--out", required=True, help="output folder (one subfolder per case)")
    ap.add_argument("--seed", type=int, default=20260127)
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--weights-dtype", choices=["bf16", "fp32"], default="bf16",
                    help="bf16: round parameters to bf16 and store bf16 (the reference computes "
                         "in fp32 on exactly those values); fp32: keep full fp32 random values")
    ap.add_argument("--cases", nargs="+", default=None, help="default: all cases")
    ap.add_argument("--cpu-crosscheck", action="store_true",
                    help="also run each case on the CPU and record max-abs differences")
    ap.add_argument("--check-official-builder", action="store_true",
                    help="compare with build_sam3_image_model (only meaningful for sam3)")
    ap.add_argument("--bf16-reference", action="store_true",
                    help="also run each case under CUDA bf16 autocast (as official inference "
                         "does) and write outputs_bf16.safetensors beside outputs.safetensors")
    ap.add_argument("--timings", default=None, help="also time the official model; JSON here")
    ap.add_argument("--load-weights", default=None,
                    help="image-model weights (safetensors, official key names, e.g. a run's "
                         "checkpoint of ours) instead of the seeded random initialisation")
    ap.add_argument("--image", default=None,
                    help="binary PPM (P6) photo resized to S x S instead of the synthetic image")
    ap.add_argument("--prompt", default=None, help="text prompt of every case instead of the default")
    return ap.parse_args()


def load_weights(torch, model, path):
    """Sets the model's parameters from a safetensors file with the official image-model names.
    Keys the image model does not have (tracker, adapters) are listed, never silently used."""
    tensors, _ = ref_common.read_safetensors(torch, path)
    own = model.state_dict()
    state = {k: v.to(own[k].dtype) for k, v in tensors.items() if k in own}
    missing = [k for k in own if k not in state and not k.endswith("freqs_cis")]
    if missing:
        raise SystemExit(f"{path}: {len(missing)} image-model keys missing, e.g. {missing[:5]}")
    model.load_state_dict(state, strict=False)
    ignored = sorted(k for k in tensors if k not in own)
    print(f"loaded {len(state)} tensors from {path}; ignored {len(ignored)} "
          f"(e.g. {ignored[:3]})", flush=True)
    return {"loaded_from": path, "ignored_keys": len(ignored)}


def build(torch, cfg, device, seed, weights_dtype, weights_file=None):
    from official_builder import build_image_model

    model = build_image_model(cfg, device)
    if weights_file:
        return model, load_weights(torch, model, weights_file)
    rules = ref_common.init_parameters(torch, model, seed)
    if weights_dtype == "bf16":
        ref_common.round_parameters_to_bf16(torch, model)
    return model, dict(collections.Counter(rules.values()))


def max_abs_diffs(torch, a, b):
    out = {}
    for k in sorted(a):
        x, y = a[k].double(), b[k].double()
        out[k] = float((x - y).abs().max()) if x.numel() else 0.0
    return out


def write_case(torch, out_dir, case_name, weights, inputs, taps, meta):
    d = os.path.join(out_dir, case_name)
    os.makedirs(d, exist_ok=True)
    st_meta = {"model": meta["model"], "seed": meta["seed"],
               "source": f"facebookresearch/sam3@{meta['official_commit']}"}
    # identical bytes in every case folder (git stores the blob once)
    ref_common.write_safetensors(torch, os.path.join(d, "weights.safetensors"), weights, st_meta)
    st_meta["case"] = case_name
    ref_common.write_safetensors(torch, os.path.join(d, "inputs.safetensors"), inputs, st_meta)
    ref_common.write_safetensors(torch, os.path.join(d, "outputs.safetensors"), taps, st_meta)
    with open(os.path.join(d, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True, ensure_ascii=True)
        f.write("\n")
    verify_written(torch, d, {"weights": weights, "inputs": inputs, "outputs": taps})


def verify_written(torch, d, files):
    """Reads every file back (our reader, and the safetensors package where installed) and
    compares bitwise with what was meant to be written."""
    try:
        from safetensors.torch import load_file
    except ImportError:
        load_file = None
    for fname, ref in files.items():
        path = os.path.join(d, f"{fname}.safetensors")
        readers = [lambda p: ref_common.read_safetensors(torch, p)[0]]
        if load_file is not None:
            readers.append(load_file)
        for read in readers:
            back = read(path)
            assert sorted(back) == sorted(ref), fname
            for k in ref:
                assert torch.equal(back[k], ref[k].cpu()), f"{fname}:{k} changed on write"


def base_meta(torch, args, cfg, model, weights, rules, device):
    return {
        "model": args.model,
        "config": cfg["_path"],
        "seed": args.seed,
        "official_repo": "facebookresearch/sam3",
        "official_commit": ref_common.official_commit(),
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
        "device": torch.cuda.get_device_name(0) if device.startswith("cuda") else "cpu",
        "compute_dtype": "float32",
        "tf32": False,
        "autocast": False,
        "mode": "eval, torch.inference_mode",
        "weights_dtype": "bfloat16" if args.weights_dtype == "bf16" else "float32",
        "weights_bf16_representable": args.weights_dtype == "bf16",
        "param_count": sum(p.numel() for p in model.parameters()),
        "weights_entries": len(weights),
        "weights_left_out": "trunk.blocks.*.attn.freqs_cis (complex RoPE tables, recomputed)",
        "init_rules": rules,
        "ftfy": "identity stand-in (official-sam3-standins)",
        "generated_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join(sys.argv),
    }


def process_case(torch, ctx, case_name):
    """Runs, checks and writes one case; returns its sanity problems."""
    from official_taps import make_inputs, run_case, sanity_problems, tap_stats

    args, model, case = ctx["args"], ctx["model"], ctx["cases"][case_name]
    inputs = make_inputs(torch, ctx["cfg"], case, ctx["tokenizer"], ctx.get("image"))
    taps = run_case(torch, model, inputs, case["prompt"], args.device, ctx["all_blocks"])
    again = run_case(torch, model, inputs, case["prompt"], args.device, ctx["all_blocks"])
    problems = sanity_problems(torch, taps)
    meta = dict(ctx["base_meta"])
    meta.update({
        "case": case_name,
        "prompt": case["prompt"],
        "input_ids": inputs["input_ids"][0].tolist(),
        "boxes_cxcywh": case.get("boxes"),
        "box_labels": case.get("box_labels"),
        "taps": tap_stats(torch, taps),
        "rerun_max_abs_diff": max(max_abs_diffs(torch, taps, again).values()),
        "sanity_problems": problems,
    })
    if ctx["cpu_model"] is not None:
        cpu_taps = run_case(torch, ctx["cpu_model"], inputs, case["prompt"], "cpu",
                            ctx["all_blocks"])
        meta["cpu_vs_cuda_max_abs_diff"] = max_abs_diffs(torch, taps, cpu_taps)
    write_case(torch, args.out, case_name, ctx["weights"], inputs, taps, meta)
    if args.bf16_reference:
        write_bf16_reference(torch, ctx, case_name, inputs, taps)
    print(f"{args.model}/{case_name}: {len(taps)} taps, problems={problems}", flush=True)
    for name, st in meta["taps"].items():
        print(f"  {name:28s} {str(tuple(st['shape'])):24s} {st['dtype']:8s} "
              f"min {st['min']:.4g} max {st['max']:.4g} std {st['std']}", flush=True)
    return problems


def detection_agreement(torch, scores_a, masks_a, scores_ref, masks_ref):
    """The statistics `sam3studio-cli parity` prints, for two official runs: mask sign agreement,
    detections > 0.5 and the IoU of (logit > 0) masks over the reference's top-10 queries."""
    sa, sr = scores_a.reshape(-1).float(), scores_ref.reshape(-1).float()
    ma, mr = masks_a[0] > 0, masks_ref[0] > 0
    ious = []
    for q in sr.topk(min(10, sr.numel())).indices.tolist():
        inter, union = float((ma[q] & mr[q]).sum()), float((ma[q] | mr[q]).sum())
        ious.append(inter / union if union > 0 else 1.0)
    return {"mask_sign_agreement": float((ma == mr).double().mean()),
            "detections": {"ref": int((sr > 0.5).sum()), "other": int((sa > 0.5).sum()),
                           "common": int(((sa > 0.5) & (sr > 0.5)).sum())},
            "mask_iou_top10": {"min": min(ious), "mean": sum(ious) / len(ious)},
            "scores_max_abs": float((sa - sr).abs().max())}


def write_bf16_reference(torch, ctx, case_name, inputs, taps_fp32):
    """The official model under CUDA bf16 autocast: the reference for our bf16 path. Also prints
    how far the official bf16 run is from the official fp32 run (the noise floor of bf16)."""
    from official_taps import run_case

    args = ctx["args"]
    prompt = ctx["cases"][case_name]["prompt"]
    with torch.autocast("cuda", dtype=torch.bfloat16):
        taps = run_case(torch, ctx["model"], inputs, prompt, args.device, ctx["all_blocks"])
    d = os.path.join(args.out, case_name)
    st_meta = {"model": args.model, "seed": str(args.seed), "case": case_name,
               "precision": "official, CUDA bf16 autocast"}
    ref_common.write_safetensors(torch, os.path.join(d, "outputs_bf16.safetensors"), taps, st_meta)
    stats = detection_agreement(torch, taps["scores"], taps["pred_masks"], taps_fp32["scores"],
                                taps_fp32["pred_masks"])
    stats["max_abs_vs_fp32"] = {k: v for k, v in max_abs_diffs(
        torch, {k: taps[k] for k in taps_fp32 if k in taps}, taps_fp32).items()
        if k in ("pred_logits", "pred_boxes", "presence_logit_dec", "scores", "pred_masks")}
    with open(os.path.join(d, "official_bf16_vs_fp32.json"), "w") as f:
        json.dump(stats, f, indent=1, sort_keys=True)
    print(f"{args.model}/{case_name}: official bf16 vs official fp32: {json.dumps(stats)}",
          flush=True)


def prepare(torch, args):
    """Builds the model (and the optional CPU copy / builder check) shared by all cases."""
    cfg = ref_common.load_model_config(args.model)
    model, rules = build(torch, cfg, args.device, args.seed, args.weights_dtype,
                         args.load_weights)
    wdtype = torch.bfloat16 if args.weights_dtype == "bf16" else torch.float32
    weights = ref_common.export_state_dict(torch, model, wdtype)
    meta = base_meta(torch, args, cfg, model, weights, rules, args.device)
    if args.check_official_builder:
        from official_builder import check_against_official_builder

        meta["official_builder_check"] = check_against_official_builder(torch, model)
        print("official builder check:", json.dumps(meta["official_builder_check"]), flush=True)
    tokenizer = model.backbone.language_backbone.tokenizer
    ctx_len = cfg["text"]["context_length"]
    meta["tokenizer_crosscheck"] = {
        p: tokenizer([p], context_length=ctx_len)[0].tolist() for p in TOKENIZER_PROMPTS
    }
    cpu_model = None
    if args.cpu_crosscheck:
        from official_builder import build_image_model

        cpu_model = build_image_model(cfg, "cpu")
        cpu_model.load_state_dict({k: v.cpu() for k, v in model.state_dict().items()})
    return {"args": args, "cfg": cfg, "model": model, "weights": weights, "base_meta": meta,
            "tokenizer": tokenizer, "cpu_model": cpu_model,
            "all_blocks": cfg["vision"]["depth"] <= 8}


def read_ppm(torch, path):
    """A binary PPM (P6, maxval 255) as (3, H, W) float64 in [0, 1]."""
    with open(path, "rb") as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P6" or int(fields[3]) != 255:
        raise SystemExit(f"{path}: not a binary 8-bit PPM (P6, maxval 255)")
    w, h = int(fields[1]), int(fields[2])
    pix = torch.frombuffer(bytearray(data[pos + 1:pos + 1 + 3 * w * h]), dtype=torch.uint8)
    return pix.view(h, w, 3).permute(2, 0, 1).double() / 255


def main():
    args = parse_args()
    if args.load_weights:
        args.weights_dtype = "fp32"  # the fixture stores exactly the loaded values
    import torch

    ref_common.import_official()
    ref_common.set_exact_fp32(torch)
    if args.device.startswith("cuda") and torch.is_autocast_enabled("cuda"):
        raise SystemExit("autocast is on in this process (tracker built?): refusing")
    from official_taps import CASES, synthetic_image

    ctx = prepare(torch, args)
    ctx["cases"] = {k: dict(v, **({"prompt": args.prompt} if args.prompt else {}))
                    for k, v in CASES.items()}
    if args.image:
        ctx["image"] = read_ppm(torch, args.image)
    failed = False
    for case_name in args.cases or list(CASES):
        failed = bool(process_case(torch, ctx, case_name)) or failed
    if args.timings:
        from official_timings import time_official

        ctx["cpu_model"] = None
        timings = time_official(torch, ctx["model"], ctx["cfg"], CASES["text_only"]["prompt"],
                                synthetic_image)
        timings["_setup"]["date_utc"] = datetime.date.today().isoformat()
        timings["_setup"]["command"] = " ".join(sys.argv)
        with open(args.timings, "w") as f:
            json.dump(timings, f, indent=1, sort_keys=True)
        print("timings:", json.dumps(timings, indent=1), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
