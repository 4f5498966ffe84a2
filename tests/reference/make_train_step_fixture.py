"""Training-step (gradient) parity fixture from the OFFICIAL SAM3 code (never our C++).

The loss fixture (make_loss_fixture.py) checks loss VALUES on fixed predictions; this one checks a
whole training step end to end: the official image model in training mode (DAC one-to-many
queries, auxiliary outputs, activation checkpointing as the official encoder and decoder require,
dropout and drop-path set to 0 so the step is deterministic) on a fixed batch, the official
matchers and Sam3LossWrapper configured as roboflow_v100_full_ft_100_images.yaml (segmentation
variant: Masks 200 / 10), one backward, and the gradient of EVERY parameter. A detached reference
box, a missing gradient path or a wrongly placed stop-gradient shows here and nowhere else.

Writes <out>/:
  weights.safetensors  the model's parameters (official image-model keys, bf16-representable fp32)
  inputs.safetensors   images [B,3,S,S] (normalised), input_ids [1,32] int64 (official tokenizer,
                       the one prompt of every photo), boxes [N,4] cxcywh, num_boxes [B] int64,
                       masks [N,S,S] uint8
  expected.safetensors loss.<term> (0-d, every entry of the official loss dict incl. core_loss)
                       and grad.<parameter> (every parameter with a gradient)
  meta.json            model, seed, batch, loss settings, what was set to 0, grad statistics

Batch: the bench photos of official_bench_train.py (= core/train/train_bench_setup.cpp), photos 0
and 1, two boxes each, prompt "fuse cutout"; plus, with --negative, a third photo whose prompt has
no box (trains the presence head).

fp32, TF32 off, cuDNN attention off. Usage (GPU machine, carry tests/reference/official):
  python3 make_train_step_fixture.py --model sam3-tiny --out DIR [--seed 0] [--device cuda]
"""

import argparse
import json
import os
import sys

import ref_common as rc


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default="sam3-tiny")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--negative", action="store_true",
                    help="add a third photo whose prompt has no target box")
    return ap.parse_args()


def zero_stochastic_layers(torch, model):
    """Dropout probabilities and drop-path rates to 0 everywhere; returns what was changed."""
    changed = {}
    for name, m in model.named_modules():
        kind = type(m).__name__
        if isinstance(m, torch.nn.Dropout) or kind in ("Dropout1d", "Dropout2d"):
            if m.p != 0:
                m.p = 0.0
                changed[name] = kind
        for attr in ("drop_prob", "dropout_p", "attn_drop_rate", "drop_path_rate"):
            v = getattr(m, attr, None)
            if isinstance(v, float) and v != 0:
                setattr(m, attr, 0.0)
                changed[f"{name}.{attr}"] = kind
        if isinstance(m, torch.nn.MultiheadAttention) and m.dropout != 0:
            m.dropout = 0.0
            changed[f"{name}.dropout"] = kind
    return changed


def make_inputs(torch, size, negative):
    import official_bench_train as obt

    data = obt.make_batch(torch, size, 2, 0, 4, True)
    if not negative:
        return data
    from sam3.model.data_misc import BatchedDatapoint, BatchedFindTarget, FindStage

    find, tgt = data.find_inputs[0], data.find_targets[0]
    n = tgt.boxes.shape[0]
    images = torch.cat([data.img_batch, obt.bench_image(torch, size, 2)[None]])
    find3 = FindStage(
        img_ids=torch.arange(3, dtype=torch.long), text_ids=torch.zeros(3, dtype=torch.long),
        input_boxes=torch.zeros(0, 3, 4), input_boxes_mask=torch.zeros(3, 0, dtype=torch.bool),
        input_boxes_label=torch.zeros(0, 3, dtype=torch.long),
        input_points=torch.zeros(3, 0, 257), input_points_mask=torch.zeros(3, 0),
        object_ids=find.object_ids + [[]])
    # Padded per-prompt arrays: the negative prompt's row is padding (object id -1, zero box).
    boxes_padded = torch.zeros(3, 2, 4)
    boxes_padded[:2] = tgt.boxes_padded
    ids_padded = torch.full((3, 2), -1, dtype=torch.long)
    ids_padded[:2] = tgt.object_ids_padded
    tgt3 = BatchedFindTarget(
        num_boxes=torch.tensor([2, 2, 0], dtype=torch.long), boxes=tgt.boxes,
        boxes_padded=boxes_padded, repeated_boxes=tgt.repeated_boxes, segments=tgt.segments,
        semantic_segments=None, is_valid_segment=tgt.is_valid_segment,
        is_exhaustive=torch.ones(3, dtype=torch.bool), object_ids=tgt.object_ids,
        object_ids_padded=ids_padded)
    assert n == 4
    return BatchedDatapoint(img_batch=images, find_text_batch=data.find_text_batch,
                            find_inputs=[find3], find_targets=[tgt3], find_metadatas=[None])


def main():
    args = parse_args()
    import torch
    import torch.distributed as dist

    rc.import_official()
    rc.set_exact_fp32(torch)
    if hasattr(torch.backends.cuda, "enable_cudnn_sdp"):
        torch.backends.cuda.enable_cudnn_sdp(False)
    if not dist.is_initialized():  # Sam3LossWrapper all-reduces num_boxes
        dist.init_process_group("gloo", init_method=f"file:///tmp/sam3_grad_pg_{os.getpid()}",
                                rank=0, world_size=1)
    import official_bench_train as obt
    from official_builder import build_image_model
    from sam3.train.matcher import BinaryHungarianMatcherV2

    cfg = rc.load_model_config(args.model)
    size = cfg["image_size"]
    model = build_image_model(cfg, args.device)
    rules = rc.init_parameters(torch, model, args.seed)
    rc.round_parameters_to_bf16(torch, model)
    weights = rc.export_state_dict(torch, model, torch.float32)
    model.matcher = BinaryHungarianMatcherV2(focal=True, cost_class=2.0, cost_bbox=5.0,
                                             cost_giou=2.0, alpha=0.25, gamma=2, stable=False)
    model.train()
    changed = zero_stochastic_layers(torch, model)

    loss_fn = obt.make_loss(True)
    num_queries = cfg["decoder"]["num_queries"]
    for fn in loss_fn.loss_fns_find:  # IABCE as a mean over the model's queries (LossOptions)
        if hasattr(fn, "pad_n_queries"):
            fn.pad_n_queries = num_queries

    data = make_inputs(torch, size, args.negative)
    tgt = data.find_targets[0]
    tokenizer = model.backbone.language_backbone.tokenizer
    input_ids = tokenizer(data.find_text_batch, context_length=cfg["text"]["context_length"])
    inputs = {
        "images": data.img_batch.float(),
        "input_ids": input_ids.long().cpu(),
        "boxes": tgt.boxes.float(),
        "num_boxes": tgt.num_boxes.long(),
        "masks": tgt.segments.to(torch.uint8),
    }
    data = obt.to_device(torch, data) if args.device.startswith("cuda") else data
    model.zero_grad(set_to_none=True)
    find_stages = model(data)
    targets = [model.back_convert(x) for x in data.find_targets]
    losses = loss_fn(find_stages, targets)
    losses["core_loss"].backward()

    expected = {}
    for k, v in losses.items():
        if torch.is_tensor(v):
            expected[f"loss.{k}"] = v.detach().float().cpu().reshape(())
        else:
            expected[f"loss.{k}"] = torch.tensor(float(v))
    no_grad = []
    gnorm = 0.0
    for name, p in model.named_parameters():
        if p.grad is None:
            no_grad.append(name)
            continue
        g = p.grad.detach().float().cpu()
        expected[f"grad.{name}"] = g
        gnorm += float(g.double().pow(2).sum())
    for k, v in expected.items():
        if not torch.isfinite(v).all():
            raise SystemExit(f"official {k} is not finite")

    os.makedirs(args.out, exist_ok=True)
    rc.write_safetensors(torch, os.path.join(args.out, "weights.safetensors"), weights)
    rc.write_safetensors(torch, os.path.join(args.out, "inputs.safetensors"), inputs)
    rc.write_safetensors(torch, os.path.join(args.out, "expected.safetensors"), expected)
    meta = {
        "what": "official training step: forward (train mode), matchers, Sam3LossWrapper, backward",
        "official_commit": rc.official_commit(),
        "torch": torch.__version__,
        "device": args.device,
        "model": args.model,
        "seed": args.seed,
        "image_size": size,
        "batch": int(inputs["images"].shape[0]),
        "prompt": data.find_text_batch[0],
        "negative_prompt_photo": bool(args.negative),
        "loss": {"bbox": 5.0, "giou": 2.0, "ce": 20.0, "presence": 20.0, "o2m": 2.0,
                 "pos_weight": 10.0, "alpha": 0.25, "gamma": 2, "pad_n_queries": num_queries,
                 "mask": 200.0, "dice": 10.0, "matcher": "focal cost 2 / L1 5 / GIoU 2",
                 "o2m_matcher": "alpha 0.3, threshold 0.4, topk 4",
                 "scale_by_find_batch_size": True},
        "zeroed_stochastic": changed,
        "parameters_without_grad": no_grad,
        "grad_global_norm": gnorm ** 0.5,
        "loss_terms": {k[5:]: float(v) for k, v in expected.items() if k.startswith("loss.")},
        "init_rules": {r: sum(1 for x in rules.values() if x == r) for r in set(rules.values())},
    }
    with open(os.path.join(args.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
    print(json.dumps({k: meta[k] for k in ("loss_terms", "grad_global_norm",
                                           "parameters_without_grad")}, indent=1))
    print(f"zeroed {len(changed)} stochastic settings; wrote {len(expected)} expected tensors")


if __name__ == "__main__":
    sys.path.insert(0, rc.HERE)
    main()
