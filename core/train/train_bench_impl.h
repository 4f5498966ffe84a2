#pragma once
// Internals of the training benchmark shared by train_bench.cpp and train_bench_setup.cpp.
// Not part of the interface.
#include <string>
#include <utility>
#include <vector>

#include "core/train/dataset.h"
#include "core/train/train_bench.h"
#include "core/train/train_config.h"
#include "core/train/trainer.h"
#include "core/train/trainer_options.h"

namespace sam3::train {

// The bench photos of train_bench.h: `train_photos` train photos and 1 valid photo, S x S.
class BenchSource : public SampleSource {
 public:
  BenchSource(int image_size, int train_photos);
  std::vector<std::string> class_names() const override { return {"fuse cutout"}; }
  std::vector<std::string> class_prompts() const override { return class_names(); }
  std::vector<SourcePhoto> photos(Split split) const override;
  Image decode(Split split, std::size_t index) const override;
  std::string description() const override;

 private:
  int size_, train_photos_;
};

// The YAML text with each dotted key set to its value (parsed as YAML); keys may be new.
std::string apply_settings(const std::string& yaml,
                           const std::vector<std::pair<std::string, std::string>>& settings);

struct ModeSetup {
  bool available = false;
  std::string reason;  // the ConfigError when not available
  std::vector<std::string> notes;
  TrainConfig config;
  TrainerOptions options;
};

// base + mode settings + fixed settings (later ones win) through the engine's config path.
ModeSetup set_up_mode(const TrainConfig& base, const TrainBenchMode& mode,
                      const std::vector<std::pair<std::string, std::string>>& fixed);

}  // namespace sam3::train
