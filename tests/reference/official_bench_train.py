"""Training-step part of official_bench.py: the OFFICIAL SAM3 training step (sam3/train/trainer.py
_run_step + train_epoch, roboflow_v100_full_ft_100_images.yaml settings) timed per memory mode at
batch 1, 2, 4, ... until CUDA runs out of memory. JSON fields as core/train/train_bench.h."""

import fnmatch
import gc
import math
import time

# name -> (what it changes, autocast dtype name); lora has no official counterpart.
MODES = {
    "full": ({}, "bfloat16"),
    "full_no_checkpointing": ({"activation_checkpointing": False}, "bfloat16"),
    "frozen_text": ({"freeze": ["backbone.language_backbone."]}, "bfloat16"),
    "frozen_text_trunk": (
        {"freeze": ["backbone.language_backbone.", "backbone.vision_backbone.trunk."]},
        "bfloat16",
    ),
    "lora": (None, None),
    "fp16": ({}, "float16"),
}
ACKPT_ATTRS = ("use_act_checkpoint", "use_act_ckpt", "act_ckpt", "grad_checkpointing",
               "use_act_checkpoint_seg_head")
# The official fusion encoder and decoder assert checkpointing in training (encoder.py,
# decoder.py: "activation ckpt not enabled"): full_no_checkpointing keeps it there.
ACKPT_REQUIRED = ("TransformerEncoder", "TransformerEncoderFusion", "TransformerDecoder")
PROMPT = "fuse cutout"


def _rounded(size, fraction):
    return int(math.floor(size * fraction + 0.5))


def bench_rectangles(size, index):
    """core/train/train_bench.cpp bench_rectangles: two [x0, y0, x1, y1] in whole pixels."""
    out = []
    for k in range(2):
        x0 = _rounded(size, 0.10 + 0.45 * k)
        y0 = _rounded(size, 0.15 + 0.05 * (index % 4))
        out.append([x0, y0, x0 + _rounded(size, 0.30), y0 + _rounded(size, 0.40)])
    return out


def bench_image(torch, size, index):
    """Normalised [3, S, S]: pixel (3x + 7y + 85c + 41i) mod 256, mean 0.5, std 0.5."""
    y = torch.arange(size).view(1, size, 1)
    x = torch.arange(size).view(1, 1, size)
    c = torch.arange(3).view(3, 1, 1)
    v = (3 * x + 7 * y + 85 * c + 41 * index) % 256
    return (v.float() / 255.0 - 0.5) / 0.5


_PHOTO_CACHE = {}


def _photo_tensors(torch, size, indices, masks):
    """Images [B, 3, S, S], packed boxes [2B, 4] cxcywh and masks [2B, S, S] of these photos,
    made once per index tuple (the official trainer's data loader works ahead in 10 workers; our
    trainer's prefetch thread likewise), so the timed step holds no pixel generation."""
    key = (size, indices, masks)
    if key not in _PHOTO_CACHE:
        boxes, segs = [], []
        for i in indices:
            for x0, y0, x1, y1 in bench_rectangles(size, i):
                boxes.append([(x0 + x1) / 2 / size, (y0 + y1) / 2 / size, (x1 - x0) / size,
                              (y1 - y0) / size])
                if masks:
                    m = torch.zeros(size, size, dtype=torch.bool)
                    m[y0:y1, x0:x1] = True
                    segs.append(m)
        images = torch.stack([bench_image(torch, size, i) for i in indices])
        _PHOTO_CACHE.clear()
        _PHOTO_CACHE[key] = (images, torch.tensor(boxes, dtype=torch.float32),
                             torch.stack(segs) if masks else None)
    return _PHOTO_CACHE[key]


def make_batch(torch, size, batch, step, photos, masks):
    """A BatchedDatapoint as collate_fn_api builds it: one text query per photo (photo
    (step * B + b) mod photos), two target boxes each, no box prompt."""
    from sam3.model.data_misc import BatchedDatapoint, BatchedFindTarget, FindStage

    idx = tuple((step * batch + b) % photos for b in range(batch))
    images, boxes, segs = _photo_tensors(torch, size, idx, masks)
    n = boxes.shape[0]
    find = FindStage(
        img_ids=torch.arange(batch, dtype=torch.long),
        text_ids=torch.zeros(batch, dtype=torch.long),
        input_boxes=torch.zeros(0, batch, 4),
        input_boxes_mask=torch.zeros(batch, 0, dtype=torch.bool),
        input_boxes_label=torch.zeros(0, batch, dtype=torch.long),
        input_points=torch.zeros(batch, 0, 257),
        input_points_mask=torch.zeros(batch, 0),
        object_ids=[[2 * b, 2 * b + 1] for b in range(batch)],
    )
    target = BatchedFindTarget(
        num_boxes=torch.full((batch,), 2, dtype=torch.long),
        boxes=boxes,
        boxes_padded=boxes.view(batch, 2, 4),
        repeated_boxes=boxes,
        segments=segs,
        semantic_segments=None,
        is_valid_segment=torch.ones(n, dtype=torch.bool) if masks else None,
        is_exhaustive=torch.ones(batch, dtype=torch.bool),
        object_ids=torch.arange(n, dtype=torch.long),
        object_ids_padded=torch.arange(n, dtype=torch.long).view(batch, 2),
    )
    return BatchedDatapoint(img_batch=images, find_text_batch=[PROMPT], find_inputs=[find],
                            find_targets=[target], find_metadatas=[None])


def to_device(torch, batch):
    """copy_data_to_device of the official trainer, for the fields the step reads."""
    from dataclasses import fields, is_dataclass

    def move(obj):
        if torch.is_tensor(obj):
            return obj.cuda(non_blocking=True)
        if is_dataclass(obj):
            for f in fields(obj):
                setattr(obj, f.name, move(getattr(obj, f.name)))
            return obj
        if isinstance(obj, list):
            return [move(x) for x in obj]
        return obj

    return move(batch)


def make_loss(masks):
    from sam3.train.loss.loss_fns import Boxes, IABCEMdetr, Masks
    from sam3.train.loss.sam3_loss import Sam3LossWrapper
    from sam3.train.matcher import BinaryHungarianMatcherV2, BinaryOneToManyMatcher

    fns = [
        Boxes(weight_dict={"loss_bbox": 5.0, "loss_giou": 2.0}),
        IABCEMdetr(weak_loss=False, weight_dict={"loss_ce": 20.0, "presence_loss": 20.0},
                   pos_weight=10.0, alpha=0.25, gamma=2, use_presence=True, pos_focal=False,
                   pad_n_queries=200, pad_scale_pos=1.0),
    ]
    if masks:
        fns.append(Masks(focal_alpha=0.25, focal_gamma=2.0,
                         weight_dict={"loss_mask": 200.0, "loss_dice": 10.0}, compute_aux=False))
    matcher = BinaryHungarianMatcherV2(focal=True, cost_class=2.0, cost_bbox=5.0, cost_giou=2.0,
                                       alpha=0.25, gamma=2, stable=False)
    return Sam3LossWrapper(loss_fns_find=fns, matcher=matcher,
                           o2m_matcher=BinaryOneToManyMatcher(alpha=0.3, threshold=0.4, topk=4),
                           o2m_weight=2.0, use_o2m_matcher_on_o2m_aux=False,
                           loss_fn_semantic_seg=None, scale_by_find_batch_size=True)


class _Cfg(dict):
    """What hydra.utils.instantiate gives construct_optimizer: item and attribute access."""
    __getattr__ = dict.get

    def __setattr__(self, k, v):
        self[k] = v


class _Constant:
    """fvcore ConstantParamScheduler (weight decay)."""

    def __init__(self, value):
        self.value = value

    def __call__(self, where):
        return self.value


def make_optimizer(torch, model, trainable):
    """construct_optimizer of sam3/train/optim/optimizer.py with the RF config's options."""
    from sam3.train.optim import optimizer as off
    from sam3.train.optim.schedulers import InverseSquareRootParamScheduler as ISR

    names = {n for n, p in model.named_parameters() if n in trainable}
    named = {n: p for n, p in model.named_parameters() if n in names}
    cls_map = off.get_module_cls_to_param_names(model, names)

    def isr(lr):
        return ISR(base_lr=lr, timescale=20, warmup_steps=20, cooldown_steps=20)

    def resolve(cfg):  # _unix_pattern_to_parameter_names without hydra.utils.get_class
        if "param_names" not in cfg and "module_cls_names" not in cfg:
            return None
        found = set()
        for pat in cfg.get("param_names") or []:
            found |= set(fnmatch.filter(names, pat))
        for cls in cfg.get("module_cls_names") or []:
            found |= cls_map.get(cls, set())
        return found

    options = {
        "lr": [_Cfg(scheduler=isr(8e-4 * 0.1)),
               _Cfg(scheduler=isr(2.5e-4 * 0.1), param_names=["backbone.vision_backbone.*"]),
               _Cfg(scheduler=isr(5e-5 * 0.1), param_names=["backbone.language_backbone.*"])],
        "weight_decay": [_Cfg(scheduler=_Constant(0.1)),
                         _Cfg(scheduler=_Constant(0.0), param_names=["*bias*"],
                              module_cls_names=[torch.nn.LayerNorm])],
    }
    all_cfgs = []
    for option, cfgs in options.items():
        for c in cfgs:
            c.option = option
            c.parameter_names = resolve(c)  # empty for the text lr with the text tower frozen
        off.set_default_parameters(cfgs, names)
        all_cfgs.append(cfgs)
    all_cfgs = off.layer_decay_param_modifier(
        scheduler_cfgs=all_cfgs, model=model, layer_decay_value=0.9,
        apply_to="backbone.vision_backbone.trunk", overrides=[{"pattern": "*pos_embed*",
                                                               "value": 1.0}])
    schedulers, groups = off.map_scheduler_cfgs_to_param_groups(all_cfgs, named)
    return off.Optimizer(torch.optim.AdamW(groups), schedulers)


def set_mode(torch, model, spec, originals, notes):
    for m, attr, value in originals:  # every flag back to the builder's value
        setattr(m, attr, value)
    if spec.get("activation_checkpointing") is False:
        off = []
        for m, attr, value in originals:
            if value and type(m).__name__ not in ACKPT_REQUIRED:
                setattr(m, attr, False)
                off.append(type(m).__name__)
        notes.append("checkpointing off in " + ", ".join(sorted(set(off))) + "; kept in the "
                     "fusion encoder and decoder, which assert it in training")
    frozen = tuple(spec.get("freeze", []))
    for n, p in model.named_parameters():
        p.requires_grad_(not n.startswith(frozen) if frozen else True)
    return {n for n, p in model.named_parameters() if p.requires_grad}


def run_batch(torch, model, loss_fn, trainable, dtype, batch, args, size):
    """warmup + iterations official steps at one batch size; raises OutOfMemoryError."""
    optim = make_optimizer(torch, model, trainable)
    scaler = torch.amp.GradScaler("cuda", enabled=True)
    steps = args.train_warmup + args.train_iterations
    total = 1000  # schedule position where = step / total, as in a 1000-step run (never 20,
    # the warmup, where InverseSquareRootParamScheduler would divide by zero)
    ms, peak, last_loss = [], 0, 0.0
    torch.cuda.synchronize()
    torch.cuda.reset_peak_memory_stats()
    t_last = time.perf_counter()
    cpu_batches = [make_batch(torch, size, batch, k, args.photos, not args.no_masks)
                   for k in range(steps)]
    for step in range(steps):
        data = cpu_batches[step]
        optim.zero_grad(set_to_none=True)
        data = to_device(torch, data)
        with torch.amp.autocast(device_type="cuda", enabled=True, dtype=dtype):
            find_stages = model(data)
            targets = [model.back_convert(x) for x in data.find_targets]
            losses = loss_fn(find_stages, targets)
        loss = losses.pop("core_loss")
        if not math.isfinite(loss.item()):
            raise FloatingPointError(f"official loss is {loss.item()} at step {step}")
        scaler.scale(loss).backward()
        optim.step_schedulers(step / total, step=step)
        scaler.unscale_(optim.optimizer)
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.1, norm_type=2)
        scaler.step(optim.optimizer)
        scaler.update()
        torch.cuda.synchronize()
        now = time.perf_counter()
        if step >= args.train_warmup:
            ms.append((now - t_last) * 1000.0)
        t_last = now
        peak = max(peak, torch.cuda.max_memory_allocated())
        torch.cuda.reset_peak_memory_stats()
        last_loss = float(loss)
    del optim, scaler
    ms.sort()
    med = ms[len(ms) // 2]
    return {"batch": batch, "fits": True, "median_ms": med, "min_ms": ms[0], "max_ms": ms[-1],
            "images_per_second": 1000.0 * batch / med, "peak_memory_gib": peak / 2**30,
            "last_loss": last_loss}


def run_mode(torch, model, name, args, size, loss_fn, originals, initial):
    spec, dtype_name = MODES[name]
    rep = {"mode": name, "settings": spec or {}, "notes": [], "batch_1": None,
           "largest_batch": None, "runs": []}
    if spec is None:
        rep.update(status="unavailable", reason="the official SAM3 code has no LoRA")
        return rep
    trainable = set_mode(torch, model, spec, originals, rep["notes"])
    rep["notes"].append(f"autocast {dtype_name}; {len(trainable)} trainable tensors")
    dtype = getattr(torch, dtype_name)
    batch, limited = 1, "max_batch"
    while True:
        with torch.no_grad():  # every batch size starts from the same weights
            model.load_state_dict(initial, strict=False)
        model.zero_grad(set_to_none=True)
        try:
            rep["runs"].append(run_batch(torch, model, loss_fn, trainable, dtype, batch, args,
                                         size))
        except torch.cuda.OutOfMemoryError as e:
            rep["runs"].append({"batch": batch, "fits": False, "error": str(e).split("\n")[0]})
            limited = "out_of_memory"
        model.zero_grad(set_to_none=True)
        gc.collect()
        torch.cuda.empty_cache()
        print(f"official train {name} batch {batch}: {rep['runs'][-1]}", flush=True)
        if limited == "out_of_memory" or batch * 2 > args.max_batch:
            break
        batch *= 2
    fits = [r for r in rep["runs"] if r["fits"]]
    rep["status"] = "measured" if fits else "failed"
    if fits:
        rep["batch_1"] = fits[0] if fits[0]["batch"] == 1 else None
        rep["largest_batch"] = dict(fits[-1], limited_by=limited)
    else:
        rep["reason"] = "batch 1 does not fit: " + rep["runs"][0]["error"]
    return rep


def train_bench(torch, model, cfg, args):
    import os

    import torch.distributed as dist
    from sam3.train.matcher import BinaryHungarianMatcherV2

    if not dist.is_initialized():  # Sam3LossWrapper all-reduces num_boxes ("global")
        dist.init_process_group("gloo", init_method=f"file:///tmp/sam3_bench_pg_{os.getpid()}",
                                rank=0, world_size=1)
    size = cfg["image_size"]
    # vl_combiner.forward_text runs the text tower inside sdpa_kernel([MATH, EFFICIENT, FLASH]);
    # the activation-checkpointing recompute in backward runs outside that context, where recent
    # torch picks cuDNN attention on Hopper, so the saved tensors differ (CheckpointError:
    # "Recomputed values ... different metadata", [1, 16, 32, 32] vs [1, 1, 32, 32]). With cuDNN
    # attention off both passes pick the same kernel; the official code never asks for cuDNN.
    cudnn_sdp = hasattr(torch.backends.cuda, "enable_cudnn_sdp")
    if cudnn_sdp:
        torch.backends.cuda.enable_cudnn_sdp(False)
    # model_builder._create_sam3_model with eval_mode=False
    model.matcher = BinaryHungarianMatcherV2(focal=True, cost_class=2.0, cost_bbox=5.0,
                                             cost_giou=2.0, alpha=0.25, gamma=2, stable=False)
    model.train()
    originals = [(m, a, getattr(m, a)) for m in model.modules() for a in ACKPT_ATTRS
                 if isinstance(getattr(m, a, None), bool)]
    if not any(v for _, _, v in originals):
        raise SystemExit("official_bench: no activation-checkpointing flag found on the model")
    initial = {k: v.detach().clone().cpu() for k, v in model.state_dict().items()}
    loss_fn = make_loss(not args.no_masks)
    modes = [run_mode(torch, model, m, args, size, loss_fn, originals, initial)
             for m in args.modes]
    return {
        "model": args.model, "image_size": size, "device": "cuda:0",
        "device_name": torch.cuda.get_device_name(0), "libtorch": torch.__version__,
        "warmup": args.train_warmup, "iterations": args.train_iterations,
        "max_batch": args.max_batch,
        "data": "bench photos (train_bench.h), one prompt 'fuse cutout' per photo, 2 boxes each",
        "step": "official _run_step + clip + scaler.step, device synchronised",
        "masks": not args.no_masks, "tf32": torch.backends.cuda.matmul.allow_tf32,
        "sdpa_cudnn": "disabled (see official_bench_train.train_bench)" if cudnn_sdp else "absent",
        "modes": modes,
    }


