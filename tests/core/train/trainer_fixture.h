#pragma once
// What the trainer tests share: four small generated panel photos and sam3-tiny on the CPU with a
// short schedule (2 optimizer steps an epoch of 4 photos, 2 epochs, no periodic validation,
// lr 1e-3). Each test sets what it checks on top.
#include "core/train/synthetic_data.h"
#include "core/train/trainer.h"
#include "tests/support/test_files.h"

namespace sam3::train::fixture {

inline SyntheticOptions tiny_data() {
  SyntheticOptions o;
  o.seed = 5;
  o.num_photos = 4;
  o.width = 96;
  o.height = 80;
  return o;
}

inline TrainerOptions tiny_trainer_options() {
  TrainerOptions o;
  o.model_config = "sam3-tiny";
  o.vocab = ::sam3::test::clip_vocab();
  o.device = "cpu";
  o.seed = 11;
  o.grad_accumulation = 2;  // 2 steps per epoch of 4 photos
  o.epochs = 2;
  o.validate_every_epochs = 0;
  o.schedule.warmup_steps = 1;
  o.schedule.cooldown_steps = 1;
  o.schedule.timescale = 1;
  o.optimizer.lr = 1e-3;
  return o;
}

}  // namespace sam3::train::fixture
