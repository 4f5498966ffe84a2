#!/usr/bin/env python3
"""The OFFICIAL SAM3 code timed in the conditions of `sam3studio-cli bench` (GPU only).

Prints (and writes to --json) the JSON of `sam3studio-cli bench` field for field:
  {"inference": {...stages...}, "train": {...modes...}}
so that tests/reference/gpu_bench_campaign.sh can divide ours by official region by region.

Weights: the official model (official_builder.build_image_model, proven identical to
build_sam3_image_model for `sam3`) with every parameter drawn by ref_common.init_parameters(seed),
written first to --weights-dir as
  weights.safetensors   fp32, official image-model keys (what our bench loads with --weights)
  weights_fp32.pt       the official sam3.pt layout, torch.save({"model": {"detector.<key>": t}})
  weights_bf16.pt       the same in bf16
and both sides time loading weights_fp32.pt / weights_bf16.pt into the model on the GPU
(official: sam3.model_builder._load_checkpoint, i.e. torch.load + load_state_dict).

Inference (torch.inference_mode; bf16 = torch.autocast(cuda, bfloat16) + TF32 as the official
notebooks, --fp32 = no autocast, TF32 on as model_builder sets at import): the same input tensor
as ours (torch.rand(1, 3, S, S) from a CPU generator seeded 1, * 2 - 1), prompt "fuse cutout";
image_encode = backbone.forward_image, text_encode = backbone.forward_text, ground_cached_text =
Sam3Processor._forward_grounding (threshold 0.5), prompt_uncached_text = forward_text + that,
encode_image_and_ground_cached_text, full_predict; warm-up then median; peak per region with the
allocator's peak reset before the region.

Training (--train): the official step of sam3/train/trainer.py (_run_step + train_epoch) on the
bench photos of core/train/train_bench.h (same pixels, same two rectangles per photo, one prompt
"fuse cutout" per photo): model.train() with the official matcher, Sam3LossWrapper with Boxes,
IABCEMdetr and Masks as roboflow_v100_full_ft_100_images.yaml (segmentation variant), AdamW over
the official parameter groups (lr / vision lr with layer decay 0.9 / text lr, no weight decay for
biases and LayerNorms; built with the official helper functions, hydra replaced by the same
objects), inverse-sqrt schedulers, GradScaler, clip_grad_norm_ 0.1, autocast bf16 (fp16 for the
fp16 mode). Per mode: batch 1, 2, 4, ... until torch.cuda.OutOfMemoryError or --max-batch.
Modes: full (official activation checkpointing, the builder default), full_no_checkpointing,
frozen_text, frozen_text_trunk (requires_grad off, left out of the optimizer), fp16; lora is
reported unavailable (the official code has none).

Usage (repository root, GPU machine, official package in tests/reference/official):
  python3 tests/reference/official_bench.py --model sam3 --weights-dir /tmp/bench \
      --json /tmp/bench/official_infer.json
  python3 tests/reference/official_bench.py --model sam3 --weights-dir /tmp/bench --no-inference \
      --train --json /tmp/bench/official_train.json
(training runs in its own process: Sam3Processor leaves inference tensors behind). The whole
comparison: tests/reference/gpu_bench_campaign.sh.
"""

import argparse
import contextlib
import gc
import io
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import ref_common as rc  # noqa: E402
import official_bench_train as obt  # noqa: E402

PROMPT = "fuse cutout"


def fail(msg):
    print(f"official_bench: ERROR: {msg}", file=sys.stderr, flush=True)
    raise SystemExit(1)


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--model", default="sam3", help="resources/models/<model>.yaml")
    ap.add_argument("--weights-dir", help="weights are written here first (kept if weights.json "
                    "there names the same model and seed)")
    ap.add_argument("--seed", type=int, default=20260127)
    ap.add_argument("--fp32", action="store_true", help="inference without autocast")
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--iterations", type=int, default=20)
    ap.add_argument("--load-iterations", type=int, default=3)
    ap.add_argument("--no-inference", action="store_true")
    ap.add_argument("--train", action="store_true", help="also time training steps")
    ap.add_argument("--modes", nargs="+", default=list(obt.MODES))
    ap.add_argument("--train-warmup", type=int, default=1)
    ap.add_argument("--train-iterations", type=int, default=3)
    ap.add_argument("--max-batch", type=int, default=64)
    ap.add_argument("--photos", type=int, default=4)
    ap.add_argument("--no-masks", action="store_true", help="train without the Masks loss")
    ap.add_argument("--json", default=None)
    ap.add_argument("--compare", nargs=2, metavar=("OURS", "OFFICIAL"),
                    help="only print the ratio table of two JSON reports (no torch needed)")
    args = ap.parse_args()
    if not args.compare and not args.weights_dir:
        ap.error("--weights-dir is required")
    return args


def sync(torch):
    torch.cuda.synchronize()


def timed(torch, name, fn, warmup, iters):
    sync(torch)
    torch.cuda.reset_peak_memory_stats()
    for _ in range(warmup):
        fn()
    sync(torch)
    ms = []
    for _ in range(iters):
        t0 = time.perf_counter()
        fn()
        sync(torch)
        ms.append((time.perf_counter() - t0) * 1000.0)
    ms.sort()
    return {"stage": name, "median_ms": ms[len(ms) // 2], "min_ms": ms[0], "max_ms": ms[-1],
            "peak_memory_gib": torch.cuda.max_memory_allocated() / 2**30}


def write_weights(torch, model, d, model_name, seed):
    stamp = {"model": model_name, "seed": seed, "official_commit": rc.official_commit()}
    stamp_file = os.path.join(d, "weights.json")
    names = ("weights.safetensors", "weights_fp32.pt", "weights_bf16.pt")
    if os.path.exists(stamp_file) and all(os.path.exists(os.path.join(d, n)) for n in names):
        with open(stamp_file) as f:
            if json.load(f) == stamp:
                print(f"weights in {d} already written for {stamp}", flush=True)
                return
    os.makedirs(d, exist_ok=True)
    if os.path.exists(stamp_file):
        os.remove(stamp_file)
    sd = rc.export_state_dict(torch, model, torch.float32)
    rc.write_safetensors(torch, os.path.join(d, "weights.safetensors"), sd)
    for dtype, name in ((torch.float32, "weights_fp32.pt"), (torch.bfloat16, "weights_bf16.pt")):
        path = os.path.join(d, name)
        torch.save({"model": {"detector." + k: v.to(dtype) if v.is_floating_point() else v
                              for k, v in sd.items()}}, path + ".tmp")
        os.replace(path + ".tmp", path)
    with open(stamp_file, "w") as f:
        json.dump(stamp, f)
    print(f"weights written to {d}", flush=True)


def inference(torch, model, cfg, args, weights_setup_ms):
    from sam3.model.sam3_image_processor import Sam3Processor
    from sam3.model_builder import _load_checkpoint

    S = cfg["image_size"]
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True
    model.eval()
    stages = []
    weights_mem = torch.cuda.memory_allocated()
    for name, fname in (("load_fp32", "weights_fp32.pt"), ("load_bf16", "weights_bf16.pt")):
        path = os.path.join(args.weights_dir, fname)

        def load(path=path):
            with contextlib.redirect_stdout(io.StringIO()):  # it lists the RoPE tables left out
                _load_checkpoint(model, path)

        st = timed(torch, name, load, 1, args.load_iterations)
        st["file"] = path
        stages.append(st)
    gen = torch.Generator().manual_seed(1)
    image = (torch.rand(1, 3, S, S, generator=gen) * 2 - 1).cuda()
    processor = Sam3Processor(model, resolution=S, device="cuda", confidence_threshold=0.5)
    ctx = contextlib.nullcontext() if args.fp32 else torch.autocast("cuda", dtype=torch.bfloat16)
    with ctx, torch.inference_mode():
        state = {"original_height": S, "original_width": S,
                 "backbone_out": model.backbone.forward_image(image),
                 "geometric_prompt": model._get_dummy_prompt()}
        state["backbone_out"].update(model.backbone.forward_text([PROMPT], device="cuda"))

        def encode_image():
            out = model.backbone.forward_image(image)
            state["backbone_out"].update(out)

        def encode_text():
            state["backbone_out"].update(model.backbone.forward_text([PROMPT], device="cuda"))

        def ground():
            processor._forward_grounding(state)

        w, n = args.warmup, args.iterations
        stages.append(timed(torch, "image_encode", encode_image, w, n))
        stages.append(timed(torch, "text_encode", encode_text, w, n))
        stages.append(timed(torch, "ground_cached_text", ground, w, n))
        stages.append(timed(torch, "prompt_uncached_text", lambda: (encode_text(), ground()), w, n))
        stages.append(timed(torch, "encode_image_and_ground_cached_text",
                            lambda: (encode_image(), ground()), w, n))
        stages.append(timed(torch, "full_predict",
                            lambda: (encode_image(), encode_text(), ground()), w, n))
    full = stages[-1]["median_ms"]
    return {
        "model": args.model, "image_size": S, "device": "cuda:0",
        "device_name": torch.cuda.get_device_name(0),
        "precision": "fp32 (TF32 on)" if args.fp32 else "bf16 autocast (TF32 on)",
        "libtorch": torch.__version__, "implementation": "official facebookresearch/sam3 "
        + rc.official_commit(), "weights_load_ms": weights_setup_ms,
        "weights_memory_gib": weights_mem / 2**30, "stages": stages,
        "images_per_second": 1000.0 / full if full > 0 else 0,
        "peak_memory_gib": max(s["peak_memory_gib"] for s in stages),
    }


def main():
    args = parse_args()
    if args.compare:
        import official_bench_compare

        return official_bench_compare.main(*args.compare)
    try:
        import torch
    except ImportError:
        fail("no torch in this Python")
    if not torch.cuda.is_available():
        fail("CUDA is not available (the official focal loss is a Triton kernel; run on the GPU)")
    rc.import_official()
    if torch.is_autocast_enabled("cuda"):
        fail("autocast is already on in this process (tracker built?)")
    if args.train and not args.no_inference:
        fail("run training in its own process (add --no-inference): Sam3Processor's "
             "inference_mode leaves inference tensors that training cannot use")
    unknown = [m for m in args.modes if m not in obt.MODES]
    if unknown:
        fail(f"unknown modes {unknown}; known: {list(obt.MODES)}")
    from official_builder import build_image_model

    cfg = rc.load_model_config(args.model)
    t0 = time.perf_counter()
    model = build_image_model(cfg, "cuda")
    rc.init_parameters(torch, model, args.seed)
    sync(torch)
    setup_ms = (time.perf_counter() - t0) * 1000.0
    print(f"official {args.model}: {sum(p.numel() for p in model.parameters())} parameters, "
          f"built and initialised in {setup_ms / 1000:.1f} s", flush=True)
    write_weights(torch, model, args.weights_dir, args.model, args.seed)
    out = {"inference": None, "train": None}
    if not args.no_inference:
        out["inference"] = inference(torch, model, cfg, args, setup_ms)
        print(json.dumps(out["inference"], indent=1), flush=True)
    if args.train:
        gc.collect()
        torch.cuda.empty_cache()
        out["train"] = obt.train_bench(torch, model, cfg, args)
    text = json.dumps(out, indent=2)
    print(text, flush=True)
    if args.json:
        with open(args.json + ".tmp", "w") as f:
            f.write(text + "\n")
        os.replace(args.json + ".tmp", args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
