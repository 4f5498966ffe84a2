// Training benchmark set-up: the memory modes, the YAML overrides that select them, and the
// synthetic bench photos (train_bench.h states the data contract the official script repeats).
#include <yaml-cpp/yaml.h>

#include <cmath>

#include "core/train/train_bench.h"
#include "core/train/train_bench_impl.h"
#include "core/train/train_config.h"
#include "core/util/errors.h"

namespace sam3::train {
namespace {

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto pos = text.find(sep, start);
    out.push_back(text.substr(start, pos - start));
    if (pos == std::string::npos) return out;
    start = pos + 1;
  }
}

// node[parts[i]][parts[i+1]]... = value (yaml-cpp Nodes are handles: recurse, never reassign).
void set_path(YAML::Node node, const std::vector<std::string>& parts, std::size_t i,
              const YAML::Node& value) {
  if (i + 1 == parts.size()) {
    node[parts[i]] = value;
    return;
  }
  set_path(node[parts[i]], parts, i + 1, value);
}

int rounded(int size, double fraction) {
  return static_cast<int>(std::floor(size * fraction + 0.5));
}

}  // namespace

const std::vector<TrainBenchMode>& default_train_bench_modes() {
  static const std::vector<TrainBenchMode> modes{
      {"full", {}},
      {"full_no_checkpointing", {{"precision.activation_checkpointing", "false"}}},
      {"frozen_text", {{"memory.freeze_text", "true"}}},
      {"frozen_text_trunk",
       {{"memory.freeze_text", "true"}, {"memory.freeze_vision_trunk", "true"}}},
      {"lora", {{"memory.lora.enabled", "true"}, {"memory.freeze_text", "true"}}},
      {"fp16", {{"precision.amp", "fp16"}}},
  };
  return modes;
}

TrainBenchMode parse_train_bench_mode(const std::string& spec) {
  TrainBenchMode mode;
  const auto colon = spec.find(':');
  mode.name = spec.substr(0, colon);
  const auto bad = [&](const std::string& why) {
    return InvalidInput("training bench mode '" + spec + "': " + why +
                        " (expected name or name:key=value,key=value)");
  };
  if (mode.name.empty()) throw bad("empty name");
  if (colon == std::string::npos) {  // a bare name is one of the default modes, with its settings
    for (const auto& known : default_train_bench_modes())
      if (known.name == mode.name) return known;
    std::string names;
    for (const auto& known : default_train_bench_modes()) names += " " + known.name;
    throw bad("unknown mode; the named modes are" + names);
  }
  for (const auto& item : split(spec.substr(colon + 1), ',')) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
      throw bad("setting '" + item + "' is not key=value");
    mode.settings.emplace_back(item.substr(0, eq), item.substr(eq + 1));
  }
  return mode;
}

std::array<std::array<int, 4>, 2> bench_rectangles(int image_size, int index) {
  std::array<std::array<int, 4>, 2> out{};
  for (int k = 0; k < 2; ++k) {
    const int x0 = rounded(image_size, 0.10 + 0.45 * k);
    const int y0 = rounded(image_size, 0.15 + 0.05 * (index % 4));
    out[static_cast<std::size_t>(k)] = {x0, y0, x0 + rounded(image_size, 0.30),
                                        y0 + rounded(image_size, 0.40)};
  }
  return out;
}

BenchSource::BenchSource(int image_size, int train_photos)
    : size_(image_size), train_photos_(train_photos) {
  if (image_size < 16 || train_photos < 1)
    throw InvalidInput("training bench: image size >= 16 and photos >= 1 expected, got " +
                       std::to_string(image_size) + " and " + std::to_string(train_photos));
}

std::vector<SourcePhoto> BenchSource::photos(Split split) const {
  const int n = split == Split::Train ? train_photos_ : 1;
  std::vector<SourcePhoto> out;
  for (int i = 0; i < n; ++i) {
    SourcePhoto p{
        "bench_" + std::string(to_string(split)) + "_" + std::to_string(i), size_, size_, {}};
    for (const auto& r : bench_rectangles(size_, i)) {
      const double x0 = r[0], y0 = r[1], x1 = r[2], y1 = r[3];
      p.annotations.push_back({0, {{x0, y0, x1, y0, x1, y1, x0, y1}}, {x0, y0, x1 - x0, y1 - y0}});
    }
    out.push_back(std::move(p));
  }
  return out;
}

Image BenchSource::decode(Split split, std::size_t index) const {
  const int i = static_cast<int>(index);
  if (i >= (split == Split::Train ? train_photos_ : 1))
    throw InvalidInput("training bench: no photo " + std::to_string(index));
  Image image{size_, size_, std::vector<std::uint8_t>(static_cast<std::size_t>(size_) * size_ * 3)};
  std::size_t at = 0;
  for (int y = 0; y < size_; ++y)
    for (int x = 0; x < size_; ++x)
      for (int c = 0; c < 3; ++c)
        image.rgb[at++] = static_cast<std::uint8_t>((3 * x + 7 * y + 85 * c + 41 * i) % 256);
  return image;
}

std::string BenchSource::description() const {
  return "training bench photos " + std::to_string(size_) + "x" + std::to_string(size_) + ", " +
         std::to_string(train_photos_) + " train";
}

std::string apply_settings(const std::string& yaml,
                           const std::vector<std::pair<std::string, std::string>>& settings) {
  YAML::Node root = YAML::Load(yaml);
  for (const auto& [key, value] : settings) {
    const auto parts = split(key, '.');
    for (const auto& p : parts)
      if (p.empty()) throw InvalidInput("training bench: malformed config key '" + key + "'");
    set_path(root, parts, 0, YAML::Load(value));
  }
  YAML::Emitter out;
  out << root;
  return out.c_str();
}

ModeSetup set_up_mode(const TrainConfig& base, const TrainBenchMode& mode,
                      const std::vector<std::pair<std::string, std::string>>& fixed) {
  ModeSetup s;
  const std::filesystem::path source = "training bench mode '" + mode.name + "'";
  try {
    auto settings = mode.settings;
    settings.insert(settings.end(), fixed.begin(), fixed.end());
    s.config = parse_train_config(apply_settings(to_yaml(base), settings), source);
    validate_train_config(s.config, source);
    s.options = trainer_options_from_config(s.config, source, &s.notes);
    s.available = true;
  } catch (const ConfigError& e) {
    s.reason = e.what();
  }
  return s;
}

}  // namespace sam3::train
