// sam3studio-cli predict: COCO results JSON for text prompts on photos, folders of photos, a
// project split (core/batch) or a preprocessed tensor; optionally the raw model outputs of the last
// photo and overlay images with the masks drawn.
#include <filesystem>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/batch/coco_result.h"
#include "core/inference/predictor.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#ifdef SAM3STUDIO_HAVE_IMAGEIO
#include "core/batch/batch_predict.h"
#ifdef SAM3_BATCH_HAVE_PROJECT
#include "core/batch/project_batch.h"
#endif
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
  std::string project;
  std::string split = "valid";
};

void write_results(const std::string& out, const std::string& text) {
  if (out.empty())
    std::cout << text << '\n';
  else
    sam3::write_file_atomic(out, text + "\n");
}

// The (1,3,S,S) tensor path: one image, detections in pixels of the S x S input.
void predict_tensor(sam3::Predictor& predictor, const PredictArgs& a) {
  if (a.prompts.empty()) throw sam3::InvalidInput("--input-tensor needs --prompt");
  predictor.set_image_tensor(a.input_tensor);
  auto results = nlohmann::ordered_json::array();
  for (const auto& d : predictor.predict(a.prompts))
    results.push_back(sam3::batch::result_entry(d, 1, d.prompt_index + 1));
  write_results(a.out, results.dump(a.out.empty() ? 2 : -1));
}

#ifdef SAM3STUDIO_HAVE_IMAGEIO
// Photos (files and folders) or a project split through core/batch.
void predict_photos(sam3::Predictor& predictor, const PredictArgs& a) {
  std::vector<sam3::batch::BatchPhoto> photos;
  std::vector<sam3::batch::BatchPrompt> prompts;
  if (!a.project.empty()) {
#ifdef SAM3_BATCH_HAVE_PROJECT
    auto batch = sam3::batch::project_batch(a.project, a.split);
    photos = std::move(batch.photos);
    prompts =
        a.prompts.empty() ? std::move(batch.prompts) : sam3::batch::numbered_prompts(a.prompts);
#else
    throw sam3::InvalidInput("this build has no project store: --project is not available");
#endif
  } else {
    if (a.prompts.empty())
      throw sam3::InvalidInput("give --prompt (or --project to use its classes)");
    photos = sam3::batch::photos_from_paths({a.images.begin(), a.images.end()});
    prompts = sam3::batch::numbered_prompts(a.prompts);
  }
  sam3::batch::BatchOptions options;
  options.overlay_dir = a.overlay_dir;
  options.results_file = a.out;
  const auto summary = sam3::batch::run_batch(
      predictor, photos, prompts, options,
      [](std::size_t done, std::size_t total, const sam3::batch::BatchPhoto& photo) {
        std::cerr << "[" << done << "/" << total << "] " << photo.file.string() << '\n';
        return true;
      });
  std::cerr << summary.photos_done << " photos, " << summary.detections << " detections";
  if (!a.overlay_dir.empty()) std::cerr << ", overlays in " << a.overlay_dir;
  std::cerr << '\n';
  if (a.out.empty()) std::cout << summary.results_json << '\n';
}
#endif

int run_predict(PredictArgs& a) {
  const int sources =
      int(!a.images.empty()) + int(!a.input_tensor.empty()) + int(!a.project.empty());
  if (sources != 1)
    throw sam3::InvalidInput(
        "give exactly one of: IMAGE files or folders, --input-tensor, or --project");
  if (!a.model.empty()) a.options.model_path = a.model;
  sam3::Predictor predictor(a.options);
  const auto& info = predictor.info();
  std::cerr << "model " << info.model_name << " (" << info.parameters << " parameters) on "
            << info.device << ", " << info.precision << ", weights: " << info.weights_source
            << '\n';
  if (!a.input_tensor.empty()) {
    predict_tensor(predictor, a);
  } else {
#ifdef SAM3STUDIO_HAVE_IMAGEIO
    predict_photos(predictor, a);
#else
    throw sam3::InvalidInput("this build has no image decoding (OpenCV off): use --input-tensor");
#endif
  }
  if (!a.raw_out.empty()) predictor.save_raw_outputs(a.raw_out);
  return 0;
}

sam3::cli::Runner add_predict(CLI::App& app, CLI::App*& sub) {
  auto a = std::make_shared<PredictArgs>();
  sub = app.add_subcommand("predict", "Detect and segment what text prompts name, as COCO results");
  sub->add_option("images", a->images,
                  "Photos (JPEG, PNG, BMP, TIFF, WebP) or folders holding them");
  // One value per --prompt, so `--prompt fuse photos/` leaves the folder to the positional photos.
  sub->add_option("--prompt,-p", a->prompts,
                  "Text prompt (repeat for several; default with --project: its classes)")
      ->allow_extra_args(false);
  sub->add_option("--project", a->project,
                  "Predict the photos of a project split (category ids = the class ids)");
  sub->add_option("--split", a->split, "With --project: train, valid, test, none or all")
      ->capture_default_str();
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
