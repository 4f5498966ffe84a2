#pragma once
// The demo project: photos of rendered electrical panels with fuse-cutout-like objects (and, with
// two classes, insulators) from the synthetic generator of core/train, stored with their exact
// polygons as a real project (core/project), split into train / valid / test. The GUI's `--demo`
// and `sam3studio-cli demo` write it. Qt-free, LibTorch-free.
//
// All or nothing: the project is built in a sibling staging folder and renamed into place at the
// end, so `dir` either holds the complete demo project or does not exist. Throws InvalidInput when
// `dir` exists already or the options are out of range, IoError when writing fails, Cancelled when
// `progress` asks to stop (the staging folder is removed in every failure case).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace sam3::demo {

struct DemoOptions {
  std::uint64_t seed = 7;
  int num_photos = 24;
  int width = 800;  // pixels of each photo
  int height = 600;
  int num_classes = 2;              // 1: fuse cutouts; 2: and insulators
  int max_objects = 3;              // per photo with objects
  double negative_fraction = 0.15;  // photos without objects (confirmed negatives)
  std::string name = "Demo: fuse cutouts";
};

struct DemoReport {
  std::filesystem::path dir;
  int photos = 0;
  int negatives = 0;
  int annotations = 0;
  int classes = 0;
};

// Called after each generated photo with (done, total); returning false cancels. Writing the
// store afterwards is one transaction and is not interrupted.
using DemoProgress = std::function<bool(int done, int total)>;

DemoReport create_demo_project(const std::filesystem::path& dir, const DemoOptions& options = {},
                               const DemoProgress& progress = {});

}  // namespace sam3::demo
