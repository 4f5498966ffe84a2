#include "core/review/prediction_store.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <system_error>

#include <nlohmann/json.hpp>

#include "core/project/sha256.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace sam3::review {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kFormat = "sam3studio.predictions";
constexpr int kVersion = 1;

bool valid_sha(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// Reads one field with a typed error naming the file and the place.
class Reader {
 public:
  explicit Reader(const fs::path& file) : file_(file) {}
  const json& at(const json& obj, const char* key, const std::string& where) const {
    if (!obj.is_object() || !obj.contains(key))
      throw FormatError(file_, where, std::string("missing key \"") + key + "\"");
    return obj.at(key);
  }
  double number(const json& obj, const char* key, const std::string& where) const {
    const json& v = at(obj, key, where);
    if (!v.is_number()) fail(where + "." + key, "expected a number, got " + v.dump());
    return v.get<double>();
  }
  std::int64_t integer(const json& obj, const char* key, const std::string& where) const {
    const json& v = at(obj, key, where);
    if (!v.is_number_integer()) fail(where + "." + key, "expected an integer, got " + v.dump());
    return v.get<std::int64_t>();
  }
  std::string text(const json& obj, const char* key, const std::string& where) const {
    const json& v = at(obj, key, where);
    if (!v.is_string()) fail(where + "." + key, "expected a string, got " + v.dump());
    return v.get<std::string>();
  }
  const json& array(const json& obj, const char* key, const std::string& where) const {
    const json& v = at(obj, key, where);
    if (!v.is_array()) fail(where + "." + key, "expected an array");
    return v;
  }
  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw FormatError(file_, where, what);
  }

 private:
  fs::path file_;
};

PredictedObject read_object(const Reader& r, const json& d, const std::string& where,
                            const PhotoPredictions& p) {
  PredictedObject o;
  o.class_id = r.integer(d, "class_id", where);
  const double score = r.number(d, "score", where);
  if (!(score >= 0 && score <= 1)) r.fail(where + ".score", "expected a score in [0, 1]");
  o.score = static_cast<float>(score);
  const json& box = r.array(d, "box", where);
  if (box.size() != 4) r.fail(where + ".box", "expected 4 numbers [x0, y0, x1, y1]");
  for (std::size_t i = 0; i < 4; ++i) {
    if (!box[i].is_number()) r.fail(where + ".box", "expected numbers");
    o.box[i] = box[i].get<double>();
  }
  if (!(o.box[0] <= o.box[2] && o.box[1] <= o.box[3]))
    r.fail(where + ".box", "expected x0 <= x1 and y0 <= y1");
  if (d.contains("mask")) {
    const json& m = d.at("mask");
    const std::string mw = where + ".mask";
    const json& size = r.array(m, "size", mw);
    if (size.size() != 2 || !size[0].is_number_unsigned() || !size[1].is_number_unsigned())
      r.fail(mw + ".size", "expected [height, width]");
    const auto h = size[0].get<std::uint32_t>();
    const auto w = size[1].get<std::uint32_t>();
    if (h != static_cast<std::uint32_t>(p.height) || w != static_cast<std::uint32_t>(p.width))
      r.fail(mw + ".size", "expected the photo's size " + std::to_string(p.height) + " x " +
                               std::to_string(p.width));
    try {
      o.mask = eval::rle_from_string(r.text(m, "counts", mw), h, w);
    } catch (const InvalidInput& e) {
      r.fail(mw + ".counts", e.what());
    }
    std::uint64_t total = 0;
    for (auto c : o.mask.counts) total += c;
    if (total != static_cast<std::uint64_t>(h) * w)
      r.fail(mw + ".counts", "runs cover " + std::to_string(total) + " pixels, expected " +
                                 std::to_string(static_cast<std::uint64_t>(h) * w));
  }
  return o;
}

}  // namespace

std::string model_key(const ModelIdentity& model) {
  std::string id = model.config + '\n' + model.variant + '\n';
  if (!model.weights.empty()) {
    std::error_code ec;
    const fs::path abs = fs::absolute(model.weights, ec);
    const auto size = fs::file_size(model.weights, ec);
    if (ec) throw IoError(model.weights, "cannot read the weights' size: " + ec.message());
    const auto mtime = fs::last_write_time(model.weights, ec);
    if (ec) throw IoError(model.weights, "cannot read the weights' time: " + ec.message());
    id += abs.lexically_normal().string() + '\n' + std::to_string(size) + '\n' +
          std::to_string(mtime.time_since_epoch().count());
  }
  std::string stem = fs::path(model.config).stem().string();
  for (char& c : stem)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
  return stem + '-' + project::sha256_hex(id).substr(0, 16);
}

PredictionStore::PredictionStore(fs::path project_dir, std::string key)
    : project_(std::move(project_dir)), key_(std::move(key)) {
  if (key_.empty() || key_ == "." || key_ == ".." || key_.find_first_of("/\\") != std::string::npos)
    throw InvalidInput("prediction store: model key \"" + key_ + "\" is not a folder name");
}

fs::path PredictionStore::dir() const {
  return project_ / "cache" / "predictions" / key_;
}

fs::path PredictionStore::file_for(const std::string& sha) const {
  if (!valid_sha(sha))
    throw InvalidInput("prediction store: \"" + sha + "\" is not a photo's SHA-256");
  return dir() / (sha + ".json");
}

std::optional<PhotoPredictions> PredictionStore::load(const std::string& sha) const {
  const fs::path file = file_for(sha);
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::nullopt;
  PhotoPredictions p = from_json(read_file(file), file);
  if (p.photo_sha256 != sha)
    throw FormatError(file, "photo_sha256", "belongs to photo " + p.photo_sha256);
  return p;
}

void PredictionStore::save(const PhotoPredictions& p) const {
  const fs::path file = file_for(p.photo_sha256);
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  if (ec) throw IoError(file.parent_path(), "cannot create the folder: " + ec.message());
  write_file_atomic(file, to_json(p));
}

void PredictionStore::remove(const std::string& sha) const {
  const fs::path file = file_for(sha);
  std::error_code ec;
  fs::remove(file, ec);
  if (ec) throw IoError(file, "cannot remove: " + ec.message());
}

std::string to_json(const PhotoPredictions& p) {
  json j;
  j["format"] = kFormat;
  j["version"] = kVersion;
  j["photo_sha256"] = p.photo_sha256;
  j["width"] = p.width;
  j["height"] = p.height;
  j["min_score"] = p.min_score;
  j["prompts"] = json::array();
  for (const auto& c : p.prompts)
    j["prompts"].push_back({{"class_id", c.class_id}, {"prompt", c.prompt}});
  j["detections"] = json::array();
  for (const auto& o : p.objects) {
    json d = {{"class_id", o.class_id},
              {"score", o.score},
              {"box", {o.box[0], o.box[1], o.box[2], o.box[3]}}};
    if (o.mask.h > 0 && o.mask.w > 0)
      d["mask"] = {{"size", {o.mask.h, o.mask.w}}, {"counts", eval::rle_to_string(o.mask)}};
    j["detections"].push_back(std::move(d));
  }
  return j.dump() + '\n';
}

PhotoPredictions from_json(const std::string& text, const fs::path& file) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    throw FormatError(file, "byte " + std::to_string(e.byte), "not JSON: " + std::string(e.what()));
  } catch (const json::exception& e) {  // e.g. a number beyond double (out_of_range)
    throw FormatError(file, "", "not JSON: " + std::string(e.what()));
  }
  const Reader r(file);
  if (!j.is_object()) r.fail("", "expected a JSON object");
  if (r.text(j, "format", "") != kFormat) r.fail("format", std::string("expected ") + kFormat);
  if (r.integer(j, "version", "") != kVersion)
    r.fail("version", "expected version " + std::to_string(kVersion));
  PhotoPredictions p;
  p.photo_sha256 = r.text(j, "photo_sha256", "");
  if (!valid_sha(p.photo_sha256)) r.fail("photo_sha256", "expected 64 lowercase hex digits");
  p.width = static_cast<int>(r.integer(j, "width", ""));
  p.height = static_cast<int>(r.integer(j, "height", ""));
  if (p.width <= 0 || p.height <= 0) r.fail("width", "expected a positive photo size");
  p.min_score = r.number(j, "min_score", "");
  const json& prompts = r.array(j, "prompts", "");
  for (std::size_t i = 0; i < prompts.size(); ++i) {
    const std::string where = "prompts[" + std::to_string(i) + "]";
    p.prompts.push_back(
        {r.integer(prompts[i], "class_id", where), r.text(prompts[i], "prompt", where)});
  }
  const json& dets = r.array(j, "detections", "");
  for (std::size_t i = 0; i < dets.size(); ++i)
    p.objects.push_back(read_object(r, dets[i], "detections[" + std::to_string(i) + "]", p));
  return p;
}

}  // namespace sam3::review
