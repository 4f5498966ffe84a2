"""Loss and matcher parity fixture from the OFFICIAL SAM3 training code (never our C++).

Feeds fixed, seeded predictions and targets to the official classes of facebookresearch/sam3
(`sam3.train.matcher.BinaryHungarianMatcherV2`, `BinaryOneToManyMatcher`,
`sam3.train.loss.loss_fns.Boxes`, `IABCEMdetr`, `Masks`, `sam3.train.loss.sam3_loss.Sam3LossWrapper`)
configured exactly as `roboflow_v100_full_ft_100_images.yaml` (its segmentation variant, i.e. with
the Masks loss 200 / 10) and writes

  <out>/inputs.safetensors  predictions of the main layer and 5 aux layers (o2o and o2m halves),
                            masks (main layer), targets (packed boxes, per-image counts, masks)
  <out>/expected.json       the official matching indices (o2o per layer, o2m per layer) and every
                            entry of the official loss dict (core_loss after the sqrt(B) scaling)

Needs CUDA: the official focal loss is a Triton kernel. fp32, TF32 off. The official package is
imported from the git-ignored tests/reference/official/ (README.md). Usage:

  python3 make_loss_fixture.py --out DIR [--seed 0]
"""

import argparse
import json
import os
import sys

import ref_common as rc

NUM_BOXES = [2, 0, 3, 1]  # per image (prompt); image 1 is a negative prompt (no target box)
Q = 200  # o2o queries; o2m has as many (DAC)
NUM_AUX = 5
MASK_PRED = 8  # predicted mask side
MASK_GT = 16  # target mask side (predictions are upsampled bilinearly, as official)


def cxcywh_to_xyxy(torch, b):
    cx, cy, w, h = b.unbind(-1)
    return torch.stack([cx - 0.5 * w, cy - 0.5 * h, cx + 0.5 * w, cy + 0.5 * h], dim=-1)


def make_targets(torch, gen):
    n = sum(NUM_BOXES)
    ctr = torch.rand(n, 2, generator=gen) * 0.6 + 0.2
    wh = torch.rand(n, 2, generator=gen) * 0.35 + 0.05
    boxes = torch.cat([ctr, wh], dim=-1)
    # Masks: the box rasterised at MASK_GT (pixel centres inside), one mask marked invalid.
    grid = (torch.arange(MASK_GT, dtype=torch.float32) + 0.5) / MASK_GT
    xyxy = cxcywh_to_xyxy(torch, boxes)
    masks = torch.zeros(n, MASK_GT, MASK_GT, dtype=torch.bool)
    for i in range(n):
        inx = (grid >= xyxy[i, 0]) & (grid <= xyxy[i, 2])
        iny = (grid >= xyxy[i, 1]) & (grid <= xyxy[i, 3])
        masks[i] = iny[:, None] & inx[None, :]
    valid = torch.ones(n, dtype=torch.bool)
    valid[3] = False
    return boxes, masks, valid


def make_layer(torch, gen, boxes_packed):
    """One decoder layer's predictions [B, Q, ...]: random boxes plus 5 jittered copies per GT."""
    b = len(NUM_BOXES)
    logits = torch.randn(b, Q, 1, generator=gen) * 2.0
    ctr = torch.rand(b, Q, 2, generator=gen) * 0.9 + 0.05
    wh = torch.rand(b, Q, 2, generator=gen) * 0.45 + 0.02
    boxes = torch.cat([ctr, wh], dim=-1)
    start = 0
    for img, count in enumerate(NUM_BOXES):
        for g in range(count):
            gt = boxes_packed[start + g]
            for k in range(5):
                q = 10 + 20 * g + 3 * k
                jit_c = torch.randn(2, generator=gen) * 0.02
                jit_s = torch.exp(torch.randn(2, generator=gen) * 0.15)
                boxes[img, q, :2] = (gt[:2] + jit_c).clamp(0.01, 0.99)
                boxes[img, q, 2:] = (gt[2:] * jit_s).clamp(0.01, 0.99)
        start += count
    presence = torch.randn(b, 1, generator=gen) * 2.0
    return logits, boxes, presence


def build_inputs(torch, seed):
    gen = torch.Generator().manual_seed(seed)
    boxes, masks, valid = make_targets(torch, gen)
    t = {"target_boxes": boxes, "target_num_boxes": torch.tensor(NUM_BOXES, dtype=torch.int64)}
    t["target_masks"] = masks.to(torch.uint8)
    t["target_masks_valid"] = valid.to(torch.uint8)
    for layer in range(NUM_AUX + 1):
        name = "main" if layer == NUM_AUX else f"aux{layer}"
        for half in ("o2o", "o2m"):
            logits, bx, presence = make_layer(torch, gen, boxes)
            t[f"{name}.{half}.pred_logits"] = logits
            t[f"{name}.{half}.pred_boxes"] = bx
            if half == "o2o":
                t[f"{name}.o2o.presence_logit_dec"] = presence
    b = len(NUM_BOXES)
    t["main.o2o.pred_masks"] = torch.randn(b, Q, MASK_PRED, MASK_PRED, generator=gen) * 3.0
    t["main.o2m.pred_masks"] = torch.randn(b, Q, MASK_PRED, MASK_PRED, generator=gen) * 3.0
    return t


def official_targets(torch, t, dev):
    boxes = t["target_boxes"].to(dev)
    num = t["target_num_boxes"].to(dev)
    b, n_max = len(NUM_BOXES), max(NUM_BOXES)
    padded = torch.zeros(b, n_max, 4, device=dev)
    ids = torch.full((b, n_max), -1, dtype=torch.int64, device=dev)
    start = 0
    for i, c in enumerate(NUM_BOXES):
        padded[i, :c] = boxes[start : start + c]
        ids[i, :c] = torch.arange(start, start + c, device=dev)
        start += c
    return {
        "boxes": boxes,
        "boxes_xyxy": cxcywh_to_xyxy(torch, boxes),
        "boxes_padded": padded,
        "num_boxes": num,
        "masks": t["target_masks"].to(dev).bool(),
        "is_valid_mask": t["target_masks_valid"].to(dev).bool(),
        "is_exhaustive": torch.ones(b, dtype=torch.bool, device=dev),
        "object_ids_padded": ids,
    }


def layer_dict(torch, t, name, dev):
    out = {}
    for half, suffix in (("o2o", ""), ("o2m", "_o2m")):
        bx = t[f"{name}.{half}.pred_boxes"].to(dev)
        out["pred_logits" + suffix] = t[f"{name}.{half}.pred_logits"].to(dev)
        out["pred_boxes" + suffix] = bx
        out["pred_boxes_xyxy" + suffix] = cxcywh_to_xyxy(torch, bx)
        if f"{name}.{half}.pred_masks" in t:
            out["pred_masks" + suffix] = t[f"{name}.{half}.pred_masks"].to(dev)
    out["presence_logit_dec"] = t[f"{name}.o2o.presence_logit_dec"].to(dev)
    return out


def indices_json(idx, num_total):
    batch, src, tgt = idx
    rec = {"batch": batch.cpu().tolist(), "src": src.cpu().tolist()}
    rec["tgt_given"] = tgt is not None
    # tgt None means: the matched targets are all targets in packed order.
    rec["tgt"] = tgt.cpu().tolist() if tgt is not None else list(range(num_total))
    return rec


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    import torch
    import torch.distributed as dist

    rc.import_official()
    rc.set_exact_fp32(torch)
    from sam3.model.model_misc import SAM3Output
    from sam3.train.loss.loss_fns import Boxes, IABCEMdetr, Masks
    from sam3.train.loss.sam3_loss import Sam3LossWrapper
    from sam3.train.matcher import BinaryHungarianMatcherV2, BinaryOneToManyMatcher

    if not torch.cuda.is_available():
        sys.exit("CUDA required (the official focal loss is a Triton kernel)")
    # normalization="global" all-reduces num_boxes: a one-process group makes it the official path.
    dist.init_process_group("gloo", init_method=f"file:///tmp/pg_{os.getpid()}", rank=0, world_size=1)
    dev = torch.device("cuda")

    # roboflow_v100_full_ft_100_images.yaml: scratch.matcher, loss (segmentation variant).
    matcher = BinaryHungarianMatcherV2(
        focal=True, cost_class=2.0, cost_bbox=5.0, cost_giou=2.0, alpha=0.25, gamma=2, stable=False
    )
    o2m_matcher = BinaryOneToManyMatcher(alpha=0.3, threshold=0.4, topk=4)
    loss_fns = [
        Boxes(weight_dict={"loss_bbox": 5.0, "loss_giou": 2.0}),
        IABCEMdetr(
            weak_loss=False,
            weight_dict={"loss_ce": 20.0, "presence_loss": 20.0},
            pos_weight=10.0,
            alpha=0.25,
            gamma=2,
            use_presence=True,
            pos_focal=False,
            pad_n_queries=200,
            pad_scale_pos=1.0,
        ),
        Masks(
            focal_alpha=0.25,
            focal_gamma=2.0,
            weight_dict={"loss_mask": 200.0, "loss_dice": 10.0},
            compute_aux=False,
        ),
    ]
    wrapper = Sam3LossWrapper(
        loss_fns_find=loss_fns,
        matcher=matcher,
        o2m_matcher=o2m_matcher,
        o2m_weight=2.0,
        use_o2m_matcher_on_o2m_aux=False,
        loss_fn_semantic_seg=None,
        scale_by_find_batch_size=True,
    )

    t = build_inputs(torch, args.seed)
    targets = official_targets(torch, t, dev)
    n_total = sum(NUM_BOXES)
    out = layer_dict(torch, t, "main", dev)
    out["aux_outputs"] = [layer_dict(torch, t, f"aux{i}", dev) for i in range(NUM_AUX)]
    # As Sam3Image._compute_matching: the o2o matcher on main and every aux output.
    expected = {"indices": {}, "indices_o2m": {}}
    for suffix, o in [("", out)] + [(f"_aux_{i}", a) for i, a in enumerate(out["aux_outputs"])]:
        with torch.no_grad():
            o["indices"] = matcher(o, targets)
            o2m_out = {k[: -len("_o2m")]: v for k, v in o.items() if k.endswith("_o2m")}
            o2m_idx = (o2m_matcher if suffix == "" else matcher)(o2m_out, targets)
        expected["indices"][suffix] = indices_json(o["indices"], n_total)
        expected["indices_o2m"][suffix] = indices_json(o2m_idx, n_total)

    losses = wrapper(SAM3Output([[out]]), [targets])
    expected["losses"] = {k: float(v) for k, v in losses.items()}
    expected["config"] = {
        "num_boxes": NUM_BOXES,
        "queries": Q,
        "num_aux": NUM_AUX,
        "mask_pred": MASK_PRED,
        "mask_gt": MASK_GT,
        "seed": args.seed,
        "official_commit": rc.official_commit(),
        "torch": torch.__version__,
        "device": torch.cuda.get_device_name(0),
    }
    os.makedirs(args.out, exist_ok=True)
    rc.write_safetensors(torch, os.path.join(args.out, "inputs.safetensors"), t)
    with open(os.path.join(args.out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
    for k in sorted(expected["losses"]):
        print(f"{k:28s} {expected['losses'][k]:.8g}")
    for suffix, rec in expected["indices_o2m"].items():
        print(f"o2m matches{suffix or '_main'}: {len(rec['src'])}")
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
