#include "core/weights/model_checkpoint.h"

#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/util/version.h"

namespace sam3::weights {
namespace {

constexpr const char* kFormat = "sam3studio";

std::string dtype_label(torch::ScalarType dtype) {
  switch (dtype) {
    case torch::kBFloat16:
      return "bf16";
    case torch::kFloat16:
      return "f16";
    case torch::kFloat32:
      return "f32";
    default:
      throw InvalidInput("checkpoint dtype must be bf16, f16 or f32");
  }
}

}  // namespace

std::filesystem::path model_card_path(const std::filesystem::path& weights_file) {
  std::filesystem::path card = weights_file;
  return card.replace_extension(".json");
}

void save_model_checkpoint(const std::filesystem::path& weights_file, const NamedTensors& tensors,
                           nlohmann::json card, torch::ScalarType dtype) {
  const std::string label = dtype_label(dtype);
  if (!card.is_object()) throw InvalidInput("model card must be a JSON object");
  NamedTensors stored;
  std::int64_t parameters = 0;
  for (const auto& [key, t] : tensors) {
    if (!t.defined()) throw InvalidInput("tensor '" + key + "' is undefined");
    stored[key] = t.is_floating_point() ? t.detach().to(dtype) : t.detach();
    parameters += t.numel();
  }
  const Metadata metadata = {{"format", kFormat}, {"dtype", label}, {"writer", version_with_sha()}};
  write_safetensors(weights_file, stored, metadata);
  card["weights"] = {{"file", weights_file.filename().string()},
                     {"format", kFormat},
                     {"dtype", label},
                     {"tensors", stored.size()},
                     {"parameters", parameters},
                     {"writer", version_with_sha()}};
  write_file_atomic(model_card_path(weights_file), card.dump(2) + "\n");
}

ModelCheckpoint read_model_checkpoint(const std::filesystem::path& weights_file) {
  SafetensorsFile st = read_safetensors(weights_file);
  auto fmt = st.metadata.find("format");
  if (fmt == st.metadata.end() || fmt->second != kFormat)
    throw FormatError(weights_file, "__metadata__.format",
                      "not a SAM3 Studio checkpoint (format '" +
                          (fmt == st.metadata.end() ? std::string() : fmt->second) + "')");
  const auto card_file = model_card_path(weights_file);
  const std::string text = read_file(card_file);
  ModelCheckpoint out{std::move(st.tensors), std::move(st.metadata), {}};
  try {
    out.card = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw FormatError(card_file, "byte " + std::to_string(e.byte), e.what());
  } catch (const nlohmann::json::exception& e) {  // e.g. a number beyond double (out_of_range)
    throw FormatError(card_file, "", std::string("malformed JSON: ") + e.what());
  }
  if (!out.card.is_object()) throw FormatError(card_file, "", "model card is not a JSON object");
  return out;
}

}  // namespace sam3::weights
