#include "core/weights/checkpoint_format.h"

#include <algorithm>
#include <fstream>
#include <span>

#include "core/util/errors.h"
#include "core/weights/torch_checkpoint.h"
#include "core/weights/zip_reader.h"

namespace sam3::weights {
namespace {

bool starts_with(const std::string& s, const char* p) {
  return s.rfind(p, 0) == 0;
}

// Top-level module names of the HF Sam3Model / Sam3VideoModel layouts and of ours. Both layouts
// name the geometry encoder `geometry_encoder.`, so it decides nothing and is in neither list (an
// un-prefixed HF Sam3Model save, `Sam3Model.save_pretrained`, has it beside `vision_encoder.`).
constexpr const char* kHfPrefixes[] = {"detector_model.",     "vision_encoder.", "text_encoder.",
                                       "detr_encoder.",       "detr_decoder.",   "mask_decoder.",
                                       "dot_product_scoring."};
constexpr const char* kOurPrefixes[] = {"detector.", "backbone.", "transformer.",
                                        "segmentation_head.", "dot_prod_scoring."};

bool any_key_with(const SafetensorsHeader& h, std::span<const char* const> prefixes) {
  return std::any_of(h.entries.begin(), h.entries.end(), [&](const SafetensorsEntry& e) {
    return std::any_of(prefixes.begin(), prefixes.end(),
                       [&](const char* p) { return starts_with(e.key, p); });
  });
}

}  // namespace

std::string format_name(WeightsFormat format) {
  switch (format) {
    case WeightsFormat::HfSafetensors:
      return "Hugging Face safetensors";
    case WeightsFormat::OurSafetensors:
      return "SAM3 Studio safetensors";
    case WeightsFormat::OfficialPt:
      return "official sam3.pt";
  }
  return "unknown";
}

WeightsFormat detect_format(const std::filesystem::path& file) {
  std::uint8_t magic[4] = {0, 0, 0, 0};
  {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw IoError(file, "cannot open");
    in.read(reinterpret_cast<char*>(magic), 4);
    if (looks_like_zip(magic, static_cast<std::size_t>(in.gcount())))
      return WeightsFormat::OfficialPt;
  }
  const SafetensorsHeader h = read_safetensors_header(file);
  auto fmt = h.metadata.find("format");
  if (fmt != h.metadata.end() && fmt->second == "sam3studio") return WeightsFormat::OurSafetensors;
  const bool hf = any_key_with(h, kHfPrefixes);
  const bool ours = any_key_with(h, kOurPrefixes);
  if (hf && !ours) return WeightsFormat::HfSafetensors;
  if (ours && !hf) return WeightsFormat::OurSafetensors;
  throw FormatError(file, "",
                    hf ? "mixes Hugging Face and official SAM3 key names"
                       : "holds no SAM3 weights (neither Hugging Face nor official keys)");
}

LoadedWeights read_weights(const std::filesystem::path& file) {
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
  out.plan = out.format == WeightsFormat::HfSafetensors ? plan_hf_mapping(key_shapes(raw))
                                                        : plan_official_mapping(key_shapes(raw));
  out.tensors = apply_mapping(out.plan, raw);
  return out;
}

LoadReport load_weights(torch::nn::Module& module, const std::filesystem::path& file) {
  LoadedWeights w = read_weights(file);
  LoadOptions options;
  options.source = file.string() + " (" + format_name(w.format) + ")";
  options.allow_missing = w.plan.not_in_source;
  return load_state(module, w.tensors, options);
}

}  // namespace sam3::weights
