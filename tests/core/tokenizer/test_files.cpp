#include "tests/core/tokenizer/test_files.h"

#include <zlib.h>

#include <array>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include "tests/support/test_paths.h"

namespace sam3::tokenizer_test {
namespace fs = std::filesystem;

ScratchDir::ScratchDir(std::string_view name) {
  std::random_device rd;
  path_ = fs::temp_directory_path() /
          ("sam3_tok_" + std::string(name) + "_" + std::to_string(rd()) + std::to_string(rd()));
  fs::create_directories(path_);
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void write_bytes(const fs::path& file, std::string_view bytes) {
  std::ofstream out(file, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + file.string());
}

std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string gzip_bytes(std::string_view plain) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
  zs.avail_in = static_cast<uInt>(plain.size());
  std::string out;
  std::array<char, 1 << 16> buf{};
  int rc = Z_OK;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buf.data());
    zs.avail_out = static_cast<uInt>(buf.size());
    rc = deflate(&zs, Z_FINISH);
    out.append(buf.data(), buf.size() - zs.avail_out);
  } while (rc == Z_OK);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
  return out;
}

std::string gunzip_bytes(std::string_view packed) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) throw std::runtime_error("inflateInit2 failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  zs.avail_in = static_cast<uInt>(packed.size());
  std::string out;
  std::array<char, 1 << 16> buf{};
  int rc = Z_OK;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buf.data());
    zs.avail_out = static_cast<uInt>(buf.size());
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf.data(), buf.size() - zs.avail_out);
  } while (rc == Z_OK);
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("inflate failed");
  return out;
}

fs::path shared_vocab() {
  const fs::path p =
      fs::path(::sam3::test::shared_dir()) / "reference/clip-bpe/bpe_simple_vocab_16e6.txt.gz";
  std::error_code ec;
  return fs::is_regular_file(p, ec) ? p : fs::path();
}

fs::path official_fixture() {
  return fs::path(::sam3::test::source_dir()) / "tests/data/tokenizer/official_ids.jsonl";
}

}  // namespace sam3::tokenizer_test
