"""Runs one parity case through the OFFICIAL model and records the taps named in TAPS.md.

The call order is the official inference path of Sam3Processor: backbone.forward_image,
backbone.forward_text, then Sam3Image.forward_grounding with a geometric Prompt. Intermediate
values are captured by wrapping the forward of official submodules (version-independent; the
wrapped modules run unchanged).
"""

import math

PROMPT = "fuse cutout"
# One positive exemplar around the red disc, one negative around the blue rectangle of the
# synthetic image (normalised cx, cy, w, h).
BOXES = [[0.35, 0.40, 0.36, 0.36], [0.70, 0.725, 0.30, 0.35]]
BOX_LABELS = [1, 0]
CASES = {
    "text_only": {"prompt": PROMPT, "boxes": None},
    "text_and_boxes": {"prompt": PROMPT, "boxes": BOXES, "box_labels": BOX_LABELS},
}


def synthetic_image(torch, height, width):
    """Deterministic RGB in [0, 1], quantised to k/255 like a decoded photo: gradients, a soft
    red disc and a blue rectangle. (3, H, W) float64."""
    y = torch.linspace(0, 1, height, dtype=torch.float64).view(-1, 1).expand(height, width)
    x = torch.linspace(0, 1, width, dtype=torch.float64).view(1, -1).expand(height, width)
    img = torch.stack(
        [0.2 + 0.6 * x, 0.2 + 0.6 * y, 0.5 + 0.3 * torch.sin(2 * math.pi * 1.5 * (x + y))]
    )
    d = torch.sqrt((x - 0.35) ** 2 + (y - 0.40) ** 2)
    disc = torch.sigmoid((0.18 - d) * min(height, width) / 2)
    rect = ((x > 0.55) & (x < 0.85) & (y > 0.55) & (y < 0.90)).double()
    for c, (vd, vr) in enumerate(zip((0.9, 0.2, 0.2), (0.1, 0.3, 0.9))):
        img[c] = img[c] * (1 - disc) + vd * disc
        img[c] = img[c] * (1 - rect) + vr * rect
    return torch.round(img.clamp(0, 1) * 255) / 255


def make_inputs(torch, cfg, case, tokenizer, photo=None):
    """inputs.safetensors content of a case (batch 1). `photo`: (3, H, W) in [0, 1] resized to
    S x S (bilinear, as the official processor), else the synthetic image."""
    S = cfg["image_size"]
    mean = torch.tensor(cfg["image_mean"], dtype=torch.float64).view(3, 1, 1)
    std = torch.tensor(cfg["image_std"], dtype=torch.float64).view(3, 1, 1)
    if photo is None:
        rgb = synthetic_image(torch, S, S)
    else:
        rgb = torch.nn.functional.interpolate(photo.unsqueeze(0), size=(S, S), mode="bilinear",
                                              align_corners=False)[0]
    image = ((rgb - mean) / std).float().unsqueeze(0)
    ids = tokenizer([case["prompt"]], context_length=cfg["text"]["context_length"])
    inputs = {"image": image.contiguous(), "input_ids": ids.to(torch.int64)}
    if case.get("boxes"):
        inputs["boxes"] = torch.tensor([case["boxes"]], dtype=torch.float32)
        inputs["box_labels"] = torch.tensor([case["box_labels"]], dtype=torch.int64)
    return inputs


class TapRecorder:
    def __init__(self, torch):
        self.torch = torch
        self.taps = {}
        self._wrapped = []

    def put(self, name, t):
        t = t.detach().cpu().clone()
        if t.dtype == self.torch.bool:
            t = t.to(self.torch.uint8)
        elif t.is_floating_point():
            t = t.float()
        self.taps[name] = t.contiguous()

    def on(self, module, fn):
        """Calls fn(args, kwargs, output) after every forward of `module`."""
        original = module.forward

        def forward(*args, **kwargs):
            out = original(*args, **kwargs)
            fn(args, kwargs, out)
            return out

        module.forward = forward
        self._wrapped.append(module)

    def close(self):
        for m in self._wrapped:
            del m.forward  # back to the class's forward
        self._wrapped = []


def _install_taps(rec, model, all_blocks):
    trunk = model.backbone.vision_backbone.trunk
    rec.on(trunk.patch_embed, lambda a, k, o: rec.put("vision.patch_embed", o))
    rec.on(trunk.ln_pre, lambda a, k, o: rec.put("vision.ln_pre", o))
    first_global = trunk.full_attn_ids[0]
    for i, blk in enumerate(trunk.blocks):
        names = []
        if i == 0:
            names.append("vision.block0")
        if i == first_global:
            names.append("vision.global_block")
        if all_blocks:
            names.append(f"vision.blocks.{i}")
        if names:
            rec.on(blk, lambda a, k, o, names=names: [rec.put(n, o) for n in names])
    rec.on(trunk, lambda a, k, o: rec.put("vision.trunk", o[-1]))
    rec.on(
        model.backbone.language_backbone.encoder,
        lambda a, k, o: (rec.put("_text.tokens", a[0]), rec.put("text.tower", o[1])),
    )
    rec.on(
        model.geometry_encoder,
        lambda a, k, o: (rec.put("geometry.features", o[0]), rec.put("geometry.mask", o[1])),
    )

    def on_encoder(a, k, o):
        rec.put("prompt", k["prompt"])
        rec.put("prompt.mask", k["prompt_key_padding_mask"])
        rec.put("encoder.memory", o["memory"])

    rec.on(model.transformer.encoder, on_encoder)

    def on_decoder(a, k, o):
        hs, refs, presence, _ = o
        rec.put("decoder.hs", hs.transpose(1, 2))  # seq-first -> batch-first, as _run_decoder
        rec.put("decoder.reference_boxes", refs.transpose(1, 2))
        rec.put("decoder.presence_logits", presence.transpose(1, 2))

    rec.on(model.transformer.decoder, on_decoder)
    rec.on(model.segmentation_head.pixel_decoder, lambda a, k, o: rec.put("seg.pixel_embed", o))


def _geometric_prompt(torch, model, inputs, device):
    from sam3.model.geometry_encoders import Prompt

    if "boxes" not in inputs:
        return model._get_dummy_prompt()
    boxes = inputs["boxes"].to(device).transpose(0, 1).contiguous()  # (N, B, 4)
    labels = inputs["box_labels"].to(device).transpose(0, 1).contiguous()  # (N, B)
    mask = torch.zeros(boxes.shape[1], boxes.shape[0], dtype=torch.bool, device=device)
    return Prompt(box_embeddings=boxes, box_mask=mask, box_labels=labels)


def run_case(torch, model, inputs, prompt, device, all_blocks=False):
    """Returns {tap name: cpu tensor} for one case (fp32 unless the caller set autocast)."""
    from sam3.model.data_misc import FindStage

    rec = TapRecorder(torch)
    _install_taps(rec, model, all_blocks)
    try:
        with torch.inference_mode():
            backbone_out = model.backbone.forward_image(inputs["image"].to(device))
            backbone_out.update(model.backbone.forward_text([prompt], device=device))
            zero = torch.tensor([0], device=device, dtype=torch.long)
            find_stage = FindStage(
                img_ids=zero,
                text_ids=zero,
                input_boxes=None,
                input_boxes_mask=None,
                input_boxes_label=None,
                input_points=None,
                input_points_mask=None,
            )
            out = model.forward_grounding(
                backbone_out=backbone_out,
                find_input=find_stage,
                find_target=None,
                geometric_prompt=_geometric_prompt(torch, model, inputs, device),
            )
            for i, (f, p) in enumerate(zip(backbone_out["backbone_fpn"], backbone_out["vision_pos_enc"])):
                rec.put(f"neck.fpn{i}", f)
                rec.put(f"neck.pos{i}", p)
            rec.put("text.features", backbone_out["language_features"])
            rec.put("text.mask", backbone_out["language_mask"])
            for key in ("pred_logits", "pred_boxes", "pred_boxes_xyxy", "presence_logit_dec"):
                rec.put(key, out[key])
            rec.put("pred_masks", out["pred_masks"])
            rec.put("semantic_seg", out["semantic_seg"])
            presence = out["presence_logit_dec"].sigmoid().unsqueeze(1)
            rec.put("scores", (out["pred_logits"].sigmoid() * presence).squeeze(-1))
    finally:
        rec.close()
    taps = rec.taps
    tokens = taps.pop("_text.tokens")
    if not torch.equal(tokens.to(torch.int64), inputs["input_ids"]):
        raise RuntimeError(f"tokenizer ids differ: model saw {tokens.tolist()}")
    return taps


def tap_stats(torch, taps):
    stats = {}
    for name in sorted(taps):
        t = taps[name]
        f = t.double()
        stats[name] = {
            "shape": list(t.shape),
            "dtype": str(t.dtype).replace("torch.", ""),
            "min": float(f.min()) if t.numel() else None,
            "max": float(f.max()) if t.numel() else None,
            "mean": float(f.mean()) if t.numel() else None,
            "std": float(f.std()) if t.numel() > 1 else None,
        }
    return stats


def sanity_problems(torch, taps):
    """Empty when the outputs look like a working model (finite, boxes spread and moved, masks
    with both signs, logits spread)."""
    problems = []
    for name, t in taps.items():
        if t.is_floating_point() and not torch.isfinite(t).all():
            problems.append(f"{name}: not finite")
    boxes = taps["pred_boxes"][0]
    if float((boxes.max(0).values - boxes.min(0).values).min()) < 1e-3:
        problems.append("pred_boxes: nearly identical across queries")
    moved = float((taps["pred_boxes"] - taps["decoder.reference_boxes"][0]).abs().max())
    if moved < 1e-2:
        problems.append(f"pred_boxes: moved only {moved:.2e} from the initial reference boxes")
    masks = taps["pred_masks"]
    if not (float(masks.min()) < 0.0 < float(masks.max())):
        problems.append("pred_masks: one sign only")
    if float(taps["pred_logits"].std()) < 1e-3:
        problems.append("pred_logits: no spread")
    return problems
