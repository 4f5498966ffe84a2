#pragma once
// Checkpoint key mapping. Our parameter names are the official image model's state-dict keys
// (facebookresearch/sam3 `Sam3Image`, e.g.
// backbone.vision_backbone.trunk.blocks.0.attn.qkv.weight). Each foreign layout has ONE rename
// table: official_key_table.cpp (sam3.pt, `detector.*`) and hf_key_table.cpp (HF model.safetensors,
// `detector_model.*`, from transformers' convert_sam3_to_hf.py, inverted). Mapping is planned on
// keys and shapes first, so the tables can be checked against the published key lists without any
// weights, then applied to tensors.
#include <cstdint>
#include <string>
#include <vector>

#include "core/weights/named_tensors.h"

namespace sam3::weights {

enum class MapOp {
  Copy,            // same tensor under the target key
  FuseQkv,         // cat(q, k, v) along dim 0: HF's split projections -> fused qkv / in_proj
  Transpose,       // 2-D transpose: HF text_projection (512, 1024) -> official (1024, 512)
  PrependZeroRow,  // (1, N, C) -> (1, N+1, C): HF drops the unused cls row of the ViT pos_embed
  SelectRow,       // row `index` of a 2-D source, kept 2-D (1, C): HF stacks the SAM prompt
                   // encoder's point embeddings into one (4, C) table
};

struct PlannedTensor {
  std::string target;                // our key
  std::vector<std::string> sources;  // one key, or the q, k, v keys of FuseQkv
  MapOp op = MapOp::Copy;
  Shape shape;             // the target's shape, computed from the sources' shapes
  std::int64_t index = 0;  // SelectRow only
};

struct MappingPlan {
  std::vector<PlannedTensor> tensors;      // sorted by target key
  std::vector<std::string> ignored;        // known-unused source keys (tracker, SAM2 neck, RoPE)
  std::vector<std::string> unmapped;       // unknown source keys, passed through unchanged so a
                                           // strict load reports them as unexpected
  std::vector<std::string> not_in_source;  // our keys this layout never carries (allowed missing)
  std::vector<std::string> notes;          // what was filled in or could not be fused, for logs
};

// sam3.pt: keys `detector.<ours>` (or bare `<ours>` when no key has the prefix). Ignores
// `tracker.*`, `detector.backbone.vision_backbone.sam2_convs.*` and the complex `*.freqs_cis`
// RoPE tables, which are recomputed.
MappingPlan plan_official_mapping(const std::vector<KeyShape>& source);

// HF Sam3Model / Sam3VideoModel safetensors (with or without the `detector_model.` prefix).
// Ignores `tracker_model.*`, `tracker_neck.*` and `*.rotary_emb.*`. Fuses q/k/v, transposes the
// CLIP text projection, re-inserts a zero cls row into pos_embed (the official forward drops that
// row: retain_cls_token=False), and lists the point-prompt projections of the geometry encoder,
// which HF does not have, in not_in_source.
MappingPlan plan_hf_mapping(const std::vector<KeyShape>& source);

// Builds the target tensors of `plan` from `source` (the tensors the plan was made from).
// Unmapped source tensors are passed through under their own keys.
NamedTensors apply_mapping(const MappingPlan& plan, const NamedTensors& source);

std::vector<KeyShape> key_shapes(const NamedTensors& tensors);

}  // namespace sam3::weights
