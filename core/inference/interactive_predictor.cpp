// See interactive_predictor.h.
#include "core/inference/interactive_predictor.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/inference/model_resolve.h"
#include "core/inference/embedding_cache.h"
#include "core/model/skip_init.h"
#include "core/model/model_config.h"
#include "core/model/preprocess.h"
#include "core/model/sam1_task_predictor.h"
#include "core/util/errors.h"
#include "core/util/log.h"
#include "core/weights/interactive_mapping.h"
#include "core/weights/model_dir.h"

namespace sam3 {
namespace {

using inference_detail::resolve_config;
using inference_detail::resolve_device;

// The sizes that shape the embedding, then the weights' identity.
std::string derive_model_hash(const model::ModelConfig& c, const std::string& weights_identity) {
  std::ostringstream s;
  s << c.name << '|' << c.image_size << '|' << c.vision.embed_dim << '|' << c.vision.depth << '|'
    << c.vision.num_heads << '|' << c.vision.window_size << '|' << c.d_model() << '|'
    << weights_identity;
  const std::string text = s.str();
  return hex64(fnv1a64(text.data(), text.size()));
}

std::string file_identity(const std::filesystem::path& file) {
  std::error_code ec;
  const auto canonical = std::filesystem::weakly_canonical(file, ec);
  const auto size = std::filesystem::file_size(file, ec);
  const auto time = std::filesystem::last_write_time(file, ec).time_since_epoch().count();
  std::ostringstream s;
  s << "file:" << (canonical.empty() ? file : canonical).string() << '|' << size << '|' << time;
  return s.str();
}

std::string pixel_digest(const Image& image) {
  std::uint64_t h = fnv1a64(&image.width, sizeof image.width);
  h = fnv1a64(&image.height, sizeof image.height, h);
  h = fnv1a64(image.rgb.data(), image.rgb.size(), h);
  return "pixels:" + hex64(h);
}

bool finite(double v) {
  return std::isfinite(v);
}

}  // namespace

struct InteractivePredictor::Impl {
  InteractiveOptions options;
  InteractiveInfo info;
  model::ModelConfig config;
  torch::Device device{torch::kCPU};
  model::Sam3InteractiveImagePredictor model{nullptr};
  std::optional<EmbeddingCache> cache;
  std::optional<model::InstFeatures> features;
  int width = 0, height = 0;
  torch::Tensor last_low_res;  // [1, M, 4g, 4g] unclamped logits of the last predict()
  int last_candidates = 0;

  // The tensors of a cache entry and their shapes.
  EmbeddingLayout layout() const {
    const std::int64_t d = config.d_model(), g = config.feature_size();
    return {{"image_embed", {1, d, g, g}},
            {"high_res_s0", {1, d / 8, 4 * g, 4 * g}},
            {"high_res_s1", {1, d / 4, 2 * g, 2 * g}}};
  }

  std::optional<model::InstFeatures> from_cache(const EmbeddingKey& key, const Image& image) {
    try {
      auto entry = cache->load(key, layout());
      if (!entry) return std::nullopt;
      const auto size = std::to_string(image.width) + "x" + std::to_string(image.height);
      if (entry->extra["photo_size"] != size)
        throw FormatError(
            cache->entry_path(key), "__metadata__",
            "entry is for a " + entry->extra["photo_size"] + " photo, this one is " + size);
      model::InstFeatures f;
      f.image_embed = entry->tensors.at("image_embed").to(device);
      f.high_res_s0 = entry->tensors.at("high_res_s0").to(device);
      f.high_res_s1 = entry->tensors.at("high_res_s1").to(device);
      return f;
    } catch (const FormatError& e) {
      log::warning(std::string("embedding cache entry rejected, recomputing: ") + e.what());
      cache->discard(key);
      return std::nullopt;
    }
  }
};

InteractivePredictor::InteractivePredictor(const InteractiveOptions& options)
    : impl_(std::make_unique<Impl>()) {
  auto& s = *impl_;
  s.options = options;
  s.config = resolve_config(options.model_config);
  s.device = resolve_device(options.device);
  {
    const model::SkipInit skip;  // every parameter is loaded or drawn below
    s.model = model::Sam3InteractiveImagePredictor(s.config);
  }
  s.model->cuda_bf16_autocast = options.bf16;
  std::string identity;
  if (options.random_weights) {
    model::init_interactive_random_weights(*s.model, options.seed);
    s.info.weights_source = "random (seed " + std::to_string(options.seed) + ")";
    identity = "random:" + std::to_string(options.seed);
  } else {
    const auto dir = weights::find_model_dir(options.model_path);
    weights::load_interactive_weights(*s.model, dir.weights);
    s.info.weights_source = dir.weights.string();
    identity = file_identity(dir.weights);
  }
  s.model->to(s.device);
  s.model->eval();
  s.info.model_name = s.config.name;
  s.info.device =
      s.device.is_cuda() ? "cuda:" + std::to_string(std::max<int>(0, s.device.index())) : "cpu";
  s.info.image_size = s.config.image_size;
  s.info.low_res_size = 4 * s.config.feature_size();
  s.info.model_hash =
      options.model_hash.empty() ? derive_model_hash(s.config, identity) : options.model_hash;
  for (const auto& p : s.model->parameters()) s.info.parameters += p.numel();
  if (options.cache_dir) s.cache.emplace(*options.cache_dir, options.cache_max_bytes);
}

InteractivePredictor::~InteractivePredictor() = default;
InteractivePredictor::InteractivePredictor(InteractivePredictor&&) noexcept = default;
InteractivePredictor& InteractivePredictor::operator=(InteractivePredictor&&) noexcept = default;

const InteractiveInfo& InteractivePredictor::info() const {
  return impl_->info;
}

bool InteractivePredictor::has_image() const {
  return impl_->features.has_value();
}

bool InteractivePredictor::set_image(const Image& image, const std::string& photo_hash) {
  auto& s = *impl_;
  if (image.width <= 0 || image.height <= 0 ||
      image.rgb.size() != static_cast<std::size_t>(image.width) * image.height * 3)
    throw InvalidInput("set_image: empty image or pixel buffer of the wrong size");
  c10::InferenceMode inference;  // no autograd bookkeeping: the features are never trained
  s.features.reset();
  s.last_low_res.reset();
  const EmbeddingKey key{photo_hash.empty() ? pixel_digest(image) : photo_hash, s.info.model_hash};
  bool hit = false;
  if (s.cache) {
    if (auto f = s.from_cache(key, image)) {
      s.features = std::move(*f);
      hit = true;
    }
  }
  if (!s.features) {
    auto input = model::preprocess_image(image, s.config, s.device);
    s.features = s.model->set_image(input);
    if (s.cache) {
      try {
        s.cache->store(
            key,
            {{"image_embed", s.features->image_embed},
             {"high_res_s0", s.features->high_res_s0},
             {"high_res_s1", s.features->high_res_s1}},
            {{"photo_size", std::to_string(image.width) + "x" + std::to_string(image.height)}});
      } catch (const IoError& e) {  // a full disk must not stop the inspector from clicking
        log::warning(std::string("embedding not cached: ") + e.what());
      }
    }
  }
  s.model->prepare_decoder(*s.features);  // prompt-independent decoder work, once per photo
  s.width = image.width;
  s.height = image.height;
  return hit;
}

namespace {

model::InstPrompt make_prompt(const std::vector<ClickPoint>& points,
                              const std::optional<PromptBox>& box, const LowResMask* previous,
                              int low_res_size) {
  model::InstPrompt prompt;
  if (!points.empty()) {
    std::vector<float> xy;
    std::vector<int> labels;
    for (std::size_t i = 0; i < points.size(); ++i) {
      if (!finite(points[i].x) || !finite(points[i].y))
        throw InvalidInput("click " + std::to_string(i) + " has a non-finite coordinate");
      xy.push_back(static_cast<float>(points[i].x));
      xy.push_back(static_cast<float>(points[i].y));
      labels.push_back(points[i].positive ? 1 : 0);
    }
    const auto n = static_cast<std::int64_t>(points.size());
    prompt.point_coords = torch::tensor(xy).view({n, 2});
    prompt.point_labels = torch::tensor(labels, torch::kInt);
  }
  if (box) {
    const auto& b = *box;
    if (!finite(b.x0) || !finite(b.y0) || !finite(b.x1) || !finite(b.y1) || b.x1 <= b.x0 ||
        b.y1 <= b.y0)
      throw InvalidInput("box prompt is empty or not finite (need x0 < x1 and y0 < y1)");
    prompt.box = torch::tensor({static_cast<float>(b.x0), static_cast<float>(b.y0),
                                static_cast<float>(b.x1), static_cast<float>(b.y1)});
  }
  if (previous) {
    if (previous->width != low_res_size || previous->height != low_res_size ||
        previous->logits.size() != static_cast<std::size_t>(low_res_size) * low_res_size)
      throw InvalidInput("previous mask must be " + std::to_string(low_res_size) + " x " +
                         std::to_string(low_res_size) + " logits, got " +
                         std::to_string(previous->width) + " x " +
                         std::to_string(previous->height));
    prompt.mask_input = torch::tensor(previous->logits).view({1, low_res_size, low_res_size});
  }
  return prompt;
}

}  // namespace

InteractiveResult InteractivePredictor::predict(const std::vector<ClickPoint>& points,
                                                const std::optional<PromptBox>& box,
                                                const LowResMask* previous, bool multimask) {
  auto& s = *impl_;
  if (!s.features) throw InvalidInput("predict: no photo set (call set_image first)");
  if (points.empty() && !box && !previous)
    throw InvalidInput("predict: give at least one click, a box or a previous mask");
  c10::InferenceMode inference;
  const auto prompt = make_prompt(points, box, previous, s.info.low_res_size);
  s.last_low_res.reset();
  const auto out = s.model->decode(*s.features, prompt, multimask, s.height, s.width);
  const auto low =
      out.low_res_logits.clamp(-32.0, 32.0).squeeze(0).to(torch::kCPU, torch::kFloat).contiguous();
  const auto iou = out.iou_predictions.to(torch::kCPU, torch::kFloat).contiguous();
  InteractiveResult result;
  result.object_score_logit = out.object_score_logits.to(torch::kCPU).item<float>();
  const auto* scores = iou.data_ptr<float>();
  for (std::int64_t m = 0; m < low.size(0); ++m) {
    InteractiveMask im;
    im.mask.width = s.width;
    im.mask.height = s.height;
    im.score = scores[m];
    im.low_res.width = static_cast<int>(low.size(2));
    im.low_res.height = static_cast<int>(low.size(1));
    const auto* l = low[m].data_ptr<float>();
    im.low_res.logits.assign(l, l + low[m].numel());
    result.masks.push_back(std::move(im));
  }
  for (std::size_t m = 1; m < result.masks.size(); ++m)
    if (result.masks[m].score > result.masks[result.best].score) result.best = static_cast<int>(m);
  s.last_low_res = out.low_res_logits;
  s.last_candidates = static_cast<int>(result.masks.size());
  // Only the candidate a caller shows goes to photo size (the others: candidate_mask()).
  result.masks[static_cast<std::size_t>(result.best)].mask = candidate_mask(result.best);
  return result;
}

BinaryMask InteractivePredictor::candidate_mask(int index) const {
  const auto& s = *impl_;
  if (!s.last_low_res.defined())
    throw InvalidInput("candidate_mask: no prediction for the current photo");
  if (index < 0 || index >= s.last_candidates)
    throw InvalidInput("candidate_mask: candidate " + std::to_string(index) + " of " +
                       std::to_string(s.last_candidates));
  c10::InferenceMode inference;
  const auto logits = s.model->postprocess(s.last_low_res.narrow(1, index, 1), s.height, s.width);
  BinaryMask mask;
  mask.width = s.width;
  mask.height = s.height;
  mask.data.resize(static_cast<std::size_t>(s.width) * s.height);
  // Thresholded straight into the mask's bytes (bool is one byte of 0 or 1).
  auto out = torch::from_blob(mask.data.data(), {s.height, s.width}, torch::kBool);
  const auto fg = logits.select(0, 0);
  if (fg.is_cpu())
    torch::gt_out(out, fg, s.config.tracker.mask_threshold);
  else
    out.copy_(fg.gt(s.config.tracker.mask_threshold));
  return mask;
}

}  // namespace sam3
