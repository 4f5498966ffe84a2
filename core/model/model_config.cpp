// Strict YAML loading of resources/models/<name>.yaml into ModelConfig (model_config.h).
// Every key of the file must be known and every known key present; values are type-checked and
// range-checked. Errors are ConfigError(file, "line L, column C", message) with 1-based positions.
#include "core/model/model_config.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdlib>
#include <set>
#include <sstream>
#include <system_error>

#include "core/util/errors.h"

#ifndef SAM3_MODEL_CONFIG_SOURCE_DIR
#define SAM3_MODEL_CONFIG_SOURCE_DIR ""
#endif
#ifndef SAM3_MODEL_CONFIG_INSTALL_DIR
#define SAM3_MODEL_CONFIG_INSTALL_DIR ""
#endif

namespace sam3::model {
namespace {

std::string where_mark(const YAML::Mark& mark) {
  if (mark.is_null()) return {};
  return "line " + std::to_string(mark.line + 1) + ", column " + std::to_string(mark.column + 1);
}

std::string where(const YAML::Node& node) {
  return node.IsDefined() ? where_mark(node.Mark()) : "";
}

// One YAML mapping: values are read by name; finish() rejects every key that was never read.
class Section {
 public:
  Section(const std::filesystem::path& file, YAML::Node node, std::string path)
      : file_(file), node_(std::move(node)), path_(std::move(path)) {
    if (!node_.IsMap()) fail(node_, "expected a mapping");
  }

  template <typename T>
  void read(const std::string& key, T& out) {
    const YAML::Node value = lookup(key);
    try {
      if constexpr (std::is_same_v<T, std::vector<int>> || std::is_same_v<T, std::vector<double>>) {
        if (!value.IsSequence()) fail(value, "expected a list");
      } else if (!value.IsScalar()) {
        fail(value, "expected a scalar");
      }
      out = value.as<T>();
    } catch (const YAML::BadConversion&) {
      fail(value, std::string("wrong type, expected ") + type_name<T>());
    }
  }

  Section child(const std::string& key) { return Section(file_, lookup(key), qualified(key)); }

  void finish() const {
    for (const auto& entry : node_) {
      // A list or mapping as a key ("? [a, b]: 1") has no name: an error, not a YAML exception.
      if (!entry.first.IsScalar()) fail(entry.first, "keys must be plain names");
      const auto key = entry.first.Scalar();
      if (!seen_.count(key)) fail(entry.first, "unknown key '" + qualified(key) + "'");
    }
  }

  [[noreturn]] void fail(const YAML::Node& node, const std::string& what) const {
    throw ConfigError(file_, where(node), what);
  }
  const YAML::Node& node() const { return node_; }
  std::string qualified(const std::string& key) const {
    return path_.empty() ? key : path_ + "." + key;
  }

 private:
  YAML::Node lookup(const std::string& key) {
    seen_.insert(key);
    const YAML::Node& map = node_;  // const lookup never inserts the key
    const YAML::Node value = map[key];
    if (!value.IsDefined() || value.IsNull()) {
      fail(node_, "missing key '" + qualified(key) + "'");
    }
    return value;
  }

  template <typename T>
  static const char* type_name() {
    if constexpr (std::is_same_v<T, int>) return "an integer";
    if constexpr (std::is_same_v<T, double>) return "a number";
    if constexpr (std::is_same_v<T, std::string>) return "a string";
    if constexpr (std::is_same_v<T, std::vector<int>>) return "a list of integers";
    return "a list of numbers";
  }

  std::filesystem::path file_;
  YAML::Node node_;
  std::string path_;
  std::set<std::string> seen_;
};

void read_transformer(Section& s, TransformerConfig& t) {
  s.read("layers", t.layers);
  s.read("num_heads", t.num_heads);
  s.read("dim_feedforward", t.dim_feedforward);
  s.read("dropout", t.dropout);
}

void read_vision(Section s, VisionConfig& v) {
  s.read("patch_size", v.patch_size);
  s.read("pretrain_image_size", v.pretrain_image_size);
  s.read("embed_dim", v.embed_dim);
  s.read("depth", v.depth);
  s.read("num_heads", v.num_heads);
  s.read("mlp_ratio", v.mlp_ratio);
  s.read("window_size", v.window_size);
  s.read("global_blocks", v.global_blocks);
  s.read("rope_theta", v.rope_theta);
  s.read("layer_norm_eps", v.layer_norm_eps);
  s.read("drop_path_rate", v.drop_path_rate);
  s.finish();
}

void read_text(Section s, TextConfig& t) {
  s.read("width", t.width);
  s.read("layers", t.layers);
  s.read("heads", t.heads);
  s.read("mlp_ratio", t.mlp_ratio);
  s.read("context_length", t.context_length);
  s.read("vocab_size", t.vocab_size);
  s.read("projection_dim", t.projection_dim);
  s.finish();
}

void read_heads(Section& root, ModelConfig& c) {
  Section geometry = root.child("geometry");
  read_transformer(geometry, c.geometry);
  geometry.read("roi_size", c.geometry.roi_size);
  geometry.finish();
  Section encoder = root.child("encoder");
  read_transformer(encoder, c.encoder);
  encoder.finish();
  Section decoder = root.child("decoder");
  read_transformer(decoder, c.decoder);
  decoder.read("num_queries", c.decoder.num_queries);
  decoder.read("box_rpb", c.decoder.box_rpb);
  decoder.finish();
  Section scoring = root.child("scoring");
  scoring.read("hidden_dim", c.scoring.hidden_dim);
  scoring.read("clamp_logits", c.scoring.clamp_logits);
  scoring.read("dropout", c.scoring.dropout);
  scoring.finish();
  Section seg = root.child("segmentation");
  seg.read("pixel_decoder_stages", c.segmentation.pixel_decoder_stages);
  seg.read("group_norm_groups", c.segmentation.group_norm_groups);
  seg.finish();
}

void read_tracker(Section s, TrackerConfig& t) {
  s.read("mask_in_chans", t.mask_in_chans);
  s.read("num_multimask_outputs", t.num_multimask_outputs);
  s.read("transformer_depth", t.transformer_depth);
  s.read("num_heads", t.num_heads);
  s.read("mlp_dim", t.mlp_dim);
  s.read("attention_downsample_rate", t.attention_downsample_rate);
  s.read("iou_head_depth", t.iou_head_depth);
  s.read("iou_head_hidden_dim", t.iou_head_hidden_dim);
  s.read("dynamic_multimask_stability_delta", t.dynamic_multimask_stability_delta);
  s.read("dynamic_multimask_stability_thresh", t.dynamic_multimask_stability_thresh);
  s.read("mask_threshold", t.mask_threshold);
  s.read("max_hole_area", t.max_hole_area);
  s.read("max_sprinkle_area", t.max_sprinkle_area);
  s.finish();
}

// Range checks; `at(section, key)` points the error at the offending value.
class Validator {
 public:
  Validator(const std::filesystem::path& file, const YAML::Node& root) : file_(file), root_(root) {}
  void require(bool ok, const std::string& section, const std::string& key,
               const std::string& what) const {
    if (ok) return;
    const YAML::Node node = section.empty() ? root_[key] : root_[section][key];
    const std::string name = section.empty() ? key : section + "." + key;
    throw ConfigError(file_, where(node), "'" + name + "' " + what);
  }
  void positive(int v, const std::string& section, const std::string& key) const {
    require(v > 0, section, key, "must be positive, got " + std::to_string(v));
  }

 private:
  std::filesystem::path file_;
  YAML::Node root_;
};

void validate_vision(const Validator& check, const ModelConfig& c) {
  const VisionConfig& v = c.vision;
  for (const char* key :
       {"patch_size", "pretrain_image_size", "embed_dim", "depth", "num_heads", "window_size"}) {
    const int value = key == std::string("patch_size")            ? v.patch_size
                      : key == std::string("pretrain_image_size") ? v.pretrain_image_size
                      : key == std::string("embed_dim")           ? v.embed_dim
                      : key == std::string("depth")               ? v.depth
                      : key == std::string("num_heads")           ? v.num_heads
                                                                  : v.window_size;
    check.positive(value, "vision", key);
  }
  check.require(c.image_size > 0 && c.image_size % v.patch_size == 0, "", "image_size",
                "must be a positive multiple of vision.patch_size (" +
                    std::to_string(v.patch_size) + "), got " + std::to_string(c.image_size));
  check.require(v.pretrain_image_size % v.patch_size == 0, "vision", "pretrain_image_size",
                "must be a multiple of patch_size");
  check.require(v.embed_dim % v.num_heads == 0 && (v.embed_dim / v.num_heads) % 4 == 0, "vision",
                "num_heads",
                "must divide embed_dim into heads whose size is a multiple of 4 (2-D RoPE)");
  check.require(v.mlp_ratio > 0, "vision", "mlp_ratio", "must be positive");
  check.require(!v.global_blocks.empty(), "vision", "global_blocks", "must not be empty");
  int previous = -1;
  for (int b : v.global_blocks) {
    check.require(b > previous && b < v.depth, "vision", "global_blocks",
                  "must be increasing block indexes below depth, got " + std::to_string(b));
    previous = b;
  }
  check.require(v.rope_theta > 0, "vision", "rope_theta", "must be positive");
  check.require(v.layer_norm_eps > 0, "vision", "layer_norm_eps", "must be positive");
  check.require(v.drop_path_rate >= 0 && v.drop_path_rate < 1, "vision", "drop_path_rate",
                "must be in [0, 1)");
}

void validate_neck_text(const Validator& check, const ModelConfig& c) {
  check.require(c.neck.d_model > 0 && c.neck.d_model % 4 == 0, "neck", "d_model",
                "must be a positive multiple of 4 (sine position encoding)");
  check.require(!c.neck.scale_factors.empty(), "neck", "scale_factors", "must not be empty");
  for (double s : c.neck.scale_factors) {
    check.require(s == 4.0 || s == 2.0 || s == 1.0 || s == 0.5, "neck", "scale_factors",
                  "entries must be 4, 2, 1 or 0.5");
  }
  check.require(c.neck.scalp >= 0 && c.neck.scalp < static_cast<int>(c.neck.scale_factors.size()),
                "neck", "scalp", "must be in [0, number of scale_factors)");
  check.require(c.vision.embed_dim % 4 == 0, "vision", "embed_dim",
                "must be a multiple of 4 (the 4x neck level uses embed_dim/4 channels)");
  const TextConfig& t = c.text;
  for (const char* key :
       {"width", "layers", "heads", "context_length", "vocab_size", "projection_dim"}) {
    const std::string k = key;
    const int value = k == "width"            ? t.width
                      : k == "layers"         ? t.layers
                      : k == "heads"          ? t.heads
                      : k == "context_length" ? t.context_length
                      : k == "vocab_size"     ? t.vocab_size
                                              : t.projection_dim;
    check.positive(value, "text", key);
  }
  check.require(t.width % t.heads == 0, "text", "heads", "must divide text.width");
  check.require(t.mlp_ratio > 0, "text", "mlp_ratio", "must be positive");
}

void validate_heads(const Validator& check, const ModelConfig& c) {
  const std::pair<const char*, const TransformerConfig*> blocks[] = {
      {"geometry", &c.geometry}, {"encoder", &c.encoder}, {"decoder", &c.decoder}};
  for (const auto& [name, t] : blocks) {
    check.positive(t->layers, name, "layers");
    check.positive(t->dim_feedforward, name, "dim_feedforward");
    check.require(t->num_heads > 0 && c.d_model() % t->num_heads == 0, name, "num_heads",
                  "must divide neck.d_model");
    check.require(t->dropout >= 0 && t->dropout < 1, name, "dropout", "must be in [0, 1)");
  }
  check.positive(c.geometry.roi_size, "geometry", "roi_size");
  check.positive(c.decoder.num_queries, "decoder", "num_queries");
  const std::string& rpb = c.decoder.box_rpb;
  check.require(rpb == "none" || rpb == "log" || rpb == "linear" || rpb == "both", "decoder",
                "box_rpb", "must be one of none, log, linear, both; got '" + rpb + "'");
  check.positive(c.scoring.hidden_dim, "scoring", "hidden_dim");
  check.require(c.scoring.clamp_logits > 0, "scoring", "clamp_logits", "must be positive");
  check.require(c.scoring.dropout >= 0 && c.scoring.dropout < 1, "scoring", "dropout",
                "must be in [0, 1)");
  check.positive(c.segmentation.pixel_decoder_stages, "segmentation", "pixel_decoder_stages");
  check.require(
      c.segmentation.group_norm_groups > 0 && c.d_model() % c.segmentation.group_norm_groups == 0,
      "segmentation", "group_norm_groups", "must divide neck.d_model");
}

void validate_tracker(const Validator& check, const ModelConfig& c) {
  const TrackerConfig& t = c.tracker;
  check.require(t.mask_in_chans > 0 && t.mask_in_chans % 4 == 0, "tracker", "mask_in_chans",
                "must be a positive multiple of 4");
  check.positive(t.num_multimask_outputs, "tracker", "num_multimask_outputs");
  check.positive(t.transformer_depth, "tracker", "transformer_depth");
  check.positive(t.mlp_dim, "tracker", "mlp_dim");
  check.positive(t.iou_head_depth, "tracker", "iou_head_depth");
  check.positive(t.iou_head_hidden_dim, "tracker", "iou_head_hidden_dim");
  check.require(c.d_model() % 8 == 0, "neck", "d_model",
                "must be a multiple of 8 (the tracker's mask decoder uses d_model/8 channels)");
  const int rate = t.attention_downsample_rate;
  check.require(rate > 0 && c.d_model() % rate == 0, "tracker", "attention_downsample_rate",
                "must divide neck.d_model");
  check.require(t.num_heads > 0 && rate > 0 && (c.d_model() / rate) % t.num_heads == 0, "tracker",
                "num_heads", "must divide neck.d_model / attention_downsample_rate");
  check.require(t.dynamic_multimask_stability_delta >= 0, "tracker",
                "dynamic_multimask_stability_delta", "must not be negative");
  check.require(
      t.dynamic_multimask_stability_thresh >= 0 && t.dynamic_multimask_stability_thresh <= 1,
      "tracker", "dynamic_multimask_stability_thresh", "must be in [0, 1]");
  check.require(t.max_hole_area >= 0, "tracker", "max_hole_area", "must not be negative");
  check.require(t.max_sprinkle_area >= 0, "tracker", "max_sprinkle_area", "must not be negative");
}

void validate_image(const Validator& check, const ModelConfig& c) {
  check.require(c.image_mean.size() == 3, "", "image_mean", "must have 3 entries");
  check.require(c.image_std.size() == 3, "", "image_std", "must have 3 entries");
  for (double s : c.image_std) check.require(s > 0, "", "image_std", "entries must be positive");
}

// Search order: $SAM3STUDIO_MODEL_CONFIG_DIR, <exe>/../share/sam3studio/models (an installed,
// relocatable tree), the source tree (developer builds), then the configured install prefix.
std::vector<std::filesystem::path> search_dirs() {
  std::vector<std::filesystem::path> dirs;
  if (const char* env = std::getenv("SAM3STUDIO_MODEL_CONFIG_DIR"); env && *env)
    dirs.emplace_back(env);
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) dirs.push_back(exe.parent_path().parent_path() / "share" / "sam3studio" / "models");
  if (*SAM3_MODEL_CONFIG_SOURCE_DIR) dirs.emplace_back(SAM3_MODEL_CONFIG_SOURCE_DIR);
  if (*SAM3_MODEL_CONFIG_INSTALL_DIR) dirs.emplace_back(SAM3_MODEL_CONFIG_INSTALL_DIR);
  return dirs;
}

}  // namespace

ModelConfig load_model_config(const std::filesystem::path& yaml_file) {
  if (!std::filesystem::is_regular_file(yaml_file))
    throw IoError(yaml_file, "no such model config");
  YAML::Node root;
  try {
    root = YAML::LoadFile(yaml_file.string());
  } catch (const YAML::ParserException& e) {
    throw ConfigError(yaml_file, where_mark(e.mark), e.msg);
  } catch (const YAML::BadFile&) {
    throw IoError(yaml_file, "cannot read model config");
  }
  ModelConfig c;
  Section s(yaml_file, root, "");
  s.read("name", c.name);
  s.read("image_size", c.image_size);
  s.read("image_mean", c.image_mean);
  s.read("image_std", c.image_std);
  read_vision(s.child("vision"), c.vision);
  Section neck = s.child("neck");
  neck.read("d_model", c.neck.d_model);
  neck.read("scale_factors", c.neck.scale_factors);
  neck.read("scalp", c.neck.scalp);
  neck.finish();
  read_text(s.child("text"), c.text);
  read_heads(s, c);
  read_tracker(s.child("tracker"), c.tracker);
  s.finish();
  const Validator check(yaml_file, root);
  validate_image(check, c);
  validate_vision(check, c);
  validate_neck_text(check, c);
  validate_heads(check, c);
  validate_tracker(check, c);
  return c;
}

std::filesystem::path model_config_dir() {
  for (const auto& dir : search_dirs()) {
    std::error_code ec;
    if (std::filesystem::is_directory(dir, ec)) return dir;
  }
  throw IoError("resources/models",
                "no model config folder found (set SAM3STUDIO_MODEL_CONFIG_DIR)");
}

ModelConfig model_config_by_name(const std::string& name) {
  const bool plain = !name.empty() && name.find_first_of("/\\.") == std::string::npos;
  if (!plain)
    throw InvalidInput("model config name must be a plain name like 'sam3', got '" + name + "'");
  std::string tried;
  for (const auto& dir : search_dirs()) {
    const auto file = dir / (name + ".yaml");
    std::error_code ec;
    if (std::filesystem::is_regular_file(file, ec)) return load_model_config(file);
    tried += (tried.empty() ? "" : ", ") + file.string();
  }
  throw IoError(name + ".yaml", "unknown model config '" + name + "' (looked in: " + tried + ")");
}

}  // namespace sam3::model
