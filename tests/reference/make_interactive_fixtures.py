#!/usr/bin/env python3
"""Writes parity fixtures of SAM3's instance-interactivity path from the OFFICIAL code (GPU machine).

The path is Sam3Image.predict_inst as the official code runs it for one photo: the detector's ViT
trunk, the SAM2 neck (`sam2_convs`, a copy of the detector neck as `add_sam2_neck=True` makes it),
the tracker's conv_s0/conv_s1 applied once per image (Sam3Processor.set_image), then
SAM3InteractiveImagePredictor.predict (prompt encoder, two-way mask decoder, multimask / dynamic
stability selection, hole filling, bilinear resize to the photo). Sizes come from
resources/models/<model>.yaml (`tracker:` section for the heads; the official `_build_sam_heads`
hard-codes the `sam3` values, which --check-official-builder verifies). Every parameter (and the
prompt encoder's random PE matrix, a buffer) is set from a fixed seed and rounded to bf16; the run is
fp32 on CUDA, TF32 off, no autocast, eval, inference_mode.

Per case: <out>/<case>/{weights,inputs,outputs}.safetensors + meta.json (the C++ test is
tests/core/interactive/interactive_parity_test.cpp).

  python3 make_interactive_fixtures.py --model sam3-tiny --out /tmp/fx/sam3-tiny-interactive
  python3 make_interactive_fixtures.py --model sam3 --out /tmp/fx/sam3-interactive \\
      --check-official-builder

weights.safetensors keys are ours (= official names): backbone.vision_backbone.trunk.*,
backbone.vision_backbone.sam2_convs.*, tracker.{sam_prompt_encoder,sam_mask_decoder}.*,
tracker.no_mem_embed. inputs: image (1,3,S,S) normalised, orig_size (2,) int64 [h, w],
multimask (1,) int64, and as the case has them point_coords (N,2) / point_labels (N,) int64 in photo
pixels, box (4,) xyxy photo pixels, mask_input (1,4g,4g) low-res logits. outputs (taps):
features.{image_embed,high_res_s0,high_res_s1}, prompt.{sparse,dense,dense_pe},
decoder.{all_masks,all_iou,object_score_logits}, masks (M,h,w) logits after hole filling,
iou_predictions (M,), low_res_masks (M,4g,4g).

Exit status 1 when a sanity check fails (files are still written, meta.json lists the problems).
"""

import argparse
import collections
import copy
import datetime
import json
import math
import os
import sys
import types
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import ref_common  # noqa: E402

# The photo is not square, so the coordinate transform and the final resize are exercised.
PHOTO_FRACTIONS = (0.75, 1.25)  # (h, w) as multiples of the model's image size


def cases(h, w):
    """Prompts in photo pixels; `refine` feeds the best low-res mask of `one_click` back."""
    return {
        "one_click": {"points": [[0.35 * w, 0.40 * h]], "labels": [1], "multimask": True},
        "clicks": {
            "points": [[0.35 * w, 0.40 * h], [0.30 * w, 0.45 * h], [0.70 * w, 0.72 * h]],
            "labels": [1, 1, 0],
            "multimask": False,
        },
        "box": {"box": [0.17 * w, 0.22 * h, 0.53 * w, 0.58 * h], "multimask": False},
        "box_and_click": {
            "box": [0.55 * w, 0.55 * h, 0.85 * w, 0.90 * h],
            "points": [[0.70 * w, 0.72 * h]],
            "labels": [1],
            "multimask": True,
        },
        "refine": {
            "points": [[0.35 * w, 0.40 * h], [0.70 * w, 0.72 * h]],
            "labels": [1, 0],
            "multimask": False,
            "mask_from": "one_click",
        },
    }


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--model", required=True, help="resources/models/<model>.yaml")
    ap.add_argument("--out", required=True, help="output folder (one subfolder per case)")
    ap.add_argument("--seed", type=int, default=20260127)
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--check-official-builder", action="store_true",
                    help="compare the heads with Sam3TrackerBase._build_sam_heads (sam3 only)")
    return ap.parse_args()


# ----------------------------------------------------------------------------------------------
# the official modules with the YAML's sizes


def _require(cond, msg):
    if not cond:
        raise SystemExit(f"config not supported by the official code: {msg}")


def build_backbone(torch, cfg, device):
    """SAM3VLBackbone(visual=neck with sam2_convs, text=None), as build_tracker(with_backbone)."""
    from official_builder import _vision_backbone
    from sam3.model.vl_combiner import SAM3VLBackbone

    neck = _vision_backbone(cfg, str(device).startswith("cuda"))
    neck.sam2_convs = copy.deepcopy(neck.convs)  # necks.py: add_sam2_neck deep-copies `convs`
    return SAM3VLBackbone(visual=neck, text=None, scalp=cfg["neck"]["scalp"]).to(device).eval()


def _tracker_class():
    from sam3.model.sam3_tracker_base import Sam3TrackerBase

    class TrackerHeads(Sam3TrackerBase):
        """Sam3TrackerBase with only what predict_inst reads (its own constructor builds the video
        memory parts with fixed 256/64 widths): num_feature_levels, image_size, backbone_stride,
        hidden_dim, no_mem_embed and the SAM heads. Its methods (_prepare_backbone_features,
        device, _build_sam_heads) are the official ones."""

        def __init__(self, cfg, build_official_heads=False):
            torch = sys.modules["torch"]
            torch.nn.Module.__init__(self)
            t = cfg["tracker"]
            self.num_feature_levels = 3
            self.image_size = cfg["image_size"]
            self.backbone_stride = cfg["vision"]["patch_size"]
            self.hidden_dim = cfg["neck"]["d_model"]
            self.mem_dim = 64
            self.no_mem_embed = torch.nn.Parameter(torch.zeros(1, 1, self.hidden_dim))
            self.sam_mask_decoder_extra_args = {
                "dynamic_multimask_via_stability": True,
                "dynamic_multimask_stability_delta": t["dynamic_multimask_stability_delta"],
                "dynamic_multimask_stability_thresh": t["dynamic_multimask_stability_thresh"],
            }
            self.compile_all_components = False
            if build_official_heads:
                self._build_sam_heads()
            else:
                self._build_sam_heads_sized(cfg)

        def _build_sam_heads_sized(self, cfg):
            """_build_sam_heads call for call, sizes from the YAML (obj_ptr parts left out)."""
            from sam3.sam.mask_decoder import MaskDecoder
            from sam3.sam.prompt_encoder import PromptEncoder
            from sam3.sam.transformer import TwoWayTransformer

            t, d = cfg["tracker"], self.hidden_dim
            _require(t["attention_downsample_rate"] == 2, "TwoWayTransformer default rate is 2")
            g = self.image_size // self.backbone_stride
            self.sam_prompt_embed_dim = d
            self.sam_image_embedding_size = g
            self.sam_prompt_encoder = PromptEncoder(
                embed_dim=d,
                image_embedding_size=(g, g),
                input_image_size=(self.image_size, self.image_size),
                mask_in_chans=t["mask_in_chans"],
            )
            self.sam_mask_decoder = MaskDecoder(
                num_multimask_outputs=t["num_multimask_outputs"],
                transformer=TwoWayTransformer(
                    depth=t["transformer_depth"],
                    embedding_dim=d,
                    mlp_dim=t["mlp_dim"],
                    num_heads=t["num_heads"],
                ),
                transformer_dim=d,
                iou_head_depth=t["iou_head_depth"],
                iou_head_hidden_dim=t["iou_head_hidden_dim"],
                use_high_res_features=True,
                iou_prediction_use_sigmoid=True,
                pred_obj_scores=True,
                pred_obj_scores_mlp=True,
                use_multimask_token_for_obj_ptr=True,
                **self.sam_mask_decoder_extra_args,
            )

    return TrackerHeads


def check_against_official_builder(torch, heads, cfg):
    """Module tree, hyper-parameters and state-dict shapes of our-sized heads vs the official
    _build_sam_heads (which hard-codes the `sam3` sizes)."""
    from official_builder import structure_signature

    official = _tracker_class()(cfg, build_official_heads=True)
    diffs = []
    for name in ("sam_prompt_encoder", "sam_mask_decoder"):
        a = structure_signature(torch, getattr(heads, name))
        b = structure_signature(torch, getattr(official, name))
        # Buffers are random at construction: compare shapes/dtypes (structure_signature), not values.
        diffs += [f"{name}: {x} != {y}" for x, y in zip(a, b) if x != y]
        if len(a) != len(b):
            diffs.append(f"{name}: signature lengths {len(a)} != {len(b)}")
    return {"identical_structure": not diffs, "differences": diffs[:20]}


# ----------------------------------------------------------------------------------------------
# weights


def init_heads(torch, heads, seed):
    """SAM-head rules in the spirit of ref_common.init_parameters (which has no rule for
    LayerNorm2d or bare parameters): norms 1 + N(0, .05), biases N(0, .02), Linear/Conv N(0,
    1/fan_in), ConvTranspose fan_in = in-channels, embeddings N(0, 1), no_mem_embed N(0, .02), the
    random PE matrix (a buffer) N(0, 1)."""
    nn = torch.nn
    gen = torch.Generator().manual_seed(seed)
    draw = lambda shape, std, mean=0.0: ref_common._draw(torch, gen, shape, std, mean)  # noqa: E731
    rules = {}
    for mod_name, mod in heads.named_modules():
        for p_name, p in mod.named_parameters(recurse=False):
            full = f"{mod_name}.{p_name}" if mod_name else p_name
            shape = tuple(p.shape)
            norm = isinstance(mod, nn.LayerNorm) or type(mod).__name__ == "LayerNorm2d"
            if norm and p_name == "weight":
                rule, v = "norm_weight", draw(shape, 0.05, 1.0)
            elif p_name == "bias":
                rule, v = "bias", draw(shape, 0.02)
            elif isinstance(mod, nn.Embedding):
                rule, v = "embedding_std1", draw(shape, 1.0)
            elif isinstance(mod, nn.ConvTranspose2d):
                rule, v = "fan_in", draw(shape, 1.0 / math.sqrt(shape[0]))
            elif isinstance(mod, (nn.Linear, nn.Conv2d)):
                rule, v = "fan_in", draw(shape, 1.0 / math.sqrt(math.prod(shape[1:])))
            elif full == "no_mem_embed":
                rule, v = "std0.02", draw(shape, 0.02)
            else:
                raise RuntimeError(f"no initialisation rule for {full} {shape}")
            with torch.no_grad():
                p.copy_(v.to(p.dtype))
            rules[full] = rule
    pe = heads.sam_prompt_encoder.pe_layer.positional_encoding_gaussian_matrix
    with torch.no_grad():
        pe.copy_(draw(tuple(pe.shape), 1.0).to(pe.dtype))
    rules["sam_prompt_encoder.pe_layer.positional_encoding_gaussian_matrix"] = "std1 (buffer)"
    return rules


def round_to_bf16(torch, tensors):
    with torch.no_grad():
        for t in tensors:
            t.copy_(t.to(torch.bfloat16).to(t.dtype))


def export_weights(torch, backbone, heads):
    """Our keys; bf16 (every value is bf16-representable)."""
    out = {}
    vb = "backbone.vision_backbone."
    for k, v in backbone.vision_backbone.state_dict().items():
        if (k.startswith("trunk.") and not k.endswith("freqs_cis")) or k.startswith("sam2_convs."):
            out[vb + k] = v.detach().to("cpu", torch.bfloat16)
    for k, v in heads.state_dict().items():
        out["tracker." + k] = v.detach().to("cpu", torch.bfloat16)
    return out


# ----------------------------------------------------------------------------------------------
# running the official path


def make_image(torch, cfg):
    from official_taps import synthetic_image

    S = cfg["image_size"]
    mean = torch.tensor(cfg["image_mean"], dtype=torch.float64).view(3, 1, 1)
    std = torch.tensor(cfg["image_std"], dtype=torch.float64).view(3, 1, 1)
    return ((synthetic_image(torch, S, S) - mean) / std).float().unsqueeze(0).contiguous()


def set_image_state(torch, backbone, heads, image, orig_hw):
    """Sam3Processor.set_image with instance interactivity on."""
    state = {"original_height": orig_hw[0], "original_width": orig_hw[1]}
    state["backbone_out"] = backbone.forward_image(image)
    sam2 = state["backbone_out"]["sam2_backbone_out"]
    sam2["backbone_fpn"][0] = heads.sam_mask_decoder.conv_s0(sam2["backbone_fpn"][0])
    sam2["backbone_fpn"][1] = heads.sam_mask_decoder.conv_s1(sam2["backbone_fpn"][1])
    return state


def run_case(torch, ctx, case, mask_input):
    from official_taps import TapRecorder
    from sam3.model.sam3_image import Sam3Image

    heads, predictor = ctx["heads"], ctx["predictor"]
    rec = TapRecorder(torch)
    pe = heads.sam_prompt_encoder
    rec.on(pe, lambda a, k, o: (rec.put("prompt.sparse", o[0]), rec.put("prompt.dense", o[1])))
    rec.on(
        heads.sam_mask_decoder,
        lambda a, k, o: rec.put("prompt.dense_pe", k["image_pe"]),
    )
    orig_predict_masks = heads.sam_mask_decoder.predict_masks

    def predict_masks(*a, **k):
        out = orig_predict_masks(*a, **k)
        rec.put("decoder.all_masks", out[0])
        rec.put("decoder.all_iou", out[1])
        rec.put("decoder.object_score_logits", out[3])
        return out

    heads.sam_mask_decoder.predict_masks = predict_masks
    holder = types.SimpleNamespace(inst_interactive_predictor=predictor)
    kwargs = {"multimask_output": case["multimask"], "return_logits": True}
    if "points" in case:
        kwargs["point_coords"] = ctx["np"].array(case["points"], dtype="float32")
        kwargs["point_labels"] = ctx["np"].array(case["labels"], dtype="int32")
    if "box" in case:
        kwargs["box"] = ctx["np"].array(case["box"], dtype="float32")
    if mask_input is not None:
        kwargs["mask_input"] = mask_input.numpy()
    try:
        with warnings.catch_warnings(record=True) as caught, torch.inference_mode():
            warnings.simplefilter("always")
            masks, ious, low_res = Sam3Image.predict_inst(holder, ctx["state"], **kwargs)
        skipped = [str(w.message) for w in caught if "post-processing" in str(w.message)]
        if skipped:
            raise SystemExit("official hole filling was skipped (connected components failed): "
                             + skipped[0][:300])
    finally:
        del heads.sam_mask_decoder.predict_masks
        rec.close()
    rec.put("masks", torch.from_numpy(masks))
    rec.put("iou_predictions", torch.from_numpy(ious))
    rec.put("low_res_masks", torch.from_numpy(low_res))
    for name, t in ctx["features"].items():
        rec.put(name, t)
    return rec.taps


def features_of(torch, ctx):
    """The per-image tensors predict_inst gives the predictor (after no_mem_embed)."""
    sam2 = ctx["state"]["backbone_out"]["sam2_backbone_out"]
    fpn = sam2["backbone_fpn"][-3:]
    return {
        "features.high_res_s0": fpn[0],
        "features.high_res_s1": fpn[1],
        "features.image_embed": fpn[2] + ctx["heads"].no_mem_embed.view(1, -1, 1, 1),
    }


def case_inputs(torch, image, orig_hw, case, mask_input):
    inputs = {
        "image": image,
        "orig_size": torch.tensor(list(orig_hw), dtype=torch.int64),
        "multimask": torch.tensor([1 if case["multimask"] else 0], dtype=torch.int64),
    }
    if "points" in case:
        inputs["point_coords"] = torch.tensor(case["points"], dtype=torch.float32)
        inputs["point_labels"] = torch.tensor(case["labels"], dtype=torch.int64)
    if "box" in case:
        inputs["box"] = torch.tensor(case["box"], dtype=torch.float32)
    if mask_input is not None:
        inputs["mask_input"] = mask_input.float().contiguous()
    return inputs


def sanity_problems(torch, taps, case):
    problems = []
    for name, t in taps.items():
        if t.is_floating_point() and not torch.isfinite(t).all():
            problems.append(f"{name}: not finite")
    m = taps["masks"]
    expected = 3 if case["multimask"] else 1
    if m.shape[0] != expected:
        problems.append(f"masks: {m.shape[0]} masks, expected {expected}")
    if not (float(m.min()) < 0.0 < float(m.max())):
        problems.append("masks: logits of one sign only (no boundary to compare)")
    if float(taps["iou_predictions"].std()) < 1e-4 and expected > 1:
        problems.append("iou_predictions: no spread")
    return problems


def main():
    args = parse_args()
    import numpy as np
    import torch

    ref_common.import_official()
    ref_common.set_exact_fp32(torch)
    if args.device.startswith("cuda") and torch.is_autocast_enabled("cuda"):
        raise SystemExit("autocast is on in this process: refusing")
    from make_parity_fixtures import max_abs_diffs, write_case
    from official_taps import tap_stats
    from sam3.model.sam1_task_predictor import SAM3InteractiveImagePredictor
    import sam3.perflib.connected_components as official_cc

    # The stand-ins make `import cc_torch` succeed with a placeholder, so the official module
    # believes cc_torch is installed; its own fallback (triton on CUDA) is the real code path.
    official_cc.HAS_CC_TORCH = False

    cfg = ref_common.load_model_config(args.model)
    t = cfg["tracker"]
    backbone = build_backbone(torch, cfg, args.device)
    heads = _tracker_class()(cfg).to(args.device).eval()
    rules = ref_common.init_parameters(torch, backbone, args.seed)
    rules = {"backbone": dict(collections.Counter(rules.values())),
             "tracker": dict(collections.Counter(init_heads(torch, heads, args.seed + 1).values()))}
    # Parameters, and the one buffer that is a weight (recomputed buffers such as RoPE tables and
    # position-encoding caches stay exact).
    round_to_bf16(torch, list(backbone.parameters()) + list(heads.parameters()) +
                  [heads.sam_prompt_encoder.pe_layer.positional_encoding_gaussian_matrix])
    weights = export_weights(torch, backbone, heads)

    predictor = SAM3InteractiveImagePredictor(
        heads, mask_threshold=t["mask_threshold"], max_hole_area=t["max_hole_area"],
        max_sprinkle_area=t["max_sprinkle_area"])
    g = cfg["image_size"] // cfg["vision"]["patch_size"]
    predictor._bb_feat_sizes = [(4 * g, 4 * g), (2 * g, 2 * g), (g, g)]
    S = cfg["image_size"]
    orig_hw = (round(PHOTO_FRACTIONS[0] * S), round(PHOTO_FRACTIONS[1] * S))
    image = make_image(torch, cfg)
    with torch.inference_mode():
        state = set_image_state(torch, backbone, heads, image.to(args.device), orig_hw)
    ctx = {"heads": heads, "predictor": predictor, "state": state, "np": np}
    ctx["features"] = features_of(torch, ctx)

    meta_base = {
        "model": args.model, "config": cfg["_path"], "seed": args.seed,
        "official_repo": "facebookresearch/sam3", "official_commit": ref_common.official_commit(),
        "torch": torch.__version__, "cuda": torch.version.cuda,
        "device": torch.cuda.get_device_name(0) if args.device.startswith("cuda") else "cpu",
        "compute_dtype": "float32", "tf32": False, "autocast": False,
        "mode": "eval, torch.inference_mode", "weights_dtype": "bfloat16",
        "weights_entries": len(weights), "init_rules": rules, "photo_size_hw": list(orig_hw),
        "path": "Sam3Processor.set_image (sam2 neck + conv_s0/conv_s1) + Sam3Image.predict_inst "
                "(return_logits=True)",
        "generated_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join(sys.argv),
    }
    if args.check_official_builder:
        meta_base["official_builder_check"] = check_against_official_builder(torch, heads, cfg)
        print("official builder check:", json.dumps(meta_base["official_builder_check"]), flush=True)

    failed, results = False, {}
    for name, case in cases(*orig_hw).items():
        mask_input = None
        if "mask_from" in case:
            prev = results[case["mask_from"]]
            mask_input = prev["low_res_masks"][int(prev["iou_predictions"].argmax())][None]
        taps = run_case(torch, ctx, case, mask_input)
        again = run_case(torch, ctx, case, mask_input)
        results[name] = taps
        problems = sanity_problems(torch, taps, case)
        meta = dict(meta_base)
        meta.update({"case": name, "prompt": {k: v for k, v in case.items()},
                     "taps": tap_stats(torch, taps),
                     "rerun_max_abs_diff": max(max_abs_diffs(torch, taps, again).values()),
                     "sanity_problems": problems})
        write_case(torch, args.out, name, weights,
                   case_inputs(torch, image, orig_hw, case, mask_input), taps, meta)
        print(f"{args.model}/{name}: {len(taps)} taps, problems={problems}", flush=True)
        for tap, st in meta["taps"].items():
            print(f"  {tap:30s} {str(tuple(st['shape'])):22s} min {st['min']:.4g} "
                  f"max {st['max']:.4g} std {st['std']}", flush=True)
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
