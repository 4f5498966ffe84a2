#pragma once
// Precompiled header of the LibTorch-using core libraries; never include it directly.
#include <torch/torch.h>
