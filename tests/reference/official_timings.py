"""Eager timings of the OFFICIAL SAM3 image model through its own Sam3Processor (GPU only).

Stages (each: warm-up, then the median of N calls, each call bracketed by cuda.synchronize):
- image_encode: Sam3Processor.set_image on a 1280x960 uint8 image (resize to S, normalise,
  backbone.forward_image: ViT + neck);
- text_encode: backbone.forward_text([prompt]) (tokenizer + text tower + resizer);
- grounding_cached_text: Sam3Processor._forward_grounding with image and text features already in
  the state (geometry encoder, fusion encoder, decoder, scoring, mask head, post-processing with
  mask upsampling to 1280x960 and threshold 0.5);
- full_predict: set_image + set_text_prompt (all of the above).
Modes: bf16 = torch.autocast(cuda, bfloat16) with TF32 on (the official notebooks' setting);
fp32_tf32 = no autocast, TF32 on (model_builder's default); fp32 = no autocast, TF32 off.
"""

import contextlib
import statistics
import time

MODES = {
    "bf16": {"autocast": True, "tf32": True},
    "fp32_tf32": {"autocast": False, "tf32": True},
    "fp32": {"autocast": False, "tf32": False},
}


def _timed(torch, fn, warmup, iters):
    torch.cuda.reset_peak_memory_stats()
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    samples = []
    for _ in range(iters):
        t0 = time.perf_counter()
        fn()
        torch.cuda.synchronize()
        samples.append((time.perf_counter() - t0) * 1000.0)
    return {
        "median_ms": round(statistics.median(samples), 3),
        "min_ms": round(min(samples), 3),
        "mean_ms": round(statistics.fmean(samples), 3),
        "peak_mem_gib": round(torch.cuda.max_memory_allocated() / 2**30, 3),
    }


def _set_tf32(torch, on):
    torch.backends.cuda.matmul.allow_tf32 = on
    torch.backends.cudnn.allow_tf32 = on
    torch.set_float32_matmul_precision("high" if on else "highest")


def time_official(torch, model, cfg, prompt, synthetic_image, warmup=5, iters=20):
    from sam3.model.sam3_image_processor import Sam3Processor

    S = cfg["image_size"]
    image = (synthetic_image(torch, 960, 1280) * 255).round().to(torch.uint8).cuda()
    processor = Sam3Processor(model, resolution=S, device="cuda", confidence_threshold=0.5)
    results = {}
    for mode, spec in MODES.items():
        _set_tf32(torch, spec["tf32"])
        ctx = (
            torch.autocast("cuda", dtype=torch.bfloat16)
            if spec["autocast"]
            else contextlib.nullcontext()
        )
        with ctx, torch.inference_mode():
            state = processor.set_image(image)
            state = processor.set_text_prompt(prompt, state)
            stages = {
                "image_encode": lambda: processor.set_image(image),
                "text_encode": lambda: model.backbone.forward_text([prompt], device="cuda"),
                "grounding_cached_text": lambda: processor._forward_grounding(state),
                "full_predict": lambda: processor.set_text_prompt(
                    prompt, processor.set_image(image)
                ),
            }
            res = {name: _timed(torch, fn, warmup, iters) for name, fn in stages.items()}
            res["detections_above_0.5"] = int(state["scores"].numel())
        results[mode] = res
    _set_tf32(torch, False)
    results["_setup"] = {
        "card": torch.cuda.get_device_name(0),
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
        "image": "synthetic 1280x960 uint8",
        "prompt": prompt,
        "input_size": S,
        "warmup": warmup,
        "iters": iters,
        "statistic": "median",
        "weights": "random (fp32 parameters, bf16-representable values)",
    }
    return results
