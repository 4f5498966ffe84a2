// A photo file deleted from <project>/photos while a training runs (through the facade the ui
// drives, training_session.h, on a generated demo project with real PNG photos): the run goes on
// (photos are decoded once, trainer.h), is cancelled with a checkpoint; a resume then fails with a
// Disk error naming the missing file and leaves the checkpoint as it was; once the photo is
// removed from the project (as the photo panel does), the resume runs to the end.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/demo/demo_project.h"
#include "core/project/project.h"
#include "core/train/training_session.h"
#include "core/util/fs_util.h"
#include "tests/reliability/harness.h"
#include "tests/support/test_paths.h"

namespace sam3::train {
namespace {
namespace fs = std::filesystem;

fs::path vocab() {
  return fs::path(::sam3::test::shared_dir()) / "reference/clip-bpe/bpe_simple_vocab_16e6.txt.gz";
}

std::map<std::string, std::string> checkpoints(const fs::path& run) {
  return reliability::file_tree(run / "checkpoints");
}

TEST(DeletedPhoto, RunGoesOnResumeNamesTheFileThenResumesWithoutIt) {
  if (!fs::exists(vocab())) GTEST_SKIP() << "needs " << vocab() << " (../shared absent)";
  reliability::ScratchDir tmp("deleted_photo");
  const fs::path project = tmp.path / "demo";
  demo::DemoOptions demo;
  demo.num_photos = 10;  // 7 train, 2 valid, 1 test
  demo.width = 160;
  demo.height = 120;
  demo.num_classes = 1;
  demo::create_demo_project(project, demo);

  SessionRequest r;
  r.project = project;
  r.vocabulary = vocab();
  r.config.model.config = "sam3-tiny";
  r.config.device = "cpu";
  r.config.seed = 3;
  r.config.loss.mask_loss = false;
  r.config.validation.best_metric = "bbox_AP50";
  r.config.validation.every_epochs = 0;
  r.config.data.augmentation.random_resize = false;
  r.config.train.epochs = 1;
  r.config.train.max_steps = 3;
  r.run_dir = project / "runs" / "r1";

  // The first train photo, deleted after step 1; cancel after step 2.
  project::Photo victim;
  for (const auto& p : project::Project::open(project).photos())
    if (p.split == project::Split::Train) {
      victim = p;
      break;
    }
  const fs::path victim_file = project / "photos" / victim.stored_name;
  ASSERT_TRUE(fs::exists(victim_file));
  int steps = 0;
  TrainCallbacks cb;
  cb.on_step = [&](const TrainProgress&) {
    if (++steps == 1) fs::remove(victim_file);
  };
  cb.cancel_requested = [&] { return steps >= 2; };
  const SessionResult first = run_training(r, cb);
  ASSERT_TRUE(first.error.ok()) << first.error.message;
  EXPECT_TRUE(first.cancelled);
  EXPECT_EQ(first.steps, 2);  // the run went on after the deletion
  EXPECT_FALSE(fs::exists(victim_file));
  const auto before = checkpoints(r.run_dir);
  ASSERT_FALSE(before.empty());

  // Resume: the source is read again and the photo file is gone.
  r.resume = true;
  const SessionResult blocked = run_training(r, {});
  EXPECT_FALSE(blocked.finished);
  EXPECT_EQ(blocked.error.kind, SessionError::Kind::Disk) << blocked.error.message;
  EXPECT_NE(blocked.error.message.find(victim.stored_name), std::string::npos)
      << blocked.error.message;
  EXPECT_TRUE(checkpoints(r.run_dir) == before) << "the failed resume changed the checkpoints";

  // The user removes the photo from the project: the resume continues from step 2.
  project::Project::open(project).remove_photo(victim.id);
  std::vector<std::string> messages;
  TrainCallbacks resume_cb;
  resume_cb.on_message = [&](const std::string& m) { messages.push_back(m); };
  const SessionResult resumed = run_training(r, resume_cb);
  ASSERT_TRUE(resumed.error.ok()) << resumed.error.message;
  EXPECT_TRUE(resumed.finished);
  EXPECT_EQ(resumed.steps, 3);
  bool from_two = false;
  for (const auto& m : messages) from_two = from_two || m == "resumed at step 2";
  EXPECT_TRUE(from_two);
}

}  // namespace
}  // namespace sam3::train
