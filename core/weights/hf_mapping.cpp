// Applies the rules of hf_key_table.cpp to a list of HF keys with shapes (see key_mapping.h).
#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>

#include "core/weights/hf_key_table.h"
#include "core/weights/key_mapping.h"

namespace sam3::weights {
namespace {

using hf::RuleKind;

bool starts_with(const std::string& s, const std::string& p) {
  return s.rfind(p, 0) == 0;
}

// Matches `pattern` against the start of `key`; `{n}` matches one or more digits. Returns the
// matched length, or nullopt.
std::optional<std::size_t> match(std::string_view pattern, const std::string& key,
                                 std::vector<std::string>& captures) {
  captures.clear();
  std::size_t k = 0;
  for (std::size_t p = 0; p < pattern.size();) {
    if (pattern.compare(p, 3, "{n}") == 0) {
      const std::size_t start = k;
      while (k < key.size() && key[k] >= '0' && key[k] <= '9') ++k;
      if (k == start) return std::nullopt;
      captures.push_back(key.substr(start, k - start));
      p += 3;
      continue;
    }
    if (k >= key.size() || key[k] != pattern[p]) return std::nullopt;
    ++k;
    ++p;
  }
  return k;
}

std::string substitute(std::string_view pattern, const std::vector<std::string>& captures) {
  std::string out;
  std::size_t next = 0;
  for (std::size_t p = 0; p < pattern.size();) {
    if (pattern.compare(p, 3, "{n}") == 0 && next < captures.size()) {
      out += captures[next++];
      p += 3;
    } else {
      out += pattern[p++];
    }
  }
  return out;
}

struct Resolved {
  std::string target;
  MapOp op = MapOp::Copy;
  int part = -1;  // 0, 1, 2 for the q, k, v of a fused projection
};

// q_proj.weight -> (fused_stem + "weight", 0) etc.; o_proj./out_proj. -> out_name + rest.
std::optional<Resolved> resolve_attention(const std::string& base, const std::string& rest,
                                          const std::string& fused_stem,
                                          const std::string& out_name) {
  static const std::array<std::string, 3> kParts = {"q_proj.", "k_proj.", "v_proj."};
  for (int i = 0; i < 3; ++i) {
    if (!starts_with(rest, kParts[i])) continue;
    const std::string leaf = rest.substr(kParts[i].size());
    if (leaf != "weight" && leaf != "bias") return std::nullopt;
    return Resolved{base + fused_stem + leaf, MapOp::FuseQkv, i};
  }
  for (const char* out : {"o_proj.", "out_proj."})
    if (starts_with(rest, out))
      return Resolved{base + out_name + rest.substr(std::char_traits<char>::length(out))};
  return std::nullopt;
}

std::optional<Resolved> resolve(const std::string& key, const std::set<std::string>& all_keys) {
  std::vector<std::string> caps;
  for (const hf::Rule& rule : hf::rules()) {
    const auto len = match(rule.hf, key, caps);
    if (!len) continue;
    const bool whole = *len == key.size();
    const std::string base = substitute(rule.ours, caps);
    const std::string rest = key.substr(*len);
    switch (rule.kind) {
      case RuleKind::Prefix:
        return Resolved{base + rest};
      case RuleKind::Exact:
        return whole ? std::optional<Resolved>(Resolved{base}) : std::nullopt;
      case RuleKind::PosEmbed:
        return whole ? std::optional<Resolved>(Resolved{base, MapOp::PrependZeroRow})
                     : std::nullopt;
      case RuleKind::TextProjection:
        return whole ? std::optional<Resolved>(Resolved{base, MapOp::Transpose}) : std::nullopt;
      case RuleKind::Attention:
        return resolve_attention(base, rest, "in_proj_", "out_proj.");
      case RuleKind::VitAttention:
        return resolve_attention(base, rest, "qkv.", "proj.");
      case RuleKind::FirstDeconv: {
        const std::string sibling = key.substr(0, *len - 2) + "2.";  // ...scale_layers.2.
        const bool four_x =
            std::any_of(all_keys.lower_bound(sibling), all_keys.end(),
                        [&](const std::string& k) { return starts_with(k, sibling); });
        return Resolved{base + (four_x ? "dconv_2x2_0." : "dconv_2x2.") + rest};
      }
    }
  }
  return std::nullopt;
}

std::optional<Shape> target_shape(MapOp op, const Shape& s) {
  switch (op) {
    case MapOp::Copy:
      return s;
    case MapOp::Transpose:
      if (s.size() != 2) return std::nullopt;
      return Shape{s[1], s[0]};
    case MapOp::PrependZeroRow:
      if (s.size() != 3 || s[0] != 1) return std::nullopt;
      return Shape{1, s[1] + 1, s[2]};
    case MapOp::SelectRow:  // planned only by the interactive tables (interactive_mapping.cpp)
      return std::nullopt;
    case MapOp::FuseQkv:
      if (s.empty()) return std::nullopt;
      Shape out = s;
      out[0] *= 3;
      return out;
  }
  return std::nullopt;
}

using FuseGroups = std::map<std::string, std::array<std::optional<KeyShape>, 3>>;

void plan_fusions(const FuseGroups& groups, MappingPlan& plan) {
  static const char* kLetters[] = {"q", "k", "v"};
  for (const auto& [target, parts] : groups) {
    std::string problem;
    for (int i = 0; i < 3; ++i) {
      if (!parts[i])
        problem += std::string(problem.empty() ? "" : ", ") + kLetters[i] + " missing";
      else if (parts[0] && parts[i]->shape != parts[0]->shape)
        problem += ", shapes differ";
    }
    if (problem.empty() && !target_shape(MapOp::FuseQkv, parts[0]->shape)) problem = "scalar";
    if (!problem.empty()) {
      for (const auto& p : parts)
        if (p) plan.unmapped.push_back(p->key);
      plan.notes.push_back("cannot fuse q/k/v into '" + target + "': " + problem);
      continue;
    }
    plan.tensors.push_back({target,
                            {parts[0]->key, parts[1]->key, parts[2]->key},
                            MapOp::FuseQkv,
                            *target_shape(MapOp::FuseQkv, parts[0]->shape)});
  }
}

}  // namespace

MappingPlan plan_hf_mapping(const std::vector<KeyShape>& source) {
  const std::string prefix = hf::kPrefix;
  const bool prefixed = std::any_of(source.begin(), source.end(),
                                    [&](const KeyShape& k) { return starts_with(k.key, prefix); });
  std::set<std::string> stripped;
  for (const auto& ks : source)
    if (!prefixed || starts_with(ks.key, prefix))
      stripped.insert(prefixed ? ks.key.substr(prefix.size()) : ks.key);
  MappingPlan plan;
  FuseGroups groups;
  for (const auto& ks : source) {
    const auto& ignored = hf::ignored_prefixes();
    if (std::any_of(ignored.begin(), ignored.end(),
                    [&](const char* p) { return starts_with(ks.key, p); })) {
      plan.ignored.push_back(ks.key);
      continue;
    }
    if (prefixed && !starts_with(ks.key, prefix)) {
      plan.unmapped.push_back(ks.key);
      continue;
    }
    const std::string key = prefixed ? ks.key.substr(prefix.size()) : ks.key;
    const auto& recomputed = hf::recomputed_parts();
    if (std::any_of(recomputed.begin(), recomputed.end(),
                    [&](const char* p) { return key.find(p) != std::string::npos; })) {
      plan.ignored.push_back(ks.key);
      continue;
    }
    const auto r = resolve(key, stripped);
    if (!r) {
      plan.unmapped.push_back(ks.key);
      continue;
    }
    if (r->op == MapOp::FuseQkv) {
      groups[r->target][r->part] = ks;
      continue;
    }
    const auto shape = target_shape(r->op, ks.shape);
    if (!shape) {
      plan.unmapped.push_back(ks.key);
      plan.notes.push_back("'" + ks.key + "' has an unexpected shape " + shape_string(ks.shape));
      continue;
    }
    if (r->op == MapOp::PrependZeroRow)
      plan.notes.push_back("'" + r->target +
                           "': HF drops the cls row; a zero row was inserted "
                           "(the official forward never reads it)");
    plan.tensors.push_back({r->target, {ks.key}, r->op, *shape});
  }
  plan_fusions(groups, plan);
  std::sort(plan.tensors.begin(), plan.tensors.end(),
            [](const auto& a, const auto& b) { return a.target < b.target; });
  for (const char* k : hf::absent_keys()) plan.not_in_source.emplace_back(k);
  return plan;
}

}  // namespace sam3::weights
