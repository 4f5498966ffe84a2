// Key tables of the interactive model; see interactive_mapping.h. HF names from the probed
// Sam3VideoModel key list (../shared/reference/sam3-keys/hf_sam3videomodel.keys.tsv) and
// transformers' SAM2-style tracker modules; checked by tests/core/interactive/.
#include "core/weights/interactive_mapping.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "core/weights/safetensors.h"
#include "core/weights/torch_checkpoint.h"

namespace sam3::weights {
namespace {

bool starts_with(const std::string& s, const std::string& p) {
  return s.rfind(p, 0) == 0;
}
bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

constexpr const char* kTrunk = "backbone.vision_backbone.trunk.";
constexpr const char* kSam2Neck = "backbone.vision_backbone.sam2_convs.";
// Image-model or tracker parts the interactive model does not use.
constexpr const char* kKnownUnused[] = {"backbone.",         "transformer.",
                                        "geometry_encoder.", "segmentation_head.",
                                        "dot_prod_scoring.", "tracker."};

void sort_plan(MappingPlan& plan) {
  std::sort(plan.tensors.begin(), plan.tensors.end(),
            [](const auto& a, const auto& b) { return a.target < b.target; });
}

// One HF tracker rule: a whole-key regex and the replacement (std::regex_replace format).
struct TrackerRule {
  const char* hf;
  const char* ours;
};

#define PE "tracker_model\\.prompt_encoder\\."
#define MD "tracker_model\\.mask_decoder\\."
#define TF MD "transformer\\."
#define WB "(weight|bias)"
const TrackerRule kTrackerRules[] = {
    {PE "shared_embedding\\.positional_embedding",
     "tracker.sam_prompt_encoder.pe_layer.positional_encoding_gaussian_matrix"},
    {PE "mask_embed\\.conv1\\." WB, "tracker.sam_prompt_encoder.mask_downscaling.0.$1"},
    {PE "mask_embed\\.layer_norm1\\." WB, "tracker.sam_prompt_encoder.mask_downscaling.1.$1"},
    {PE "mask_embed\\.conv2\\." WB, "tracker.sam_prompt_encoder.mask_downscaling.3.$1"},
    {PE "mask_embed\\.layer_norm2\\." WB, "tracker.sam_prompt_encoder.mask_downscaling.4.$1"},
    {PE "mask_embed\\.conv3\\." WB, "tracker.sam_prompt_encoder.mask_downscaling.6.$1"},
    {PE "(no_mask_embed|not_a_point_embed)\\.weight", "tracker.sam_prompt_encoder.$1.weight"},
    {TF "(layers\\.\\d+\\.(?:self_attn|cross_attn_token_to_image|cross_attn_image_to_token)|"
        "final_attn_token_to_image)\\.([qkv])_proj\\." WB,
     "tracker.sam_mask_decoder.transformer.$1.$2_proj.$3"},
    {TF "(layers\\.\\d+\\.(?:self_attn|cross_attn_token_to_image|cross_attn_image_to_token)|"
        "final_attn_token_to_image)\\.o_proj\\." WB,
     "tracker.sam_mask_decoder.transformer.$1.out_proj.$2"},
    {TF "layers\\.(\\d+)\\.layer_norm([1-4])\\." WB,
     "tracker.sam_mask_decoder.transformer.layers.$1.norm$2.$3"},
    {TF "layers\\.(\\d+)\\.mlp\\.proj_in\\." WB,
     "tracker.sam_mask_decoder.transformer.layers.$1.mlp.lin1.$2"},
    {TF "layers\\.(\\d+)\\.mlp\\.proj_out\\." WB,
     "tracker.sam_mask_decoder.transformer.layers.$1.mlp.lin2.$2"},
    {TF "layer_norm_final_attn\\." WB, "tracker.sam_mask_decoder.transformer.norm_final_attn.$1"},
    {MD "upscale_conv1\\." WB, "tracker.sam_mask_decoder.output_upscaling.0.$1"},
    {MD "upscale_layer_norm\\." WB, "tracker.sam_mask_decoder.output_upscaling.1.$1"},
    {MD "upscale_conv2\\." WB, "tracker.sam_mask_decoder.output_upscaling.3.$1"},
    {MD "(iou_token|mask_tokens|obj_score_token)\\.weight", "tracker.sam_mask_decoder.$1.weight"},
    {MD "(conv_s0|conv_s1)\\." WB, "tracker.sam_mask_decoder.$1.$2"},
    {"tracker_model\\.no_memory_embedding", "tracker.no_mem_embed"},
};
#undef PE
#undef TF
#undef WB

// HF Sam2FeedForward (proj_in, layers.0 .. layers.{n-3}, proj_out) -> official MLP layers.0..n-1.
const std::regex kFeedForward(MD
                              "(output_hypernetworks_mlps\\.\\d+|iou_prediction_head|pred_obj_"
                              "score_head)\\.(proj_in|proj_out|layers\\.(\\d+))\\.(weight|bias)");
#undef MD

// Number of hidden `layers.N` of each HF feed-forward head in the source.
std::map<std::string, int> hidden_layer_counts(const std::vector<KeyShape>& source) {
  std::map<std::string, std::set<std::string>> seen;
  std::smatch m;
  for (const auto& ks : source)
    if (std::regex_match(ks.key, m, kFeedForward) && m[3].matched) seen[m[1]].insert(m[3]);
  std::map<std::string, int> out;
  for (const auto& [head, layers] : seen) out[head] = static_cast<int>(layers.size());
  return out;
}

// Maps one `tracker_model.` key into `plan`; false when no rule matches.
bool plan_tracker_key(const KeyShape& ks, const std::map<std::string, int>& hidden,
                      MappingPlan& plan) {
  std::smatch m;
  if (std::regex_match(ks.key, m, kFeedForward)) {
    const std::string head = m[1], part = m[2];
    int index = 0;
    if (m[3].matched) {
      index = std::stoi(m[3]) + 1;
    } else if (part == "proj_out") {
      const auto it = hidden.find(head);
      index = 1 + (it == hidden.end() ? 0 : it->second);
    }
    plan.tensors.push_back({"tracker.sam_mask_decoder." + head + ".layers." +
                                std::to_string(index) + "." + std::string(m[4]),
                            {ks.key},
                            MapOp::Copy,
                            ks.shape});
    return true;
  }
  if (ks.key == "tracker_model.prompt_encoder.point_embed.weight") {
    if (ks.shape.size() != 2) return false;
    for (std::int64_t i = 0; i < ks.shape[0]; ++i)
      plan.tensors.push_back(
          {"tracker.sam_prompt_encoder.point_embeddings." + std::to_string(i) + ".weight",
           {ks.key},
           MapOp::SelectRow,
           {1, ks.shape[1]},
           i});
    return true;
  }
  static const std::vector<std::pair<std::regex, std::string>> compiled = [] {
    std::vector<std::pair<std::regex, std::string>> out;
    for (const auto& rule : kTrackerRules) out.emplace_back(std::regex(rule.hf), rule.ours);
    return out;
  }();
  for (const auto& [re, ours] : compiled) {
    if (!std::regex_match(ks.key, re)) continue;
    plan.tensors.push_back({std::regex_replace(ks.key, re, ours), {ks.key}, MapOp::Copy, ks.shape});
    return true;
  }
  return false;
}

// Runs the image model's HF table on `keys` (renamed by `rename`) and keeps the targets whose
// key starts with `keep`, rewritten by `retarget`; sources go back to their original names.
template <typename Rename, typename Retarget>
void plan_with_image_table(const std::vector<KeyShape>& keys, Rename rename, Retarget retarget,
                           MappingPlan& plan) {
  std::vector<KeyShape> renamed;
  std::map<std::string, std::string> original;
  for (const auto& ks : keys) {
    renamed.push_back({rename(ks.key), ks.shape});
    original[renamed.back().key] = ks.key;
  }
  const MappingPlan sub = plan_hf_mapping(renamed);
  for (auto t : sub.tensors) {
    t.target = retarget(t.target);
    for (auto& s : t.sources) s = original.at(s);
    plan.tensors.push_back(std::move(t));
  }
  for (const auto& k : sub.unmapped) plan.unmapped.push_back(original.count(k) ? original[k] : k);
  for (const auto& k : sub.ignored) plan.ignored.push_back(original.count(k) ? original[k] : k);
  plan.notes.insert(plan.notes.end(), sub.notes.begin(), sub.notes.end());
}

}  // namespace

bool is_interactive_key(const std::string& k) {
  return starts_with(k, kTrunk) || starts_with(k, kSam2Neck) ||
         starts_with(k, "tracker.sam_prompt_encoder.") ||
         starts_with(k, "tracker.sam_mask_decoder.") || k == "tracker.no_mem_embed";
}

MappingPlan plan_official_interactive_mapping(const std::vector<KeyShape>& source) {
  const bool prefixed = std::any_of(source.begin(), source.end(), [](const KeyShape& k) {
    return starts_with(k.key, "detector.");
  });
  MappingPlan plan;
  for (const auto& ks : source) {
    std::string key = ks.key;
    if (prefixed && starts_with(key, "detector.")) {
      key = key.substr(std::char_traits<char>::length("detector."));
    } else if (prefixed && !starts_with(key, "tracker.")) {
      plan.unmapped.push_back(ks.key);
      continue;
    }
    if (ends_with(key, ".freqs_cis")) {
      plan.ignored.push_back(ks.key);
    } else if (is_interactive_key(key)) {
      plan.tensors.push_back({key, {ks.key}, MapOp::Copy, ks.shape});
    } else if (std::any_of(std::begin(kKnownUnused), std::end(kKnownUnused),
                           [&](const char* p) { return starts_with(key, p); })) {
      plan.ignored.push_back(ks.key);
    } else {
      plan.unmapped.push_back(ks.key);
    }
  }
  sort_plan(plan);
  return plan;
}

MappingPlan plan_hf_interactive_mapping(const std::vector<KeyShape>& source) {
  const std::string vit = "detector_model.vision_encoder.backbone.";
  const std::string neck = "tracker_neck.";
  std::vector<KeyShape> vit_keys, neck_keys;
  MappingPlan plan;
  const auto hidden = hidden_layer_counts(source);
  for (const auto& ks : source) {
    if (starts_with(ks.key, vit)) {
      vit_keys.push_back(ks);
    } else if (starts_with(ks.key, neck)) {
      neck_keys.push_back(ks);
    } else if (starts_with(ks.key, "tracker_model.prompt_encoder.") ||
               starts_with(ks.key, "tracker_model.mask_decoder.") ||
               ks.key == "tracker_model.no_memory_embedding") {
      if (!plan_tracker_key(ks, hidden, plan)) plan.unmapped.push_back(ks.key);
    } else if (starts_with(ks.key, "detector_model.") || starts_with(ks.key, "tracker_model.")) {
      plan.ignored.push_back(ks.key);
    } else {
      plan.unmapped.push_back(ks.key);
    }
  }
  const auto same = [](const std::string& k) { return k; };
  plan_with_image_table(vit_keys, same, same, plan);
  plan_with_image_table(
      neck_keys,
      [&](const std::string& k) {
        return "detector_model.vision_encoder.neck." + k.substr(neck.size());
      },
      [](const std::string& t) {
        const std::string from = "backbone.vision_backbone.convs.";
        return starts_with(t, from) ? std::string(kSam2Neck) + t.substr(from.size()) : t;
      },
      plan);
  sort_plan(plan);
  return plan;
}

LoadedWeights read_interactive_weights(const std::filesystem::path& file) {
  LoadedWeights out;
  out.format = detect_format(file);
  NamedTensors raw;
  if (out.format == WeightsFormat::OfficialPt) {
    raw = read_torch_checkpoint(file);
  } else {
    SafetensorsFile st = read_safetensors(file);
    raw = std::move(st.tensors);
    out.metadata = std::move(st.metadata);
  }
  out.plan = out.format == WeightsFormat::HfSafetensors
                 ? plan_hf_interactive_mapping(key_shapes(raw))
                 : plan_official_interactive_mapping(key_shapes(raw));
  out.tensors = apply_mapping(out.plan, raw);
  return out;
}

LoadReport load_interactive_weights(torch::nn::Module& module, const std::filesystem::path& file) {
  LoadedWeights w = read_interactive_weights(file);
  LoadOptions options;
  options.source = file.string() + " (" + format_name(w.format) + ", interactive parts)";
  options.allow_missing = w.plan.not_in_source;
  return load_state(module, w.tensors, options);
}

}  // namespace sam3::weights
