#include "core/weights/torch_checkpoint.h"

#include "core/util/errors.h"
#include "core/weights/restricted_pickle.h"
#include "core/weights/zip_reader.h"

namespace sam3::weights {
namespace {

using Kind = PickleValue::Kind;

// All records share one top folder ("archive/" or the saved file's stem), as torch's reader wants.
std::string archive_prefix(const ZipArchive& zip) {
  if (zip.entries().empty()) throw FormatError(zip.path(), "zip", "archive is empty");
  const std::string& first = zip.entries().front().name;
  const auto slash = first.find('/');
  if (slash == std::string::npos || slash == 0)
    throw FormatError(zip.path(), "entry '" + first + "'", "not inside an archive folder");
  const std::string prefix = first.substr(0, slash + 1);
  for (const auto& e : zip.entries())
    if (e.name.rfind(prefix, 0) != 0)
      throw FormatError(zip.path(), "entry '" + e.name + "'",
                        "outside the folder '" + prefix + "'");
  return prefix;
}

void check_byteorder(const ZipArchive& zip, const std::string& prefix) {
  if (const ZipEntry* e = zip.find(prefix + "byteorder")) {
    const std::string_view order = zip.text(*e);
    if (order != "little")
      throw FormatError(zip.path(), e->name,
                        "byte order '" + std::string(order) + "' is not supported (little only)");
  }
}

torch::Tensor load_storage(const ZipArchive& zip, const std::string& prefix,
                           const StorageRequest& req) {
  const std::string name = prefix + "data/" + req.key;
  const ZipEntry* e = zip.find(name);
  if (e == nullptr) throw FormatError(zip.path(), name, "storage record is missing");
  // req.location ("cpu", "cuda:0", ...) is where the tensor was saved from; we always read to CPU.
  const auto elem = static_cast<std::uint64_t>(c10::elementSize(req.dtype));
  const auto needed = static_cast<std::uint64_t>(req.numel) * elem;
  if (static_cast<std::uint64_t>(req.numel) > e->size / elem || e->size < needed)
    throw FormatError(zip.path(), name,
                      "record of " + std::to_string(e->size) + " bytes is too small for " +
                          std::to_string(req.numel) + " elements of " +
                          std::string(c10::toString(req.dtype)));
  auto options = torch::TensorOptions().dtype(req.dtype);
  if (req.numel == 0) return torch::empty({0}, options);
  auto* ptr = const_cast<std::uint8_t*>(zip.data(*e));
  if (reinterpret_cast<std::uintptr_t>(ptr) % elem != 0)
    return torch::from_blob(ptr, {req.numel}, options).clone();
  return torch::from_blob(
      ptr, {req.numel}, [keep = zip.file()](void*) mutable { keep.reset(); }, options);
}

const PickleValue* dict_get(const PickleValue& dict, const std::string& key) {
  for (const auto& [k, v] : dict.dict)
    if (k->kind == Kind::String && k->text == key) return v.get();
  return nullptr;
}

NamedTensors state_dict_of(const std::filesystem::path& file, const PickleValue& top) {
  if (top.kind != Kind::Dict) throw FormatError(file, "data.pkl", "top level is not a dict");
  const PickleValue* sd = &top;
  for (const char* wrapper : {"model", "state_dict"}) {
    const PickleValue* inner = dict_get(top, wrapper);
    if (inner != nullptr && inner->kind == Kind::Dict) {
      sd = inner;
      break;
    }
  }
  NamedTensors out;
  for (const auto& [k, v] : sd->dict) {
    if (k->kind != Kind::String)
      throw FormatError(file, "data.pkl", "state dict has a key that is not a string");
    if (v->kind != Kind::Tensor)
      throw FormatError(file, "key '" + k->text + "'", "state dict value is not a tensor");
    out[k->text] = v->tensor;
  }
  return out;
}

}  // namespace

NamedTensors read_torch_checkpoint(const std::filesystem::path& file) {
  auto mapping = MappedFile::open(file);
  if (!looks_like_zip(mapping->data(), mapping->size())) {
    const bool legacy = mapping->size() >= 2 && mapping->data()[0] == 0x80;
    throw FormatError(file, "",
                      legacy ? "legacy (pre-1.6) torch.save format is not supported; "
                               "re-save it with a current PyTorch"
                             : "not a PyTorch zip checkpoint");
  }
  ZipArchive zip(mapping);
  const std::string prefix = archive_prefix(zip);
  check_byteorder(zip, prefix);
  const ZipEntry* pkl = zip.find(prefix + "data.pkl");
  if (pkl == nullptr) throw FormatError(file, prefix + "data.pkl", "record is missing");
  zip.verify_crc(*pkl);
  PickleRef top = load_restricted_pickle(
      file, pkl->name, zip.data(*pkl), static_cast<std::size_t>(pkl->size),
      [&](const StorageRequest& req) { return load_storage(zip, prefix, req); });
  return state_dict_of(file, *top);
}

}  // namespace sam3::weights
