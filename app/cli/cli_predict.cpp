// sam3studio-cli predict: COCO results JSON for text prompts on photos (or a preprocessed tensor),
// optionally the raw model outputs and overlay images with the masks drawn.
#include <filesystem>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/eval/rle.h"
#include "core/inference/predictor.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#ifdef SAM3STUDIO_HAVE_IMAGEIO
#include "app/cli/overlay.h"
#include "core/util/image_io.h"
#endif

namespace {

struct PredictArgs {
  sam3::PredictorOptions options;
  std::vector<std::string> prompts;
  std::vector<std::string> images;
  std::string model;
  std::string input_tensor;
  std::string out;
  std::string raw_out;
  std::string overlay_dir;
};

nlohmann::ordered_json result_entry(const sam3::Detection& d, int image_id) {
  const auto& b = d.box_xyxy;
  nlohmann::ordered_json j;
  j["image_id"] = image_id;
  j["category_id"] = d.prompt_index + 1;
  j["bbox"] = {b[0], b[1], b[2] - b[0], b[3] - b[1]};
  j["score"] = d.score;
  if (!d.mask.data.empty()) {
    const auto h = static_cast<std::uint32_t>(d.mask.height);
    const auto w = static_cast<std::uint32_t>(d.mask.width);
    std::vector<std::uint8_t> column_major(d.mask.data.size());
    for (std::uint32_t y = 0; y < h; ++y)
      for (std::uint32_t x = 0; x < w; ++x) column_major[x * h + y] = d.mask.data[y * w + x];
    j["segmentation"] = {
        {"size", {h, w}},
        {"counts", sam3::eval::rle_to_string(sam3::eval::rle_encode(column_major, h, w))}};
  }
  j["prompt"] = d.prompt;
  return j;
}

int run_predict(PredictArgs& a) {
  if (a.images.empty() == a.input_tensor.empty())
    throw sam3::InvalidInput("give either IMAGE files or --input-tensor, not both or neither");
  if (!a.model.empty()) a.options.model_path = a.model;
  sam3::Predictor predictor(a.options);
  const auto& info = predictor.info();
  std::cerr << "model " << info.model_name << " (" << info.parameters << " parameters) on "
            << info.device << ", " << info.precision << ", weights: " << info.weights_source
            << '\n';

  auto results = nlohmann::ordered_json::array();
  if (!a.input_tensor.empty()) {
    predictor.set_image_tensor(a.input_tensor);
    for (const auto& d : predictor.predict(a.prompts)) results.push_back(result_entry(d, 1));
  }
#ifdef SAM3STUDIO_HAVE_IMAGEIO
  for (std::size_t i = 0; i < a.images.size(); ++i) {
    const auto image = sam3::load_image(a.images[i]);
    predictor.set_image(image);
    const auto dets = predictor.predict(a.prompts);
    for (const auto& d : dets) results.push_back(result_entry(d, static_cast<int>(i) + 1));
    if (!a.overlay_dir.empty()) {
      std::filesystem::create_directories(a.overlay_dir);
      auto out = std::filesystem::path(a.overlay_dir) /
                 (std::filesystem::path(a.images[i]).stem().string() + "_overlay.png");
      sam3::save_image(sam3::cli::draw_overlay(image, dets), out);
    }
  }
#else
  if (!a.images.empty())
    throw sam3::InvalidInput("this build has no image decoding (OpenCV off): use --input-tensor");
#endif
  if (!a.raw_out.empty()) predictor.save_raw_outputs(a.raw_out);
  const std::string text = results.dump(a.out.empty() ? 2 : -1);
  if (a.out.empty()) {
    std::cout << text << '\n';
  } else {
    sam3::write_file_atomic(a.out, text + "\n");
  }
  return 0;
}

sam3::cli::Runner add_predict(CLI::App& app, CLI::App*& sub) {
  auto a = std::make_shared<PredictArgs>();
  sub = app.add_subcommand("predict", "Detect and segment what text prompts name, as COCO results");
  sub->add_option("images", a->images, "Photos (JPEG, PNG, BMP, TIFF, WebP)");
  sub->add_option("--prompt,-p", a->prompts, "Text prompt (repeat for several)")->required();
  sub->add_option("--model,-m", a->model,
                  "Weights file or model folder (default: facebook/sam3 in the HF cache)");
  sub->add_option("--model-config", a->options.model_config, "sam3, sam3-tiny or a YAML file")
      ->capture_default_str();
  sub->add_option("--vocab", a->options.vocab,
                  "Tokenizer vocabulary (default: the model folder's)");
  sub->add_option("--device", a->options.device, "auto, cpu, cuda or cuda:N")
      ->capture_default_str();
  sub->add_option("--threshold", a->options.score_threshold, "Score threshold")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  sub->add_flag(
      "--fp32", [a](std::int64_t) { a->options.bf16 = false; },
      "Run fp32 on CUDA instead of bf16 autocast");
  sub->add_flag(
      "--fp32-weights", [a](std::int64_t) { a->options.bf16_weights = false; },
      "With bf16 on CUDA, keep fp32 weights (autocast casts them per call)");
  sub->add_flag(
      "--no-masks", [a](std::int64_t) { a->options.masks = false; }, "Boxes only");
  sub->add_flag("--random-weights", a->options.random_weights,
                "Seeded random weights instead of a checkpoint (testing)");
  sub->add_option("--seed", a->options.seed, "Seed for --random-weights");
  sub->add_option(
      "--input-tensor", a->input_tensor,
      "Preprocessed (1,3,S,S) float tensor, safetensors key 'image', instead of photos");
  sub->add_option("--out,-o", a->out, "Write the COCO results JSON here (default: stdout)");
  sub->add_option(
      "--raw-out", a->raw_out,
      "Also write pred_logits, pred_boxes, presence_logit_dec, pred_masks (safetensors)");
  sub->add_option("--overlay-dir", a->overlay_dir,
                  "Write overlay images with masks and boxes here");
  return [a] { return run_predict(*a); };
}

}  // namespace

SAM3_CLI_COMMAND(predict, add_predict);
