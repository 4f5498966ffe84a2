#pragma once
// Plain data types of the project store. Coordinates are pixels of the stored photo, which is the
// EXIF-corrected image (orientation baked in on import); x right, y down, origin top-left corner.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sam3::project {

struct Point {
  double x = 0;
  double y = 0;
  bool operator==(const Point&) const = default;
};
using Ring = std::vector<Point>;

enum class PhotoStatus { Unlabeled = 0, InProgress = 1, Done = 2, Reviewed = 3 };
enum class Split { None = 0, Train = 1, Valid = 2, Test = 3 };
enum class Verdict { None = 0, Ok = 1, Defect = 2, Unsure = 3 };
enum class ShapeKind { Polygon = 0, Box = 1 };
enum class Source { Human = 0, Model = 1, Accepted = 2 };
// Where an annotation's bbox/area came from: computed from the geometry, or kept verbatim from an
// imported COCO (clean) or Roboflow file so that re-exporting reproduces the file's numbers.
enum class MetricsOrigin { Computed = 0, Coco = 1, Roboflow = 2 };
enum class Decision { Accepted = 0, Rejected = 1, Fixed = 2 };

const char* to_string(PhotoStatus s);
const char* to_string(Split s);
const char* to_string(Verdict v);
const char* to_string(Source s);
const char* to_string(Decision d);
// Parse the names above; throw InvalidInput naming the bad value.
Split split_from_string(const std::string& s);
PhotoStatus status_from_string(const std::string& s);

struct Photo {
  std::int64_t id = 0;
  std::string original_name;  // file name as the user (or Roboflow's extra.name) knew it
  std::string stored_name;    // file under <project>/photos/
  std::string sha256;         // 64 lowercase hex of the imported file's bytes (identity)
  std::int64_t byte_size = 0;
  int width = 0;
  int height = 0;
  int orientation = 1;  // EXIF orientation the source had (1..8); already baked in
  std::string format;   // jpeg, png, bmp, tiff, webp
  PhotoStatus status = PhotoStatus::Unlabeled;
  Split split = Split::None;
  bool confirmed_negative = false;
  Verdict verdict = Verdict::None;
  std::string note;
};

struct ClassInfo {
  std::int64_t id = 0;
  std::string name;
  std::string color = "#e6194b";  // #rrggbb
  std::string prompt;             // the text SAM3 sees; empty on input means "same as name"
};

// A polygon (rings[0] outer boundary, rings[1..] holes) or an axis-aligned box.
struct Annotation {
  std::int64_t id = 0;
  std::int64_t photo_id = 0;
  std::int64_t class_id = 0;
  ShapeKind kind = ShapeKind::Polygon;
  std::vector<Ring> rings;       // Polygon only
  std::array<double, 4> bbox{};  // x, y, w, h; for Box the geometry itself
  std::optional<double> area;    // empty on input: computed
  MetricsOrigin metrics_origin = MetricsOrigin::Computed;
  Source source = Source::Human;
  std::optional<double> score;  // model confidence in [0, 1]
  std::map<std::string, std::string> attributes;
  bool operator==(const Annotation&) const = default;
};

struct ReviewDecision {
  std::int64_t id = 0;
  std::int64_t photo_id = 0;
  std::optional<std::int64_t> annotation_id;
  std::optional<std::int64_t> run_id;
  Decision decision = Decision::Accepted;
  std::string note;
  std::string decided_at;  // ISO 8601 UTC, set by the store
};

// The exact outline of the mask a smart polygon was accepted from (ui/smart): kept so that its
// simplification stays reversible after the project is closed. One per photo, the smart polygon
// accepted last there. Regions hold their rings (outer, then holes) with vertices on pixel
// corners, largest first, and their exact pixel areas; `tolerances` every simplification the tool
// gave the shapes (in the order applied, no repeats).
struct SmartOutline {
  struct Region {
    std::vector<Ring> rings;
    std::int64_t pixel_area = 0;
    bool operator==(const Region&) const = default;
  };
  std::int64_t photo_id = 0;
  int width = 0;  // of the mask, pixels of the stored photo
  int height = 0;
  std::vector<Region> regions;
  std::vector<double> tolerances;
  bool operator==(const SmartOutline&) const = default;
};

struct Run {
  std::int64_t id = 0;
  std::string name;
  std::string folder;  // relative to <project>/runs/
  std::string status;  // free text owned by the trainer: running, finished, failed, cancelled
  std::string config_yaml;
  std::string created_at;  // ISO 8601 UTC, set by the store
};

}  // namespace sam3::project
