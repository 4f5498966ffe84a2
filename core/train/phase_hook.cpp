#include "core/train/phase_hook.h"

#include <atomic>
#include <memory>

namespace sam3::train {
namespace {

// The hook lives behind an atomic pointer: the unset case is one load on the training thread.
std::atomic<PhaseHook*> g_hook{nullptr};
std::unique_ptr<PhaseHook> g_owner;

}  // namespace

const char* to_string(TrainPhase phase) {
  switch (phase) {
    case TrainPhase::Loading:
      return "loading";
    case TrainPhase::Step:
      return "step";
    case TrainPhase::Loss:
      return "loss";
    case TrainPhase::Validation:
      return "validation";
    case TrainPhase::Checkpoint:
      return "checkpoint";
  }
  return "unknown";
}

namespace testing {
void set_phase_hook(PhaseHook hook) {
  g_hook.store(nullptr);
  g_owner = hook ? std::make_unique<PhaseHook>(std::move(hook)) : nullptr;
  g_hook.store(g_owner.get());
}
}  // namespace testing

void enter_phase(TrainPhase phase, std::int64_t step, LossResult* loss) {
  if (PhaseHook* hook = g_hook.load()) (*hook)({phase, step, loss});
}

}  // namespace sam3::train
