// Project store at scale: 10,000 photos x 10 polygons (12 vertices each). Targets (issue 5):
// open <= 1 s, export COCO <= 3 s, import <= 5 s (metadata: photo files are read and hashed,
// never decoded or copied). The synthetic photos are PNG headers (640x480) with a unique text
// chunk; results go to docs/performance.md, section "Project store".
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/project/interchange.h"
#include "core/project/project.h"

namespace fs = std::filesystem;
namespace sp = sam3::project;

namespace {

constexpr int kPhotos = 10000;
constexpr int kPolygons = 10;
constexpr int kVertices = 12;

fs::path root() {
  static const fs::path dir =
      fs::temp_directory_path() / ("sam3_project_bench_" + std::to_string(::getpid()));
  return dir;
}

std::string png_header(int i) {
  std::string s("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x02\x80\0\0\x01\xe0\x08\x02\0\0\0\0\0\0\0",
                33);
  std::string text = "Comment\0photo " + std::to_string(i);
  return s + std::string("\0\0\0", 3) + static_cast<char>(text.size()) + "tEXt" + text +
         std::string(4, '\0') + std::string("\0\0\0\0IEND\xae\x42\x60\x82", 12);
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

// Writes the photos and a clean COCO file with kPolygons polygons per photo.
fs::path make_dataset() {
  fs::path dir = root() / "dataset";
  if (fs::exists(dir / "annotations.json")) return dir / "annotations.json";
  fs::create_directories(dir / "images");
  std::string j = R"({"categories":[{"id":1,"name":"fuse cutout"},{"id":2,"name":"fuse neutral"}])";
  j += R"(,"images":[)";
  std::string anns;
  std::uint32_t rng = 12345;
  auto next = [&](int range) {
    rng = rng * 1664525u + 1013904223u;
    return static_cast<double>(rng >> 8) / (1u << 24) * range;
  };
  int ann_id = 0;
  for (int i = 0; i < kPhotos; ++i) {
    std::string name = "photo_" + std::to_string(i) + ".png";
    std::ofstream(dir / "images" / name, std::ios::binary) << png_header(i);
    if (i > 0) j += ',';
    j += R"({"id":)";
    j += std::to_string(i + 1);
    j += R"(,"file_name":")";
    j += name;
    j += R"(","width":640,"height":480})";
    for (int k = 0; k < kPolygons; ++k) {
      double cx = 60 + next(520), cy = 60 + next(360);
      if (++ann_id > 1) anns += ',';
      anns += R"({"id":)";
      anns += std::to_string(ann_id);
      anns += R"(,"image_id":)";
      anns += std::to_string(i + 1);
      anns += R"(,"category_id":)";
      anns += std::to_string(1 + k % 2);
      anns += R"(,"iscrowd":0,"segmentation":[[)";
      for (int v = 0; v < kVertices; ++v) {
        double a = 6.283185307 * v / kVertices, r = 20 + next(30);
        if (v > 0) anns += ',';
        anns += number(cx + r * std::cos(a));
        anns += ',';
        anns += number(cy + r * std::sin(a));
      }
      anns += "]]}";
    }
  }
  j += R"(],"annotations":[)";
  j += anns;
  j += "]}";
  std::ofstream(dir / "annotations.json", std::ios::binary) << j;
  return dir / "annotations.json";
}

fs::path reference_project() {
  fs::path dir = root() / "reference";
  if (!sp::Project::exists(dir)) {
    sp::Project p = sp::Project::create(dir);
    sp::commit_dataset(p, sp::parse_coco_file(make_dataset()), {false});
  }
  return dir;
}

void ImportCoco(benchmark::State& state) {
  fs::path json = make_dataset();
  int n = 0;
  for (auto _ : state) {
    state.PauseTiming();
    fs::path dir = root() / ("import_" + std::to_string(n++));
    state.ResumeTiming();
    sp::Project p = sp::Project::create(dir);
    sp::ImportReport r = sp::commit_dataset(p, sp::parse_coco_file(json), {false});
    if (r.annotations_added != kPhotos * kPolygons) state.SkipWithError("import lost annotations");
    state.PauseTiming();
    fs::remove_all(dir);
    state.ResumeTiming();
  }
}

void OpenProject(benchmark::State& state) {
  fs::path dir = reference_project();
  for (auto _ : state) {
    sp::Project p = sp::Project::open(dir);
    auto photos = p.photos();  // what a photo list needs right after opening
    auto classes = p.classes();
    benchmark::DoNotOptimize(photos.data());
    if (photos.size() != kPhotos) state.SkipWithError("wrong photo count");
  }
}

void ExportCoco(benchmark::State& state, bool roboflow) {
  sp::Project p = sp::Project::open(reference_project());
  fs::path out = root() / (roboflow ? "out_roboflow" : "out_coco");
  for (auto _ : state) {
    sp::ExportReport r = roboflow
                             ? sp::export_roboflow(p, out, {"2026-03-01T10:00:00+00:00", false})
                             : sp::export_coco(p, out, {"2026-03-01T10:00:00+00:00", false});
    if (r.annotations != kPhotos * kPolygons) state.SkipWithError("export lost annotations");
  }
}

}  // namespace

BENCHMARK(ImportCoco)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(OpenProject)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK_CAPTURE(ExportCoco, coco, false)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK_CAPTURE(ExportCoco, roboflow, true)->Unit(benchmark::kMillisecond)->Iterations(3);

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::error_code ec;
  fs::remove_all(root(), ec);
  return 0;
}
