// Latency of one click of instance interactivity on this machine's CPU, with a cached image
// embedding: the prompt encoder + mask decoder ("decoder"), and the whole predict() of the model
// (decoder, hole filling, bilinear resize to the photo), for sam3-tiny and full-size sam3 heads
// (random weights: timing does not depend on the values; the full-size run builds only the tracker
// heads and feeds embeddings of the real shapes, since a click never runs the ViT). Also times the
// embedding cache: storing and loading one photo's embedding (full size: 21 MB).
// Usage: bench_interactive [--clicks N] [--threads T] [--photo WxH] [--model sam3|sam3-tiny]
// Prints one JSON object per measurement (milliseconds: median, min, max over N clicks).
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "core/inference/embedding_cache.h"
#include "core/model/model_config.h"
#include "core/model/sam1_task_predictor.h"
#include "core/util/fs_util.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace sam3::model;

struct Stats {
  double median, min, max;
  double
      cpu_median;  // process CPU time (all threads): the wall time on an idle machine when 1 thread
};

double cpu_ms() {
  return 1000.0 * static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

template <typename F>
Stats time_ms(int n, F&& f) {
  f();  // warm-up
  std::vector<double> ms, cpu;
  for (int i = 0; i < n; ++i) {
    const auto t0 = Clock::now();
    const double c0 = cpu_ms();
    f();
    cpu.push_back(cpu_ms() - c0);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  std::sort(cpu.begin(), cpu.end());
  return {ms[ms.size() / 2], ms.front(), ms.back(), cpu[cpu.size() / 2]};
}

void report(const std::string& model, const std::string& what, const Stats& s, int n,
            const std::string& extra = "") {
  std::printf(
      "{\"model\": \"%s\", \"what\": \"%s\", \"median_ms\": %.2f, \"min_ms\": %.2f, "
      "\"max_ms\": %.2f, \"cpu_median_ms\": %.2f, \"runs\": %d, \"threads\": %d%s}\n",
      model.c_str(), what.c_str(), s.median, s.min, s.max, s.cpu_median, n,
      torch::get_num_threads(), extra.c_str());
  std::fflush(stdout);
}

InstFeatures random_features(const ModelConfig& c) {
  const int64_t d = c.d_model(), g = c.feature_size();
  InstFeatures f;
  f.image_embed = torch::randn({1, d, g, g});
  f.high_res_s0 = torch::randn({1, d / 8, 4 * g, 4 * g});
  f.high_res_s1 = torch::randn({1, d / 4, 2 * g, 2 * g});
  return f;
}

void bench(const std::string& name, int clicks, int photo_w, int photo_h) {
  const auto config = model_config_by_name(name);
  Sam3TrackerBase tracker(config);
  torch::manual_seed(0);
  tracker->eval();
  const auto f = random_features(config);
  torch::NoGradGuard no_grad;
  auto& pe = *tracker->sam_prompt_encoder;
  const float s = static_cast<float>(config.image_size);
  const auto coords = torch::tensor({0.4f * s, 0.3f * s}).view({1, 1, 2});
  const auto labels = torch::tensor({1}, torch::kInt).view({1, 1});
  const auto decoder = [&] {
    auto [sparse, dense] = pe.forward(coords, labels, {});
    return tracker->sam_mask_decoder->forward(f.image_embed, pe.get_dense_pe(), sparse, dense, true,
                                              false, {f.high_res_s0, f.high_res_s1});
  };
  report(name, "decoder unprepared (prompt encoder + mask decoder, 3 masks)",
         time_ms(clicks, decoder), clicks);
  // What the predictor runs per click once prepare_decoder() has done the prompt-independent
  // part per photo: cached dense PE and layer-0 image projections, high-resolution features
  // channels-last (as Sam3InteractiveImagePredictorImpl::prepare_decoder does).
  TwoWayImageProjections layer0;
  torch::Tensor cached_pe;
  const auto prepare = [&] {
    cached_pe = pe.get_dense_pe();
    auto [sp, dn] = pe.forward(coords, labels, {});
    layer0 = tracker->sam_mask_decoder->project_image(f.image_embed, cached_pe, dn);
    return layer0.t2i_k;
  };
  report(name, "prepare_decoder (once per photo)", time_ms(std::max(3, clicks / 4), prepare),
         std::max(3, clicks / 4));
  const auto s0_cl = f.high_res_s0.contiguous(at::MemoryFormat::ChannelsLast);
  const auto s1_cl = f.high_res_s1.contiguous(at::MemoryFormat::ChannelsLast);
  auto& md = *tracker->sam_mask_decoder;
  bool upstream = false;  // the code before folding and pixel-major upscaling (NCHW features)
  const auto upstream_order = [&](bool on) {
    upstream = on;
    md.transformer->folding = on ? ImageSideFolding::Never : ImageSideFolding::Auto;
    md.pixel_major_upscaling = !on;
  };
  const auto prepared = [&] {
    auto [sparse, dense] = pe.forward(coords, labels, {});
    return md.forward(f.image_embed, cached_pe, sparse, dense, true, false,
                      upstream ? std::vector<torch::Tensor>{f.high_res_s0, f.high_res_s1}
                               : std::vector<torch::Tensor>{s0_cl, s1_cl},
                      &layer0);
  };
  upstream_order(true);
  report(name, "decoder, prepared, upstream order (unfolded, NCHW upscaling)",
         time_ms(clicks, prepared), clicks);
  const auto reference = prepared();
  upstream_order(false);
  report(name, "decoder, prepared (what a click costs in the app)", time_ms(clicks, prepared),
         clicks);
  {
    const auto a = decoder(), b = prepared();
    std::printf(
        "{\"model\": \"%s\", \"app_vs_upstream_order_max_abs_diff\": %g, "
        "\"app_vs_unprepared_max_abs_diff\": %g}\n",
        name.c_str(), (b.masks - reference.masks).abs().max().item<double>(),
        (a.masks - b.masks).abs().max().item<double>());
  }
  // Where the decoder's time goes.
  auto [sparse, dense] = pe.forward(coords, labels, {});
  const auto dense_pe = pe.get_dense_pe();
  report(name, "  prompt encoder + dense PE",
         time_ms(clicks,
                 [&] {
                   auto r = pe.forward(coords, labels, {});
                   return pe.get_dense_pe() + r.second;
                 }),
         clicks);
  const auto tokens = torch::cat({md.obj_score_token->weight, md.iou_token->weight,
                                  md.mask_tokens->weight, sparse[0]})
                          .unsqueeze(0);
  const auto src = f.image_embed + dense;
  for (const auto fold : {ImageSideFolding::Never, ImageSideFolding::Auto}) {
    md.transformer->folding = fold;
    report(name,
           fold == ImageSideFolding::Never ? "  two-way transformer, prepared, unfolded"
                                           : "  two-way transformer, prepared, folded if cheaper",
           time_ms(clicks, [&] { return md.transformer->forward(src, dense_pe, tokens, &layer0); }),
           clicks);
  }
  md.transformer->folding = ImageSideFolding::Auto;
  const auto keys = src.flatten(2).transpose(1, 2).contiguous();
  const int64_t g = src.size(2);
  report(name, "  output upscaling, NCHW (2 ConvTranspose)",
         time_ms(clicks, [&] { return md.upscale(src, f.high_res_s0, f.high_res_s1); }), clicks);
  report(name, "  output upscaling, pixel-major (2 GEMMs)",
         time_ms(clicks, [&] { return md.upscale_pixel_major(keys, g, g, s0_cl, s1_cl); }), clicks);
  MaskPostprocess post{config.tracker.mask_threshold, config.tracker.max_hole_area,
                       config.tracker.max_sprinkle_area};
  const auto low = decoder().masks;
  const std::string photo =
      ", \"photo\": \"" + std::to_string(photo_w) + "x" + std::to_string(photo_h) + "\"";
  report(name, "postprocess (hole filling + resize to the photo, 3 masks)",
         time_ms(clicks, [&] { return postprocess_masks(low, photo_h, photo_w, post); }), clicks,
         photo);
  report(name, "postprocess, best candidate only (what the app shows)",
         time_ms(clicks,
                 [&] { return postprocess_masks(low.narrow(1, 0, 1), photo_h, photo_w, post); }),
         clicks, photo);
  report(name, "click total (prepared decoder + postprocess and threshold of the best mask)",
         time_ms(
             clicks,
             [&] {
               auto out = prepared();
               const auto best = out.iou_pred.argmax(1).item<int64_t>();
               return postprocess_masks(out.masks.narrow(1, best, 1), photo_h, photo_w, post).gt(0);
             }),
         clicks, photo);

  const auto dir = std::filesystem::temp_directory_path() / "sam3_bench_interactive_cache";
  sam3::remove_tree(dir);
  sam3::EmbeddingCache cache(dir, 1ull << 30);
  const sam3::weights::NamedTensors tensors{{"image_embed", f.image_embed},
                                            {"high_res_s0", f.high_res_s0},
                                            {"high_res_s1", f.high_res_s1}};
  sam3::EmbeddingLayout layout;
  for (const auto& [k, t] : tensors) layout[k] = t.sizes().vec();
  const int n = std::max(3, clicks / 4);
  const auto store = time_ms(n, [&] { cache.store({"photo", "m"}, tensors); });
  report(name, "embedding cache store", store, n,
         ", \"bytes\": " + std::to_string(cache.total_bytes()));
  report(name, "embedding cache load (hit)",
         time_ms(n,
                 [&] {
                   return cache.load({"photo", "m"}, layout);
                 }),
         n);
  sam3::remove_tree(dir);
}

}  // namespace

int main(int argc, char** argv) {
  int clicks = 20, threads = 0, w = 1920, h = 1080;
  std::vector<std::string> models{"sam3-tiny", "sam3"};
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--clicks"))
      clicks = std::stoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--threads"))
      threads = std::stoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--photo"))
      std::sscanf(argv[i + 1], "%dx%d", &w, &h);
    else if (!std::strcmp(argv[i], "--model"))
      models = {argv[i + 1]};
  }
  if (threads > 0) torch::set_num_threads(threads);
  for (const auto& name : models) bench(name, clicks, w, h);
  return 0;
}
