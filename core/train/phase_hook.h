#pragma once
// Testing seam of the trainer (docs/reliability.md, tests/core/train/trainer_faults_test.cpp): a
// process-wide hook the Trainer calls when it enters one of its real phases, so that a test can
// request a cancel at that moment, throw an injected fault (CUDA out of memory, a failed write),
// or make a loss term non-finite. Production code never sets it; unset, each phase point costs one
// atomic load.
//
// Phases and where they are entered (trainer.h documents what a cancel or failure does in each):
//   Loading     end of the constructor (model, vocabulary, weights, data ready) and in run()
//               after a resume has restored its state, before the first step;
//   Step        start of each optimizer step (before its first forward);
//   Loss        after each forward, before the loss terms are checked; `loss` is writable;
//   Validation  before each validation on the valid split;
//   Checkpoint  in the middle of each checkpoint write (the state file written, the weights and
//               card not yet).
// `step` is the number of optimizer steps done before the point (Loss: of the step running, 1-based
// like the NonFiniteLoss it may cause). Thread affinity: set the hook while no trainer runs; it is
// called on the training thread.
#include <cstdint>
#include <functional>

namespace sam3::train {

struct LossResult;

enum class TrainPhase { Loading, Step, Loss, Validation, Checkpoint };
const char* to_string(TrainPhase phase);

struct PhasePoint {
  TrainPhase phase = TrainPhase::Loading;
  std::int64_t step = 0;
  LossResult* loss = nullptr;  // set only for TrainPhase::Loss
};

using PhaseHook = std::function<void(const PhasePoint&)>;

namespace testing {
// Installs `hook` (an empty function removes it). For tests only.
void set_phase_hook(PhaseHook hook);
}  // namespace testing

// Called by the trainer at each phase point; runs the hook when one is set. Exceptions of the
// hook propagate as if the phase itself had thrown.
void enter_phase(TrainPhase phase, std::int64_t step, LossResult* loss = nullptr);

}  // namespace sam3::train
