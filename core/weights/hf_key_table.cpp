// HF Sam3Model key -> our (official image model) key. Derived by inverting
// ORIGINAL_TO_CONVERTED_KEY_MAPPING and split_qkv of transformers'
// src/transformers/models/sam3/convert_sam3_to_hf.py (commit 0d7e95d) and checked against the
// probed key lists (sam3-spec.md §C.2; tests/core/weights/key_mapping_test.cpp). First match wins.
#include "core/weights/hf_key_table.h"

namespace sam3::weights::hf {
namespace {

using K = RuleKind;
#define VIT "backbone.vision_backbone.trunk."
#define NECK "backbone.vision_backbone.convs."
#define TEXT "backbone.language_backbone.encoder."
#define DEC "transformer.decoder."

constexpr Rule kRules[] = {
    // Vision encoder: ViT trunk
    {"vision_encoder.backbone.embeddings.position_embeddings", VIT "pos_embed", K::PosEmbed},
    {"vision_encoder.backbone.embeddings.patch_embeddings.projection.", VIT "patch_embed.proj.",
     K::Prefix},
    {"vision_encoder.backbone.layer_norm.", VIT "ln_pre.", K::Prefix},
    {"vision_encoder.backbone.layers.{n}.layer_norm1.", VIT "blocks.{n}.norm1.", K::Prefix},
    {"vision_encoder.backbone.layers.{n}.layer_norm2.", VIT "blocks.{n}.norm2.", K::Prefix},
    {"vision_encoder.backbone.layers.{n}.attention.", VIT "blocks.{n}.attn.", K::VitAttention},
    {"vision_encoder.backbone.layers.{n}.mlp.", VIT "blocks.{n}.mlp.", K::Prefix},
    // Vision encoder: SimpleFPN neck (scale_layers.1 is the parameter-free GELU)
    {"vision_encoder.neck.fpn_layers.{n}.scale_layers.0.", NECK "{n}.", K::FirstDeconv},
    {"vision_encoder.neck.fpn_layers.{n}.scale_layers.2.", NECK "{n}.dconv_2x2_1.", K::Prefix},
    {"vision_encoder.neck.fpn_layers.{n}.proj1.", NECK "{n}.conv_1x1.", K::Prefix},
    {"vision_encoder.neck.fpn_layers.{n}.proj2.", NECK "{n}.conv_3x3.", K::Prefix},
    // Text encoder (CLIP) and resizer
    {"text_encoder.text_model.embeddings.token_embedding.", TEXT "token_embedding.", K::Prefix},
    {"text_encoder.text_model.embeddings.position_embedding.weight", TEXT "positional_embedding",
     K::Exact},
    {"text_encoder.text_model.final_layer_norm.", TEXT "ln_final.", K::Prefix},
    {"text_encoder.text_projection.weight", TEXT "text_projection", K::TextProjection},
    {"text_encoder.text_model.encoder.layers.{n}.self_attn.",
     TEXT "transformer.resblocks.{n}.attn.", K::Attention},
    {"text_encoder.text_model.encoder.layers.{n}.layer_norm1.",
     TEXT "transformer.resblocks.{n}.ln_1.", K::Prefix},
    {"text_encoder.text_model.encoder.layers.{n}.layer_norm2.",
     TEXT "transformer.resblocks.{n}.ln_2.", K::Prefix},
    {"text_encoder.text_model.encoder.layers.{n}.mlp.fc1.",
     TEXT "transformer.resblocks.{n}.mlp.c_fc.", K::Prefix},
    {"text_encoder.text_model.encoder.layers.{n}.mlp.fc2.",
     TEXT "transformer.resblocks.{n}.mlp.c_proj.", K::Prefix},
    {"text_projection.", "backbone.language_backbone.resizer.", K::Prefix},
    // Geometry encoder
    {"geometry_encoder.layers.{n}.self_attn.", "geometry_encoder.encode.{n}.self_attn.",
     K::Attention},
    {"geometry_encoder.layers.{n}.cross_attn.", "geometry_encoder.encode.{n}.cross_attn_image.",
     K::Attention},
    {"geometry_encoder.layers.{n}.mlp.fc1.", "geometry_encoder.encode.{n}.linear1.", K::Prefix},
    {"geometry_encoder.layers.{n}.mlp.fc2.", "geometry_encoder.encode.{n}.linear2.", K::Prefix},
    {"geometry_encoder.layers.{n}.layer_norm1.", "geometry_encoder.encode.{n}.norm1.", K::Prefix},
    {"geometry_encoder.layers.{n}.layer_norm2.", "geometry_encoder.encode.{n}.norm2.", K::Prefix},
    {"geometry_encoder.layers.{n}.layer_norm3.", "geometry_encoder.encode.{n}.norm3.", K::Prefix},
    {"geometry_encoder.vision_layer_norm.", "geometry_encoder.img_pre_norm.", K::Prefix},
    {"geometry_encoder.prompt_layer_norm.", "geometry_encoder.norm.", K::Prefix},
    {"geometry_encoder.output_layer_norm.", "geometry_encoder.encode_norm.", K::Prefix},
    {"geometry_encoder.label_embed.", "geometry_encoder.label_embed.", K::Prefix},
    {"geometry_encoder.cls_embed.", "geometry_encoder.cls_embed.", K::Prefix},
    {"geometry_encoder.boxes_direct_project.", "geometry_encoder.boxes_direct_project.", K::Prefix},
    {"geometry_encoder.boxes_pool_project.", "geometry_encoder.boxes_pool_project.", K::Prefix},
    {"geometry_encoder.boxes_pos_enc_project.", "geometry_encoder.boxes_pos_enc_project.",
     K::Prefix},
    {"geometry_encoder.final_proj.", "geometry_encoder.final_proj.", K::Prefix},
    // Fusion (DETR) encoder
    {"detr_encoder.layers.{n}.self_attn.", "transformer.encoder.layers.{n}.self_attn.",
     K::Attention},
    {"detr_encoder.layers.{n}.cross_attn.", "transformer.encoder.layers.{n}.cross_attn_image.",
     K::Attention},
    {"detr_encoder.layers.{n}.mlp.fc1.", "transformer.encoder.layers.{n}.linear1.", K::Prefix},
    {"detr_encoder.layers.{n}.mlp.fc2.", "transformer.encoder.layers.{n}.linear2.", K::Prefix},
    {"detr_encoder.layers.{n}.layer_norm1.", "transformer.encoder.layers.{n}.norm1.", K::Prefix},
    {"detr_encoder.layers.{n}.layer_norm2.", "transformer.encoder.layers.{n}.norm2.", K::Prefix},
    {"detr_encoder.layers.{n}.layer_norm3.", "transformer.encoder.layers.{n}.norm3.", K::Prefix},
    // DETR decoder layers
    {"detr_decoder.layers.{n}.self_attn.", DEC "layers.{n}.self_attn.", K::Attention},
    {"detr_decoder.layers.{n}.self_attn_layer_norm.", DEC "layers.{n}.norm2.", K::Prefix},
    {"detr_decoder.layers.{n}.text_cross_attn.", DEC "layers.{n}.ca_text.", K::Attention},
    {"detr_decoder.layers.{n}.text_cross_attn_layer_norm.", DEC "layers.{n}.catext_norm.",
     K::Prefix},
    {"detr_decoder.layers.{n}.vision_cross_attn.", DEC "layers.{n}.cross_attn.", K::Attention},
    {"detr_decoder.layers.{n}.vision_cross_attn_layer_norm.", DEC "layers.{n}.norm1.", K::Prefix},
    {"detr_decoder.layers.{n}.mlp.fc1.", DEC "layers.{n}.linear1.", K::Prefix},
    {"detr_decoder.layers.{n}.mlp.fc2.", DEC "layers.{n}.linear2.", K::Prefix},
    {"detr_decoder.layers.{n}.mlp_layer_norm.", DEC "layers.{n}.norm3.", K::Prefix},
    // DETR decoder heads and embeddings (HF layerK = official layers.K-1)
    {"detr_decoder.output_layer_norm.", DEC "norm.", K::Prefix},
    {"detr_decoder.query_embed.", DEC "query_embed.", K::Prefix},
    {"detr_decoder.reference_points.", DEC "reference_points.", K::Prefix},
    {"detr_decoder.presence_token.", DEC "presence_token.", K::Prefix},
    {"detr_decoder.presence_layer_norm.", DEC "presence_token_out_norm.", K::Prefix},
    {"detr_decoder.presence_head.layer1.", DEC "presence_token_head.layers.0.", K::Prefix},
    {"detr_decoder.presence_head.layer2.", DEC "presence_token_head.layers.1.", K::Prefix},
    {"detr_decoder.presence_head.layer3.", DEC "presence_token_head.layers.2.", K::Prefix},
    {"detr_decoder.box_head.layer1.", DEC "bbox_embed.layers.0.", K::Prefix},
    {"detr_decoder.box_head.layer2.", DEC "bbox_embed.layers.1.", K::Prefix},
    {"detr_decoder.box_head.layer3.", DEC "bbox_embed.layers.2.", K::Prefix},
    {"detr_decoder.ref_point_head.layer1.", DEC "ref_point_head.layers.0.", K::Prefix},
    {"detr_decoder.ref_point_head.layer2.", DEC "ref_point_head.layers.1.", K::Prefix},
    {"detr_decoder.box_rpb_embed_x.layer1.", DEC "boxRPB_embed_x.layers.0.", K::Prefix},
    {"detr_decoder.box_rpb_embed_x.layer2.", DEC "boxRPB_embed_x.layers.1.", K::Prefix},
    {"detr_decoder.box_rpb_embed_y.layer1.", DEC "boxRPB_embed_y.layers.0.", K::Prefix},
    {"detr_decoder.box_rpb_embed_y.layer2.", DEC "boxRPB_embed_y.layers.1.", K::Prefix},
    // Dot-product scoring
    {"dot_product_scoring.text_mlp.layer1.", "dot_prod_scoring.prompt_mlp.layers.0.", K::Prefix},
    {"dot_product_scoring.text_mlp.layer2.", "dot_prod_scoring.prompt_mlp.layers.1.", K::Prefix},
    {"dot_product_scoring.text_mlp_out_norm.", "dot_prod_scoring.prompt_mlp.out_norm.", K::Prefix},
    {"dot_product_scoring.text_proj.", "dot_prod_scoring.prompt_proj.", K::Prefix},
    {"dot_product_scoring.query_proj.", "dot_prod_scoring.hs_proj.", K::Prefix},
    // Segmentation head
    {"mask_decoder.pixel_decoder.", "segmentation_head.pixel_decoder.", K::Prefix},
    {"mask_decoder.mask_embedder.layers.{n}.",
     "segmentation_head.mask_predictor.mask_embed.layers.{n}.", K::Prefix},
    {"mask_decoder.instance_projection.", "segmentation_head.instance_seg_head.", K::Prefix},
    {"mask_decoder.semantic_projection.", "segmentation_head.semantic_seg_head.", K::Prefix},
    {"mask_decoder.prompt_cross_attn.", "segmentation_head.cross_attend_prompt.", K::Attention},
    {"mask_decoder.prompt_cross_attn_norm.", "segmentation_head.cross_attn_norm.", K::Prefix},
};

#undef VIT
#undef NECK
#undef TEXT
#undef DEC

constexpr const char* kIgnored[] = {"tracker_model.", "tracker_neck."};
constexpr const char* kRecomputed[] = {".rotary_emb."};
constexpr const char* kAbsent[] = {
    "geometry_encoder.points_direct_project.weight",
    "geometry_encoder.points_direct_project.bias",
    "geometry_encoder.points_pool_project.weight",
    "geometry_encoder.points_pool_project.bias",
    "geometry_encoder.points_pos_enc_project.weight",
    "geometry_encoder.points_pos_enc_project.bias",
};

}  // namespace

std::span<const Rule> rules() {
  return kRules;
}
std::span<const char* const> ignored_prefixes() {
  return kIgnored;
}
std::span<const char* const> recomputed_parts() {
  return kRecomputed;
}
std::span<const char* const> absent_keys() {
  return kAbsent;
}

}  // namespace sam3::weights::hf
