#pragma once
// Filesystem helpers that are safe in every process of this project. Do not call
// std::filesystem::remove_all in code that may link LibTorch: pip PyTorch wheels export their own
// copy of it (pytorch/pytorch#133437), which crashes when called from such a binary.
#include <filesystem>

namespace sam3 {

// Removes `path` and everything below it (like `rm -rf`); a missing path is not an error.
// Returns the number of entries removed; throws IoError naming the first entry that could not go.
std::size_t remove_tree(const std::filesystem::path& path);

}  // namespace sam3
