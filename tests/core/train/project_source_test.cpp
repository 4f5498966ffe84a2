// Training samples from a project store (core/train/project_source.h), on a small project built
// here through the project API: classes with their SAM3 prompts, train / valid / unsplit photos,
// negatives, unlabelled photos, model detections left out; then one training step from it.
#ifdef SAM3_HAVE_TRAIN_PROJECT
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/project/project.h"
#include "core/train/project_source.h"
#include "core/train/trainer.h"
#include "core/util/errors.h"
#include "core/util/fs_util.h"
#include "tests/support/test_paths.h"

namespace sam3::train {
namespace {
namespace fs = std::filesystem;
using project::Annotation;
using project::Photo;
using project::Point;

// Test photo files: "W H\n" then W*H*3 bytes (the test's own format, decoded by test_decoder).
void write_photo(const fs::path& file, int w, int h, int shade) {
  std::ofstream out(file, std::ios::binary);
  out << w << ' ' << h << '\n';
  for (int i = 0; i < w * h * 3; ++i) out.put(static_cast<char>((shade + i) % 256));
}

Image test_decoder(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError(file, "cannot open");
  Image img;
  in >> img.width >> img.height;
  in.get();
  img.rgb.resize(static_cast<std::size_t>(img.width) * img.height * 3);
  in.read(reinterpret_cast<char*>(img.rgb.data()), static_cast<std::streamsize>(img.rgb.size()));
  return img;
}

struct TinyProject {
  TinyProject() {
    dir = fs::temp_directory_path() / ("sam3_project_source_" + std::to_string(::getpid()));
    sam3::remove_tree(dir);
    project::Project p = project::Project::create(dir, "fuses");
    fuse = p.add_class({0, "fuse", "#ff0000", "fuse cutout"});
    neutral = p.add_class({0, "neutral", "#00ff00", ""});  // prompt defaults to the name
    photo(p, "a.png", project::Split::Train, project::PhotoStatus::InProgress, false, 64, 48);
    photo(p, "b.png", project::Split::Train, project::PhotoStatus::Unlabeled, true, 64, 48);
    photo(p, "c.png", project::Split::Train, project::PhotoStatus::Unlabeled, false, 64, 48);
    photo(p, "d.png", project::Split::Valid, project::PhotoStatus::Done, false, 40, 30);
    photo(p, "e.png", project::Split::None, project::PhotoStatus::Done, false, 64, 48);
    // a: a polygon with a hole (fuse) and a box (neutral); a model detection that is left out.
    Annotation poly;
    poly.photo_id = ids[0];
    poly.class_id = fuse;
    poly.rings = {{{10, 10}, {30, 10}, {30, 30}, {10, 30}}, {{15, 15}, {20, 15}, {20, 20}}};
    p.add_annotation(poly);
    Annotation box;
    box.photo_id = ids[0];
    box.class_id = neutral;
    box.kind = project::ShapeKind::Box;
    box.bbox = {40, 5, 10, 20};
    p.add_annotation(box);
    Annotation model = box;
    model.source = project::Source::Model;
    model.bbox = {1, 1, 5, 5};
    model.score = 0.9;
    p.add_annotation(model);
    // c: only a model detection: unlabelled, left out. e: unsplit, left out.
    model.photo_id = ids[2];
    p.add_annotation(model);
  }
  ~TinyProject() { sam3::remove_tree(dir); }
  void photo(project::Project& p, const std::string& name, project::Split split,
             project::PhotoStatus status, bool negative, int w, int h) {
    Photo ph;
    ph.original_name = name;
    ph.stored_name = "s_" + name;
    ph.sha256 = std::string(63, '0') + std::to_string(ids.size());
    ph.width = w;
    ph.height = h;
    ph.format = "png";
    ph.split = split;
    ph.status = status;
    ph.confirmed_negative = negative;
    write_photo(p.photos_dir() / ph.stored_name, w, h, static_cast<int>(ids.size()) * 40);
    ids.push_back(p.add_photo(ph));
  }
  fs::path dir;
  std::int64_t fuse = 0, neutral = 0;
  std::vector<std::int64_t> ids;
};

TEST(ProjectSource, ReadsClassesSplitsNegativesAndAnnotations) {
  TinyProject tp;
  const ProjectSource source(tp.dir, "train", "valid", test_decoder);
  EXPECT_EQ(source.class_names(), (std::vector<std::string>{"fuse", "neutral"}));
  EXPECT_EQ(source.class_prompts(), (std::vector<std::string>{"fuse cutout", "neutral"}));
  const auto train = source.photos(Split::Train);
  ASSERT_EQ(train.size(), 2u);  // a (annotated), b (confirmed negative); c is unlabelled
  EXPECT_EQ(source.unlabelled_photos(Split::Train), 1u);
  EXPECT_EQ(train[0].key, "s_a.png");
  EXPECT_EQ(train[0].width, 64);
  ASSERT_EQ(train[0].annotations.size(), 2u);  // the model detection is left out
  const SourceAnnotation& poly = train[0].annotations[0];
  EXPECT_EQ(poly.class_index, 0);
  ASSERT_EQ(poly.polygons.size(), 1u);  // outer ring only
  EXPECT_EQ(poly.polygons[0], (std::vector<double>{10, 10, 30, 10, 30, 30, 10, 30}));
  EXPECT_DOUBLE_EQ(poly.box.w, 20.0);
  const SourceAnnotation& box = train[0].annotations[1];
  EXPECT_EQ(box.class_index, 1);
  EXPECT_TRUE(box.polygons.empty());
  EXPECT_DOUBLE_EQ(box.box.x, 40.0);
  EXPECT_DOUBLE_EQ(box.box.h, 20.0);
  EXPECT_EQ(train[1].key, "s_b.png");
  EXPECT_TRUE(train[1].annotations.empty());
  const auto valid = source.photos(Split::Valid);
  ASSERT_EQ(valid.size(), 1u);  // d: done without objects = a negative
  EXPECT_EQ(valid[0].key, "s_d.png");
  EXPECT_NE(source.description().find("fuses"), std::string::npos);

  const Image img = source.decode(Split::Valid, 0);
  EXPECT_EQ(img.width, 40);
  EXPECT_EQ(img.height, 30);
  EXPECT_EQ(img.rgb[0], 3 * 40);  // photo d's shade
  EXPECT_THROW(source.decode(Split::Valid, 1), InvalidInput);

  // One query per class and labelled photo: 2 photos x 2 classes, 2 of them negatives (b).
  DatasetOptions options;
  options.image_size = 56;
  options.augment.min_size = options.augment.max_size = 56;
  const TrainingDataset data(source, Split::Train, options);
  EXPECT_EQ(data.num_queries(), 4u);
  EXPECT_EQ(data.num_negative_queries(), 2u);
}

TEST(ProjectSource, BadInputIsRefused) {
  TinyProject tp;
  EXPECT_THROW(ProjectSource(tp.dir, "train", "none", test_decoder), InvalidInput);
  EXPECT_THROW(ProjectSource(tp.dir, "training", "valid", test_decoder), InvalidInput);
  EXPECT_THROW(ProjectSource(tp.dir, "train", "valid", PhotoDecoder{}), InvalidInput);
  EXPECT_THROW(ProjectSource(tp.dir / "missing", "train", "valid", test_decoder), Error);
  // A photo whose file does not match the recorded size.
  write_photo(tp.dir / "photos" / "s_a.png", 10, 10, 0);
  const ProjectSource source(tp.dir, "train", "valid", test_decoder);
  EXPECT_THROW(source.decode(Split::Train, 0), FormatError);
  // A project without classes.
  const fs::path empty = tp.dir.string() + "_empty";
  sam3::remove_tree(empty);
  project::Project::create(empty, "empty");
  EXPECT_THROW(ProjectSource(empty, "train", "valid", test_decoder), InvalidInput);
  sam3::remove_tree(empty);
}

TEST(ProjectSource, TrainsOneStepFromTheProject) {
  const fs::path vocab =
      fs::path(::sam3::test::shared_dir()) / "reference/clip-bpe/bpe_simple_vocab_16e6.txt.gz";
  if (!fs::exists(vocab)) GTEST_SKIP() << "needs " << vocab << " (../shared absent)";
  TinyProject tp;
  const ProjectSource source(tp.dir, "train", "valid", test_decoder);
  TrainerOptions o;
  o.model_config = "sam3-tiny";
  o.vocab = vocab;
  o.device = "cpu";
  o.max_steps = 1;
  o.tensorboard = false;
  const fs::path run = tp.dir / "runs" / "r1";
  Trainer trainer(o, source, run, "# test\n");
  const TrainResult r = trainer.run();
  ASSERT_EQ(r.steps, 1);
  EXPECT_TRUE(std::isfinite(r.step_losses.at(0)));
  ASSERT_TRUE(r.last_validation.has_value());  // the valid split (photo d) was evaluated
}

}  // namespace
}  // namespace sam3::train
#endif  // SAM3_HAVE_TRAIN_PROJECT
