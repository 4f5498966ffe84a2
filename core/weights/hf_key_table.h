#pragma once
// Internal: the rule table of HF -> our keys (hf_key_table.cpp) and how a rule is applied
// (hf_mapping.cpp). `{n}` in a pattern matches a layer index (one or more digits) and is
// substituted into the target pattern.
#include <span>

namespace sam3::weights::hf {

enum class RuleKind {
  Prefix,         // rename the matched prefix, keep the rest of the key
  Exact,          // the pattern is the whole key
  Attention,      // nn.MultiheadAttention: {q,k,v}_proj.{weight,bias} -> in_proj_{weight,bias}
                  // (fused); o_proj./out_proj. -> out_proj.
  VitAttention,   // ViT: {q,k,v}_proj.{weight,bias} -> qkv.{weight,bias} (fused); o_proj. -> proj.
  FirstDeconv,    // neck scale_layers.0: dconv_2x2_0 when the level also has scale_layers.2
                  // (4x upsampling), else dconv_2x2 (2x)
  PosEmbed,       // Exact, and a zero cls row is prepended
  TextProjection  // Exact, and transposed
};

struct Rule {
  const char* hf;
  const char* ours;
  RuleKind kind;
};

std::span<const Rule> rules();

// Source prefixes that hold no image-model weight.
std::span<const char* const> ignored_prefixes();
// Substrings of recomputed buffers (RoPE tables).
std::span<const char* const> recomputed_parts();
// Our keys that HF's Sam3Model does not have (no point prompts in HF).
std::span<const char* const> absent_keys();

inline constexpr const char* kPrefix = "detector_model.";

}  // namespace sam3::weights::hf
