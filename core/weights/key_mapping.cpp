#include "core/weights/key_mapping.h"

#include "core/util/errors.h"

namespace sam3::weights {

std::vector<KeyShape> key_shapes(const NamedTensors& tensors) {
  std::vector<KeyShape> out;
  out.reserve(tensors.size());
  for (const auto& [key, t] : tensors)
    out.push_back({key, Shape(t.sizes().begin(), t.sizes().end())});
  return out;
}

NamedTensors apply_mapping(const MappingPlan& plan, const NamedTensors& source) {
  auto get = [&](const std::string& key) -> const torch::Tensor& {
    auto it = source.find(key);
    if (it == source.end()) throw InvalidInput("mapping plan names '" + key + "', not in source");
    return it->second;
  };
  NamedTensors out;
  for (const auto& p : plan.tensors) {
    torch::Tensor t;
    switch (p.op) {
      case MapOp::Copy:
        t = get(p.sources.at(0));
        break;
      case MapOp::Transpose:
        t = get(p.sources.at(0)).t();
        break;
      case MapOp::FuseQkv:
        t = torch::cat({get(p.sources.at(0)), get(p.sources.at(1)), get(p.sources.at(2))}, 0);
        break;
      case MapOp::SelectRow:
        t = get(p.sources.at(0)).narrow(0, p.index, 1);
        break;
      case MapOp::PrependZeroRow: {
        const torch::Tensor& s = get(p.sources.at(0));
        t = torch::cat({torch::zeros({1, 1, s.size(2)}, s.options()), s}, 1);
        break;
      }
    }
    if (t.sizes().vec() != p.shape)
      throw InvalidInput("mapping of '" + p.target + "' gave " + shape_string(t) + ", planned " +
                         shape_string(p.shape));
    out.emplace(p.target, std::move(t));
  }
  for (const auto& key : plan.unmapped) out.emplace(key, get(key));  // never replaces a target
  return out;
}

}  // namespace sam3::weights
