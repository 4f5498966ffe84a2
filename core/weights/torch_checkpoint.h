#pragma once
// Reader of PyTorch zip checkpoints (torch.save since 1.6): a stored ZIP archive with
// <archive>/data.pkl, <archive>/data/<key> storage records, <archive>/version and (since 2.1)
// <archive>/byteorder. The pickle runs in the restricted VM of restricted_pickle.h, so only
// tensors, storages and (Ordered)dicts can appear. Legacy (pre-1.6) checkpoints are rejected.
#include <filesystem>

#include "core/weights/named_tensors.h"

namespace sam3::weights {

// Reads the state dict of `file`: the value under "model" (or "state_dict") when the top level is
// a dict holding one, else the top-level dict itself. Tensors are CPU views of the memory-mapped
// archive (copy-on-write, kept alive by the tensors) or copies where a record is misaligned for
// its dtype. Throws IoError or FormatError (naming the archive record, key or pickle byte).
NamedTensors read_torch_checkpoint(const std::filesystem::path& file);

}  // namespace sam3::weights
