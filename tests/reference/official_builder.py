"""Builds the OFFICIAL SAM3 image model (facebookresearch/sam3 classes) from a model YAML.

Mirrors sam3/model_builder.py::build_sam3_image_model(enable_segmentation=True,
enable_inst_interactivity=False) call for call; only sizes come from the YAML. Every official
constant that is not a size stays as the builder has it. Where the builder hard-codes a number
that is tied to a YAML size it is derived from that size (table in TAPS.md):

- sine position encodings: num_pos_feats = neck.d_model (builder: 256 = d_model);
- dot-product scorer d_proj = neck.d_model (builder: 256);
- segmentation head prompt cross-attention heads = encoder.num_heads (builder: 8, = encoder heads);
- decoder boxRPB coordinate cache: resolution = image_size, stride = vision.patch_size.

`check_against_official_builder` proves that, for `sam3`, this yields exactly the module tree,
hyper-parameters, state-dict keys/shapes and buffers of build_sam3_image_model.
"""

from ref_common import BPE_PATH


def _require(cond, msg):
    if not cond:
        raise SystemExit(f"config not supported by the official code: {msg}")


def _check_config(cfg):
    seg = cfg["segmentation"]
    _require(seg["group_norm_groups"] == 8, "PixelDecoder hard-codes GroupNorm(8, ...)")
    _require(cfg["text"]["projection_dim"] == 512, "TextTransformer output_dim is 512 (not passed)")
    _require(cfg["text"]["mlp_ratio"] == 4.0, "VETextEncoder does not pass mlp_ratio (4.0)")
    _require(cfg["vision"]["rope_theta"] == 10000.0, "ViT blocks do not pass rope_theta")
    _require(cfg["vision"]["layer_norm_eps"] == 1e-5, "ViT LayerNorm eps is fixed at 1e-5")
    g_last = cfg["vision"]["global_blocks"][-1]
    _require(g_last == cfg["vision"]["depth"] - 1, "the trunk output is the last global block")
    _require(cfg["image_size"] % cfg["vision"]["patch_size"] == 0, "image_size % patch_size")
    head_dim = cfg["vision"]["embed_dim"] // cfg["vision"]["num_heads"]
    _require(head_dim % 4 == 0, "2-D axial RoPE needs a ViT head dim divisible by 4")


def _mha(heads, dropout, d, batch_first=None):
    from sam3.model.model_misc import MultiheadAttentionWrapper as MultiheadAttention

    kw = dict(num_heads=heads, dropout=dropout, embed_dim=d)
    if batch_first is not None:
        kw["batch_first"] = batch_first
    return MultiheadAttention(**kw)


def _vision_backbone(cfg, on_cuda):
    from sam3.model.necks import Sam3DualViTDetNeck
    from sam3.model.position_encoding import PositionEmbeddingSine
    from sam3.model.vitdet import ViT

    v, S, d = cfg["vision"], cfg["image_size"], cfg["neck"]["d_model"]
    position_encoding = PositionEmbeddingSine(
        num_pos_feats=d,
        normalize=True,
        scale=None,
        temperature=10000,
        precompute_resolution=S if on_cuda else None,  # a cache only (it allocates on "cuda")
    )
    vit = ViT(
        img_size=S,
        pretrain_img_size=v["pretrain_image_size"],
        patch_size=v["patch_size"],
        embed_dim=v["embed_dim"],
        depth=v["depth"],
        num_heads=v["num_heads"],
        mlp_ratio=v["mlp_ratio"],
        norm_layer="LayerNorm",
        drop_path_rate=v["drop_path_rate"],
        qkv_bias=True,
        use_abs_pos=True,
        tile_abs_pos=True,
        global_att_blocks=tuple(v["global_blocks"]),
        rel_pos_blocks=(),
        use_rope=True,
        use_interp_rope=True,
        window_size=v["window_size"],
        pretrain_use_cls_token=True,
        retain_cls_token=False,
        ln_pre=True,
        ln_post=False,
        return_interm_layers=False,
        bias_patch_embed=False,
        compile_mode=None,
    )
    return Sam3DualViTDetNeck(
        position_encoding=position_encoding,
        d_model=d,
        scale_factors=list(cfg["neck"]["scale_factors"]),
        trunk=vit,
        add_sam2_neck=False,
    )


def _text_encoder(cfg):
    from sam3.model.text_encoder_ve import VETextEncoder
    from sam3.model.tokenizer_ve import SimpleTokenizer

    t = cfg["text"]
    return VETextEncoder(
        tokenizer=SimpleTokenizer(bpe_path=BPE_PATH),
        d_model=cfg["neck"]["d_model"],
        width=t["width"],
        heads=t["heads"],
        layers=t["layers"],
        context_length=t["context_length"],
        vocab_size=t["vocab_size"],
    )


def _transformer(cfg, on_cuda):
    from sam3.model.decoder import TransformerDecoder, TransformerDecoderLayer
    from sam3.model.encoder import TransformerEncoderFusion, TransformerEncoderLayer
    from sam3.model.model_misc import TransformerWrapper

    d, e, dc = cfg["neck"]["d_model"], cfg["encoder"], cfg["decoder"]
    encoder_layer = TransformerEncoderLayer(
        activation="relu",
        d_model=d,
        dim_feedforward=e["dim_feedforward"],
        dropout=e["dropout"],
        pos_enc_at_attn=True,
        pos_enc_at_cross_attn_keys=False,
        pos_enc_at_cross_attn_queries=False,
        pre_norm=True,
        self_attention=_mha(e["num_heads"], e["dropout"], d, batch_first=True),
        cross_attention=_mha(e["num_heads"], e["dropout"], d, batch_first=True),
    )
    encoder = TransformerEncoderFusion(
        layer=encoder_layer,
        num_layers=e["layers"],
        d_model=d,
        num_feature_levels=1,
        frozen=False,
        use_act_checkpoint=True,
        add_pooled_text_to_img_feat=False,
        pool_text_with_mask=True,
    )
    decoder_layer = TransformerDecoderLayer(
        activation="relu",
        d_model=d,
        dim_feedforward=dc["dim_feedforward"],
        dropout=dc["dropout"],
        cross_attention=_mha(dc["num_heads"], dc["dropout"], d),
        n_heads=dc["num_heads"],
        use_text_cross_attention=True,
    )
    decoder = TransformerDecoder(
        layer=decoder_layer,
        num_layers=dc["layers"],
        num_queries=dc["num_queries"],
        return_intermediate=True,
        box_refine=True,
        num_o2m_queries=0,
        dac=True,
        boxRPB=dc["box_rpb"],
        d_model=d,
        frozen=False,
        interaction_layer=None,
        dac_use_selfatt_ln=True,
        # a coordinate cache allocated on "cuda"; computed lazily with the same values otherwise
        resolution=cfg["image_size"] if on_cuda else None,
        stride=cfg["vision"]["patch_size"] if on_cuda else None,
        use_act_checkpoint=True,
        presence_token=True,
    )
    return TransformerWrapper(encoder=encoder, decoder=decoder, d_model=d)


def _heads(cfg):
    import torch.nn as nn
    from sam3.model.maskformer_segmentation import PixelDecoder, UniversalSegmentationHead
    from sam3.model.model_misc import DotProductScoring, MLP

    d, sc, seg = cfg["neck"]["d_model"], cfg["scoring"], cfg["segmentation"]
    prompt_mlp = MLP(
        input_dim=d,
        hidden_dim=sc["hidden_dim"],
        output_dim=d,
        num_layers=2,
        dropout=sc.get("dropout", 0.1),
        residual=True,
        out_norm=nn.LayerNorm(d),
    )
    scoring = DotProductScoring(
        d_model=d, d_proj=d, prompt_mlp=prompt_mlp, clamp_max_val=float(sc["clamp_logits"])
    )
    pixel_decoder = PixelDecoder(
        num_upsampling_stages=seg["pixel_decoder_stages"],
        interpolation_mode="nearest",
        hidden_dim=d,
        compile_mode=None,
    )
    segmentation_head = UniversalSegmentationHead(
        hidden_dim=d,
        upsampling_stages=seg["pixel_decoder_stages"],
        aux_masks=False,
        presence_head=False,
        dot_product_scorer=None,
        act_ckpt=True,
        cross_attend_prompt=_mha(cfg["encoder"]["num_heads"], 0, d),
        pixel_decoder=pixel_decoder,
    )
    return scoring, segmentation_head


def _geometry_encoder(cfg):
    from sam3.model.encoder import TransformerEncoderLayer
    from sam3.model.geometry_encoders import SequenceGeometryEncoder
    from sam3.model.position_encoding import PositionEmbeddingSine

    d, g = cfg["neck"]["d_model"], cfg["geometry"]
    geo_layer = TransformerEncoderLayer(
        activation="relu",
        d_model=d,
        dim_feedforward=g["dim_feedforward"],
        dropout=g["dropout"],
        pos_enc_at_attn=False,
        pre_norm=True,
        self_attention=_mha(g["num_heads"], g["dropout"], d, batch_first=False),
        pos_enc_at_cross_attn_queries=False,
        pos_enc_at_cross_attn_keys=True,
        cross_attention=_mha(g["num_heads"], g["dropout"], d, batch_first=False),
    )
    return SequenceGeometryEncoder(
        pos_enc=PositionEmbeddingSine(
            num_pos_feats=d, normalize=True, scale=None, temperature=10000
        ),
        encode_boxes_as_points=False,
        points_direct_project=True,
        points_pool=True,
        points_pos_enc=True,
        boxes_direct_project=True,
        boxes_pool=True,
        boxes_pos_enc=True,
        d_model=d,
        num_layers=g["layers"],
        layer=geo_layer,
        roi_size=g["roi_size"],
        use_act_ckpt=True,
        add_cls=True,
        add_post_encode_proj=True,
    )


def build_image_model(cfg, device):
    """The official Sam3Image with the YAML's sizes, in eval mode on `device` (weights random)."""
    from sam3.model.sam3_image import Sam3Image
    from sam3.model.vl_combiner import SAM3VLBackbone

    _check_config(cfg)
    on_cuda = str(device).startswith("cuda")
    backbone = SAM3VLBackbone(
        visual=_vision_backbone(cfg, on_cuda), text=_text_encoder(cfg), scalp=cfg["neck"]["scalp"]
    )
    transformer = _transformer(cfg, on_cuda)
    scoring, segmentation_head = _heads(cfg)
    model = Sam3Image(
        backbone=backbone,
        transformer=transformer,
        input_geometry_encoder=_geometry_encoder(cfg),
        segmentation_head=segmentation_head,
        num_feature_levels=1,
        o2m_mask_predict=True,
        dot_prod_scoring=scoring,
        use_instance_query=False,
        multimask_output=True,
        inst_interactive_predictor=None,
        matcher=None,
    )
    return model.to(device).eval()


def structure_signature(torch, model):
    """Module tree with scalar hyper-parameters, state-dict keys/shapes/dtypes."""
    sig = []
    for name, m in model.named_modules():
        attrs = []
        for k, v in sorted(vars(m).items()):
            if k.startswith("_") or k == "training":
                continue
            ok = isinstance(v, (bool, int, float, str)) or (
                isinstance(v, (tuple, list))
                and all(isinstance(x, (bool, int, float, str)) for x in v)
            )
            if ok:
                attrs.append((k, repr(v)))
        sig.append(("module", name, type(m).__name__, tuple(attrs)))
    for k, v in model.state_dict().items():
        sig.append(("tensor", k, tuple(v.shape), str(v.dtype)))
    return sig


def check_against_official_builder(torch, model):
    """Compares `model` (built from sam3.yaml) with build_sam3_image_model; returns a report."""
    from sam3.model_builder import build_sam3_image_model

    official = build_sam3_image_model(
        bpe_path=BPE_PATH,
        device="cuda",
        eval_mode=True,
        checkpoint_path=None,
        load_from_HF=False,
        enable_segmentation=True,
        enable_inst_interactivity=False,
    )
    a, b = structure_signature(torch, model), structure_signature(torch, official)
    diffs = [f"{x} != {y}" for x, y in zip(a, b) if x != y]
    if len(a) != len(b):
        diffs.append(f"signature lengths {len(a)} != {len(b)}")
    ours_params = {k: v for k, v in model.named_parameters()}
    buffers_equal = True
    for k, v in official.state_dict().items():
        if k not in ours_params:
            other = model.state_dict().get(k)
            if other is None or not torch.equal(other.to(v.device), v):
                buffers_equal = False
                diffs.append(f"buffer {k} differs")
    report = {
        "identical_structure": not diffs,
        "differences": diffs[:20],
        "buffers_equal": buffers_equal,
        "official_param_count": sum(p.numel() for p in official.parameters()),
        "official_state_dict_entries": len(official.state_dict()),
    }
    del official
    torch.cuda.empty_cache()
    return report
