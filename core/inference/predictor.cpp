#include "core/inference/predictor.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/inference/model_resolve.h"
#include "core/model/skip_init.h"
#include "core/model/inference_dtype.h"
#include "core/model/model_config.h"
#include "core/model/postprocess.h"
#include "core/model/preprocess.h"
#include "core/model/random_init.h"
#include "core/model/sam3_image.h"
#include "core/model/tokenizer.h"
#include "core/util/errors.h"
#include "core/util/log.h"
#include "core/weights/checkpoint_format.h"
#include "core/weights/model_dir.h"
#include "core/weights/safetensors.h"
#include "core/weights/state_loader.h"

namespace sam3 {
namespace {

using inference_detail::resolve_config;
using inference_detail::resolve_device;

std::string device_name(const torch::Device& d) {
  return d.is_cuda() ? "cuda:" + std::to_string(d.has_index() ? d.index() : 0) : "cpu";
}

BinaryMask to_mask(const torch::Tensor& m) {  // [H, W] bool on CPU
  BinaryMask out;
  out.height = static_cast<int>(m.size(0));
  out.width = static_cast<int>(m.size(1));
  auto u8 = m.to(torch::kUInt8).contiguous();
  out.data.assign(u8.data_ptr<std::uint8_t>(), u8.data_ptr<std::uint8_t>() + u8.numel());
  return out;
}

}  // namespace

std::size_t BinaryMask::area() const {
  std::size_t n = 0;
  for (auto v : data) n += v != 0;
  return n;
}

struct Predictor::Impl {
  PredictorOptions options;
  PredictorInfo info;
  model::ModelConfig config;
  torch::Device device{torch::kCPU};
  model::Sam3Image model{nullptr};
  std::optional<ClipTokenizer> tokenizer;
  std::optional<model::ImageState> image;
  model::OriginalSize original;
  std::map<std::string, model::TextEncoding> text_cache;
  std::vector<model::Sam3Outputs> last_outputs;

  model::TextEncoding text_for(const std::string& prompt) {
    if (auto it = text_cache.find(prompt); it != text_cache.end()) return it->second;
    const auto encoded = tokenizer->encode_prompt(prompt);  // InvalidInput for empty prompts
    if (encoded.truncated) {
      log::warning("prompt '" + prompt + "' has " + std::to_string(encoded.token_count) +
                   " tokens; SAM3 reads the first " +
                   std::to_string(tokenizer->context_length() - 2));
    }
    auto ids = torch::tensor(encoded.ids, torch::kLong).unsqueeze(0).to(device);
    auto text = model->encode_text(ids);
    text_cache.emplace(prompt, text);
    return text;
  }

  model::BoxPrompt box_prompt(const std::vector<ExemplarBox>& boxes) const {
    if (boxes.empty()) return {};
    const double w = original.width, h = original.height;
    std::vector<float> coords;
    std::vector<std::int64_t> labels;
    for (std::size_t i = 0; i < boxes.size(); ++i) {
      const auto& b = boxes[i];
      if (!std::isfinite(b.x0) || !std::isfinite(b.y0) || !std::isfinite(b.x1) ||
          !std::isfinite(b.y1) || b.x1 <= b.x0 || b.y1 <= b.y0) {
        throw InvalidInput("exemplar box " + std::to_string(i) +
                           " is empty or not finite (need x0 < x1 and y0 < y1)");
      }
      coords.insert(
          coords.end(),
          {static_cast<float>((b.x0 + b.x1) / 2 / w), static_cast<float>((b.y0 + b.y1) / 2 / h),
           static_cast<float>((b.x1 - b.x0) / w), static_cast<float>((b.y1 - b.y0) / h)});
      labels.push_back(b.positive ? 1 : 0);
    }
    const auto n = static_cast<std::int64_t>(boxes.size());
    model::BoxPrompt prompt;
    prompt.boxes = torch::tensor(coords).view({1, n, 4}).to(device);
    prompt.labels = torch::tensor(labels, torch::kLong).view({1, n}).to(device);
    return prompt;
  }
};

Predictor::Predictor(const PredictorOptions& options) : impl_(std::make_unique<Impl>()) {
  auto& s = *impl_;
  s.options = options;
  s.config = resolve_config(options.model_config);
  s.device = resolve_device(options.device);
  {
    const model::SkipInit skip;  // every parameter is loaded or drawn below
    s.model = model::Sam3Image(s.config);
  }
  s.model->cuda_bf16_autocast = options.bf16;

  std::optional<weights::ModelDir> dir;
  if (options.random_weights) {
    model::init_random_weights(*s.model, options.seed);
    s.info.weights_source = "random (seed " + std::to_string(options.seed) + ")";
  } else {
    dir = weights::find_model_dir(options.model_path);
    const auto report = weights::load_weights(*s.model, dir->weights);
    // Keys a layout cannot carry (HF has no point projections) must not hold garbage memory.
    torch::NoGradGuard no_grad;
    auto params = s.model->named_parameters();
    for (const auto& key : report.left_as_initialised) {
      if (auto* p = params.find(key)) p->zero_();
    }
    s.info.weights_source = dir->weights.string();
  }
  if (options.vocab) {
    s.tokenizer = ClipTokenizer::from_path(*options.vocab);
  } else if (dir && dir->has_tokenizer()) {
    s.tokenizer = ClipTokenizer::from_path(dir->root);
  } else {
    throw IoError(dir ? dir->root : std::filesystem::path(options.model_config),
                  "no tokenizer vocabulary (bpe_simple_vocab_16e6.txt.gz or vocab.json + "
                  "merges.txt) in the model folder; pass one explicitly");
  }
  const bool bf16_weights = s.device.is_cuda() && options.bf16 && options.bf16_weights;
  // Cast on the host, so the fp32 copy never occupies the GPU (4 GB cards) and half the bytes move.
  if (bf16_weights) model::cast_matmul_weights_to_bf16(*s.model);
  s.model->to(s.device);
  s.model->eval();

  s.info.model_name = s.config.name;
  s.info.device = device_name(s.device);
  s.info.precision = !(s.device.is_cuda() && options.bf16) ? "fp32"
                     : bf16_weights                        ? "bf16 autocast, bf16 weights"
                                                           : "bf16 autocast";
  s.info.image_size = s.config.image_size;
  for (const auto& p : s.model->parameters()) s.info.parameters += p.numel();
}

Predictor::~Predictor() = default;
Predictor::Predictor(Predictor&&) noexcept = default;
Predictor& Predictor::operator=(Predictor&&) noexcept = default;

const PredictorInfo& Predictor::info() const {
  return impl_->info;
}

void Predictor::set_image(const Image& image) {
  auto& s = *impl_;
  if (image.width <= 0 || image.height <= 0 ||
      image.rgb.size() != static_cast<std::size_t>(image.width) * image.height * 3) {
    throw InvalidInput("the image is empty or its pixel buffer does not match " +
                       std::to_string(image.width) + "x" + std::to_string(image.height) + " RGB");
  }
  torch::NoGradGuard no_grad;
  s.image.reset();
  auto input = model::preprocess_image(image, s.config, s.device);
  s.image = s.model->encode_image(input);
  s.original = {image.height, image.width};
}

void Predictor::set_image_tensor(const std::filesystem::path& file) {
  auto& s = *impl_;
  auto st = weights::read_safetensors(file);
  auto it = st.tensors.find("image");
  if (it == st.tensors.end()) throw FormatError(file, "", "no tensor named 'image'");
  const auto size = s.config.image_size;
  const auto& t = it->second;
  if (t.dim() != 4 || t.size(0) != 1 || t.size(1) != 3 || t.size(2) != size || t.size(3) != size) {
    throw FormatError(file, "image",
                      "expected shape [1, 3, " + std::to_string(size) + ", " +
                          std::to_string(size) + "] for model " + s.config.name);
  }
  torch::NoGradGuard no_grad;
  s.image.reset();
  s.image = s.model->encode_image(t.to(s.device, torch::kFloat));
  s.original = {size, size};
}

bool Predictor::has_image() const {
  return impl_->image.has_value();
}

std::vector<Detection> Predictor::predict(const std::vector<std::string>& prompts,
                                          const std::vector<ExemplarBox>& boxes) {
  auto& s = *impl_;
  if (!s.image) throw InvalidInput("predict: no image set (call set_image first)");
  if (prompts.empty()) throw InvalidInput("predict: no prompt given");
  torch::NoGradGuard no_grad;
  const auto box_prompt = s.box_prompt(boxes);
  model::PostprocessOptions post;
  post.score_threshold = s.options.score_threshold;
  post.mask_threshold = s.options.mask_threshold;
  post.masks = s.options.masks;

  std::vector<Detection> out;
  s.last_outputs.clear();
  for (std::size_t p = 0; p < prompts.size(); ++p) {
    auto outputs = s.model->ground(*s.image, s.text_for(prompts[p]), box_prompt);
    auto dets =
        model::postprocess(
            outputs.pred_logits.to(torch::kFloat), outputs.presence_logit_dec.to(torch::kFloat),
            outputs.pred_boxes.to(torch::kFloat),
            post.masks ? outputs.pred_masks.to(torch::kFloat) : torch::Tensor(), {s.original}, post)
            .at(0);
    auto q = dets.query_index.cpu();
    auto sc = dets.scores.cpu();
    auto bx = dets.boxes_xyxy.cpu().contiguous();
    auto masks = post.masks ? dets.masks.cpu() : torch::Tensor();
    for (int64_t k = 0; k < q.size(0); ++k) {
      Detection d;
      d.prompt_index = static_cast<int>(p);
      d.prompt = prompts[p];
      d.query = static_cast<int>(q[k].item<int64_t>());
      d.score = sc[k].item<float>();
      // The official post-processing does not clamp (a box may reach past the border by half its
      // predicted width); a detection in a photo ends at the photo's edge.
      const float limits[4] = {
          static_cast<float>(s.original.width), static_cast<float>(s.original.height),
          static_cast<float>(s.original.width), static_cast<float>(s.original.height)};
      for (int c = 0; c < 4; ++c)
        d.box_xyxy[c] = std::clamp(bx[k][c].item<float>(), 0.f, limits[c]);
      if (post.masks) d.mask = to_mask(masks[k]);
      out.push_back(std::move(d));
    }
    s.last_outputs.push_back(std::move(outputs));
  }
  return out;
}

void Predictor::save_raw_outputs(const std::filesystem::path& file) const {
  const auto& s = *impl_;
  if (s.last_outputs.empty()) throw InvalidInput("save_raw_outputs: nothing predicted yet");
  auto cat = [&s](auto field) {
    std::vector<torch::Tensor> parts;
    for (const auto& o : s.last_outputs) parts.push_back(field(o).to(torch::kCPU, torch::kFloat));
    return torch::cat(parts, 0);
  };
  weights::NamedTensors t;
  t["pred_logits"] = cat([](const model::Sam3Outputs& o) { return o.pred_logits; });
  t["pred_boxes"] = cat([](const model::Sam3Outputs& o) { return o.pred_boxes; });
  t["presence_logit_dec"] = cat([](const model::Sam3Outputs& o) { return o.presence_logit_dec; });
  t["pred_masks"] = cat([](const model::Sam3Outputs& o) { return o.pred_masks; });
  weights::write_safetensors(file, t, {{"format", "sam3studio-raw-outputs"}});
}

std::size_t Predictor::cached_prompts() const {
  return impl_->text_cache.size();
}

}  // namespace sam3
