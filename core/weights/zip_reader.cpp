#include "core/weights/zip_reader.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_set>

#include "core/util/errors.h"

namespace sam3::weights {
namespace {

constexpr std::uint32_t kLocalSig = 0x04034b50;
constexpr std::uint32_t kCentralSig = 0x02014b50;
constexpr std::uint32_t kEndSig = 0x06054b50;
constexpr std::uint32_t kEnd64Sig = 0x06064b50;
constexpr std::uint32_t kEnd64LocatorSig = 0x07064b50;
constexpr std::size_t kEndSize = 22;
constexpr std::size_t kCentralSize = 46;
constexpr std::size_t kLocalSize = 30;

// Bounds-checked little-endian reads from the mapping.
class Reader {
 public:
  Reader(const MappedFile& f) : f_(f) {}
  void need(std::uint64_t offset, std::uint64_t size, const std::string& what) const {
    if (offset > f_.size() || size > f_.size() - offset)
      throw FormatError(f_.path(), what,
                        "needs bytes " + std::to_string(offset) + "+" + std::to_string(size) +
                            " beyond the end of the file (" + std::to_string(f_.size()) + ")");
  }
  template <typename T>
  T get(std::uint64_t offset) const {
    T v{};
    std::memcpy(&v, f_.data() + offset, sizeof(T));
    return v;
  }

 private:
  const MappedFile& f_;
};

struct EndRecord {
  std::uint64_t entries = 0;
  std::uint64_t cd_offset = 0;
  std::uint64_t cd_size = 0;
};

EndRecord find_end_record(const MappedFile& f, const Reader& r) {
  if (f.size() < kEndSize) throw FormatError(f.path(), "zip", "too short to be a ZIP archive");
  const std::uint64_t lowest = f.size() > kEndSize + 0xFFFF ? f.size() - kEndSize - 0xFFFF : 0;
  for (std::uint64_t pos = f.size() - kEndSize + 1; pos-- > lowest;) {
    if (r.get<std::uint32_t>(pos) != kEndSig) continue;
    if (r.get<std::uint16_t>(pos + 4) != 0 || r.get<std::uint16_t>(pos + 6) != 0)
      throw FormatError(f.path(), "zip", "multi-disk archives are not supported");
    EndRecord e{r.get<std::uint16_t>(pos + 10), r.get<std::uint32_t>(pos + 16),
                r.get<std::uint32_t>(pos + 12)};
    const bool zip64 = e.entries == 0xFFFF || e.cd_offset == 0xFFFFFFFF || e.cd_size == 0xFFFFFFFF;
    if (!zip64) return e;
    if (pos < 20 || r.get<std::uint32_t>(pos - 20) != kEnd64LocatorSig)
      throw FormatError(f.path(), "zip", "ZIP64 end-of-directory locator missing");
    const auto rec = r.get<std::uint64_t>(pos - 20 + 8);
    r.need(rec, 56, "ZIP64 end-of-directory record");
    if (r.get<std::uint32_t>(rec) != kEnd64Sig)
      throw FormatError(f.path(), "zip", "ZIP64 end-of-directory record has a bad signature");
    return EndRecord{r.get<std::uint64_t>(rec + 32), r.get<std::uint64_t>(rec + 48),
                     r.get<std::uint64_t>(rec + 40)};
  }
  throw FormatError(f.path(), "zip", "no end-of-central-directory record (not a ZIP archive?)");
}

// Applies the ZIP64 extended-information extra field to the 32-bit values that overflowed.
void apply_zip64_extra(const MappedFile& f, const Reader& r, std::uint64_t extra,
                       std::uint16_t extra_len, const std::string& name, std::uint64_t& usize,
                       std::uint64_t& csize, std::uint64_t& offset) {
  std::uint64_t pos = extra;
  const std::uint64_t end = extra + extra_len;
  while (pos + 4 <= end) {
    const auto id = r.get<std::uint16_t>(pos);
    const auto len = r.get<std::uint16_t>(pos + 2);
    if (pos + 4 + len > end) break;
    if (id == 0x0001) {
      std::uint64_t p = pos + 4;
      for (std::uint64_t* field : {&usize, &csize, &offset}) {
        if (*field != 0xFFFFFFFF) continue;
        if (p + 8 > pos + 4 + len)
          throw FormatError(f.path(), "entry '" + name + "'", "truncated ZIP64 extra field");
        *field = r.get<std::uint64_t>(p);
        p += 8;
      }
      return;
    }
    pos += 4 + len;
  }
}

std::uint32_t crc32_of(const std::uint8_t* data, std::uint64_t size) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFu;
  for (std::uint64_t i = 0; i < size; ++i) c = table[(c ^ data[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

}  // namespace

bool looks_like_zip(const std::uint8_t* bytes, std::size_t size) {
  return size >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
}

ZipArchive::ZipArchive(std::shared_ptr<MappedFile> file) : file_(std::move(file)) {
  const MappedFile& f = *file_;
  const Reader r(f);
  const EndRecord end = find_end_record(f, r);
  r.need(end.cd_offset, end.cd_size, "central directory");
  std::uint64_t pos = end.cd_offset;
  const std::uint64_t cd_end = end.cd_offset + end.cd_size;
  std::unordered_set<std::string> names;
  for (std::uint64_t i = 0; i < end.entries; ++i) {
    const std::string where = "central directory entry " + std::to_string(i);
    if (pos + kCentralSize > cd_end) throw FormatError(f.path(), where, "runs past the directory");
    if (r.get<std::uint32_t>(pos) != kCentralSig)
      throw FormatError(f.path(), where, "bad signature");
    const auto flags = r.get<std::uint16_t>(pos + 8);
    const auto method = r.get<std::uint16_t>(pos + 10);
    const auto name_len = r.get<std::uint16_t>(pos + 28);
    const auto extra_len = r.get<std::uint16_t>(pos + 30);
    const auto comment_len = r.get<std::uint16_t>(pos + 32);
    if (pos + kCentralSize + name_len + extra_len + comment_len > cd_end)
      throw FormatError(f.path(), where, "name or extra field runs past the directory");
    ZipEntry e;
    e.name.assign(reinterpret_cast<const char*>(f.data() + pos + kCentralSize), name_len);
    e.crc32 = r.get<std::uint32_t>(pos + 16);
    std::uint64_t csize = r.get<std::uint32_t>(pos + 20);
    std::uint64_t usize = r.get<std::uint32_t>(pos + 24);
    std::uint64_t local = r.get<std::uint32_t>(pos + 42);
    apply_zip64_extra(f, r, pos + kCentralSize + name_len, extra_len, e.name, usize, csize, local);
    const std::string ew = "entry '" + e.name + "'";
    if (flags & 0x1) throw FormatError(f.path(), ew, "is encrypted");
    if (method != 0)
      throw FormatError(f.path(), ew,
                        "is compressed (method " + std::to_string(method) +
                            "); only stored (uncompressed) entries are supported, as torch.save "
                            "writes them");
    if (csize != usize) throw FormatError(f.path(), ew, "stored entry with differing sizes");
    if (!names.insert(e.name).second) throw FormatError(f.path(), ew, "appears twice");
    r.need(local, kLocalSize, ew + " local header");
    if (r.get<std::uint32_t>(local) != kLocalSig)
      throw FormatError(f.path(), ew, "local header has a bad signature");
    const auto lname = r.get<std::uint16_t>(local + 26);
    const auto lextra = r.get<std::uint16_t>(local + 28);
    r.need(local + kLocalSize, std::uint64_t{lname} + lextra, ew + " local header");
    if (lname != name_len ||
        std::memcmp(f.data() + local + kLocalSize, e.name.data(), name_len) != 0)
      throw FormatError(f.path(), ew, "local header names a different entry");
    e.data_offset = local + kLocalSize + lname + lextra;
    e.size = usize;
    r.need(e.data_offset, e.size, ew + " data");
    if (e.data_offset < end.cd_offset && e.data_offset + e.size > end.cd_offset)
      throw FormatError(f.path(), ew, "data overlaps the central directory");
    entries_.push_back(std::move(e));
    pos += kCentralSize + name_len + extra_len + comment_len;
  }
}

const ZipEntry* ZipArchive::find(std::string_view name) const {
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const ZipEntry& e) { return e.name == name; });
  return it == entries_.end() ? nullptr : &*it;
}

std::string_view ZipArchive::text(const ZipEntry& entry) const {
  return {reinterpret_cast<const char*>(data(entry)), static_cast<std::size_t>(entry.size)};
}

void ZipArchive::verify_crc(const ZipEntry& entry) const {
  const std::uint32_t got = crc32_of(data(entry), entry.size);
  if (got != entry.crc32)
    throw FormatError(path(), "entry '" + entry.name + "'", "CRC-32 mismatch (corrupt archive)");
}

}  // namespace sam3::weights
