#pragma once
// Crash-safe file replacement: the data goes to a temporary file in the same folder, is fsynced,
// then renamed over the target and the folder fsynced. On any failure the previous file is intact
// and the temporary is removed. Throws IoError naming the file (ENOSPC reads "disk full").
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string_view>

namespace sam3 {

void write_file_atomic(const std::filesystem::path& target, std::string_view bytes);

// Streams through `writer`, which is called with a sink; for outputs too large to buffer.
using ByteSink = std::function<void(const void* data, std::size_t size)>;
void write_file_atomic(const std::filesystem::path& target,
                       const std::function<void(const ByteSink&)>& writer);

// Reads a whole file; throws IoError when missing or unreadable.
std::string read_file(const std::filesystem::path& file);

}  // namespace sam3
