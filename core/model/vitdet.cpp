// ViT trunk of SAM3 (sam3/model/vitdet.py @ 99d02f2); see vitdet.h for the deliberate differences.
#include "core/model/vitdet.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/model/activation_checkpoint.h"
#include "core/model/skip_init.h"
#include "core/util/torch_compat.h"

namespace sam3::model {

namespace F = torch::nn::functional;
using torch::indexing::Slice;

RopeTable compute_axial_rope(int head_dim, int end_x, int end_y, double theta, double scale_pos) {
  TORCH_CHECK(head_dim > 0 && head_dim % 4 == 0, "RoPE head_dim must be a multiple of 4, got ",
              head_dim);
  TORCH_CHECK(end_x > 0 && end_y > 0, "RoPE grid must be positive, got ", end_x, "x", end_y);
  const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
  // Same fp32 operation order as upstream: 1 / theta^(arange(0, D, 4)[:D/4] / D).
  const auto exponent =
      torch::arange(0, head_dim, 4, f32).index({Slice(0, head_dim / 4)}) / head_dim;
  const auto freqs = 1.0 / torch::pow(theta, exponent);
  const auto t = torch::arange(static_cast<int64_t>(end_x) * end_y, f32);
  const auto t_x = torch::remainder(t, end_x) * scale_pos;
  const auto t_y = torch::div(t, end_x, "floor") * scale_pos;
  const auto angles = torch::cat({torch::outer(t_x, freqs), torch::outer(t_y, freqs)}, -1);
  RopeTable table;
  table.cos = angles.cos();
  table.sin = angles.sin();
  table.cos_pairs = table.cos.repeat_interleave(2, -1);
  table.sin_signed = torch::stack({-table.sin, table.sin}, -1).flatten(-2);
  return table;
}

RopeTable RopeTable::to(const c10::Device& device) const {
  return {cos.to(device), sin.to(device), cos_pairs.to(device), sin_signed.to(device)};
}

at::Tensor apply_rotary_enc(const at::Tensor& x, const RopeTable& rope) {
  TORCH_CHECK(x.dim() == 4, "apply_rotary_enc expects [B, heads, L, D], got ", x.sizes());
  TORCH_CHECK(x.size(3) % 2 == 0 && rope.cos_pairs.size(0) == x.size(2) &&
                  rope.cos_pairs.size(1) == x.size(3),
              "RoPE table ", rope.cos_pairs.sizes(), " does not fit tokens ", x.sizes());
  // (re + i im) * (c + i s) per pair, as upstream's complex product, in three fused kernels:
  // x * cos + swap_pairs(x) * (-s, s). A bf16 x is promoted to fp32 by the fp32 tables.
  const auto swapped =
      x.reshape({x.size(0), x.size(1), x.size(2), x.size(3) / 2, 2}).flip(-1).reshape(x.sizes());
  const auto out = torch::addcmul(x * rope.cos_pairs, swapped, rope.sin_signed);
  return out.to(x.scalar_type());
}

at::Tensor window_partition(const at::Tensor& x, int64_t window_size) {
  TORCH_CHECK(x.dim() == 4, "window_partition expects [B, H, W, C], got ", x.sizes());
  const int64_t b = x.size(0), h = x.size(1), w = x.size(2), c = x.size(3);
  const int64_t pad_h = (window_size - h % window_size) % window_size;
  const int64_t pad_w = (window_size - w % window_size) % window_size;
  auto padded = x;
  if (pad_h > 0 || pad_w > 0) padded = F::pad(x, F::PadFuncOptions({0, 0, 0, pad_w, 0, pad_h}));
  const int64_t hp = h + pad_h, wp = w + pad_w;
  return padded.view({b, hp / window_size, window_size, wp / window_size, window_size, c})
      .permute({0, 1, 3, 2, 4, 5})
      .reshape({-1, window_size, window_size, c});
}

at::Tensor window_unpartition(const at::Tensor& windows, int64_t window_size, int64_t h,
                              int64_t w) {
  const int64_t hp = (h + window_size - 1) / window_size * window_size;
  const int64_t wp = (w + window_size - 1) / window_size * window_size;
  const int64_t b = windows.size(0) / (hp * wp / window_size / window_size);
  auto x = windows.reshape({b, hp / window_size, wp / window_size, window_size, window_size, -1})
               .permute({0, 1, 3, 2, 4, 5})
               .reshape({b, hp, wp, -1});
  if (hp > h || wp > w) x = x.index({Slice(), Slice(0, h), Slice(0, w), Slice()});
  return x;
}

at::Tensor tiled_abs_pos(const at::Tensor& pos_embed, int64_t h, int64_t w) {
  TORCH_CHECK(pos_embed.dim() == 3 && pos_embed.size(0) == 1, "pos_embed must be [1, N, C], got ",
              pos_embed.sizes());
  const auto grid_tokens = pos_embed.index({Slice(), Slice(1)});  // drop the cls slot
  const auto size = static_cast<int64_t>(std::lround(std::sqrt(grid_tokens.size(1))));
  TORCH_CHECK(size * size == grid_tokens.size(1),
              "pos_embed grid is not square: ", grid_tokens.size(1), " tokens");
  if (size == h && size == w) return grid_tokens.reshape({1, h, w, -1});
  const auto grid = grid_tokens.reshape({1, size, size, -1}).permute({0, 3, 1, 2});
  return grid.tile({1, 1, h / size + 1, w / size + 1})
      .index({Slice(), Slice(), Slice(0, h), Slice(0, w)})
      .permute({0, 2, 3, 1});
}

at::Tensor drop_path(const at::Tensor& x, double drop_prob, bool training) {
  if (drop_prob <= 0.0 || !training) return x;
  const double keep = 1.0 - drop_prob;
  std::vector<int64_t> shape(static_cast<size_t>(x.dim()), 1);
  shape[0] = x.size(0);
  auto mask = torch::empty(shape, x.options()).bernoulli_(keep);
  return x * mask.div_(keep);
}

PatchEmbedImpl::PatchEmbedImpl(int patch_size, int in_chans, int embed_dim, bool bias)
    : proj(
          torch::nn::Conv2dOptions(in_chans, embed_dim, patch_size).stride(patch_size).bias(bias)) {
  register_module("proj", proj);
}

at::Tensor PatchEmbedImpl::forward(const at::Tensor& x) {
  TORCH_CHECK(x.dim() == 4 && x.size(1) == proj->options.in_channels(),
              "patch_embed expects [B, 3, H, W], got ", x.sizes());
  return proj->forward(x).permute({0, 2, 3, 1});
}

namespace {
at::Tensor linear_forward(torch::nn::Linear& layer, const LinearAdapter& adapter,
                          const at::Tensor& x) {
  at::Tensor y = layer->forward(x);
  return adapter ? adapter(x, y) : y;
}
}  // namespace

VitAttentionImpl::VitAttentionImpl(int dim, int heads)
    : num_heads(heads), qkv(make_linear(dim, 3 * dim)), proj(make_linear(dim, dim)) {
  register_module("qkv", qkv);
  register_module("proj", proj);
}

at::Tensor VitAttentionImpl::forward(const at::Tensor& x, const RopeTable& rope) {
  TORCH_CHECK(x.dim() == 4, "attention expects [B, H, W, C], got ", x.sizes());
  const int64_t b = x.size(0), h = x.size(1), w = x.size(2), c = x.size(3);
  // [B, L, 3, heads, hd] -> 3 x [B, heads, L, hd]
  const auto qkv_out = linear_forward(qkv, qkv_adapter, x)
                           .reshape({b, h * w, 3, num_heads, -1})
                           .permute({2, 0, 3, 1, 4});
  const auto q = apply_rotary_enc(qkv_out[0], rope);
  const auto k = apply_rotary_enc(qkv_out[1], rope);
  const auto out = compat::scaled_dot_product_attention(q, k, qkv_out[2]);
  return linear_forward(
      proj, proj_adapter,
      out.reshape({b, num_heads, h, w, -1}).permute({0, 2, 3, 1, 4}).reshape({b, h, w, c}));
}

VitMlpImpl::VitMlpImpl(int dim, int hidden)
    : fc1(make_linear(dim, hidden)), fc2(make_linear(hidden, dim)) {
  register_module("fc1", fc1);
  register_module("fc2", fc2);
}

at::Tensor VitMlpImpl::forward(const at::Tensor& x) {
  return linear_forward(fc2, fc2_adapter, torch::gelu(linear_forward(fc1, fc1_adapter, x)));
}

namespace {
torch::nn::LayerNormOptions layer_norm(int dim, double eps) {
  return torch::nn::LayerNormOptions({dim}).eps(eps);
}
}  // namespace

VitBlockImpl::VitBlockImpl(const VisionConfig& cfg, int window, double drop_path_p)
    : window_size(window),
      drop_path_prob(drop_path_p),
      norm1(layer_norm(cfg.embed_dim, cfg.layer_norm_eps)),
      attn(cfg.embed_dim, cfg.num_heads),
      norm2(layer_norm(cfg.embed_dim, cfg.layer_norm_eps)),
      mlp(cfg.embed_dim, cfg.mlp_hidden()) {
  register_module("norm1", norm1);
  register_module("attn", attn);
  register_module("norm2", norm2);
  register_module("mlp", mlp);
}

at::Tensor VitBlockImpl::forward(const at::Tensor& x, const RopeTable& rope) {
  const int64_t h = x.size(1), w = x.size(2);
  auto y = norm1->forward(x);
  if (window_size > 0) y = window_partition(y, window_size);
  y = attn->forward(y, rope);
  if (window_size > 0) y = window_unpartition(y, window_size, h, w);
  auto out = x + drop_path(y, drop_path_prob, is_training());
  return out + drop_path(mlp->forward(norm2->forward(out)), drop_path_prob, is_training());
}

ViTImpl::ViTImpl(const VisionConfig& cfg)
    : patch_embed(cfg.patch_size, 3, cfg.embed_dim, /*bias=*/false),
      ln_pre(layer_norm(cfg.embed_dim, cfg.layer_norm_eps)),
      cfg_(cfg) {
  TORCH_CHECK(!cfg.global_blocks.empty(), "ViT needs at least one global block");
  register_module("patch_embed", patch_embed);
  const int64_t grid = cfg.pretrain_image_size / cfg.patch_size;
  pos_embed = register_parameter("pos_embed", torch::zeros({1, 1 + grid * grid, cfg.embed_dim}));
  const auto dpr = torch::linspace(0.0, cfg.drop_path_rate, cfg.depth, torch::kFloat32);
  for (int i = 0; i < cfg.depth; ++i) {
    const bool global = std::count(cfg.global_blocks.begin(), cfg.global_blocks.end(), i) > 0;
    blocks->push_back(VitBlock(cfg, global ? 0 : cfg.window_size, dpr[i].item<double>()));
  }
  register_module("blocks", blocks);
  register_module("ln_pre", ln_pre);
  // Upstream `_init_weights`: trunc_normal(0.02) on Linear weights and pos_embed (bounds +-2 are
  // 100 sigma away, so a plain normal), zero biases; LayerNorm and conv keep their defaults.
  if (SkipInit::active()) return;  // zeros; the weights come from a file or init_random_weights
  torch::NoGradGuard no_grad;
  pos_embed.normal_(0.0, 0.02);
  for (auto& module : modules(/*include_self=*/false)) {
    if (auto* linear = module->as<torch::nn::Linear>()) {
      linear->weight.normal_(0.0, 0.02);
      linear->bias.zero_();
    }
  }
}

RopeTable ViTImpl::rope_table(bool global, int64_t grid, const c10::Device& device) {
  const int64_t side = global ? grid : cfg_.window_size;
  const auto key = std::make_tuple(global, side, device.str());
  std::lock_guard<std::mutex> lock(rope_mutex_);
  if (auto it = rope_cache_.find(key); it != rope_cache_.end()) return it->second;
  const double scale =
      global ? static_cast<double>(cfg_.window_size) / static_cast<double>(side) : 1.0;
  const auto table = compute_axial_rope(cfg_.embed_dim / cfg_.num_heads, static_cast<int>(side),
                                        static_cast<int>(side), cfg_.rope_theta, scale)
                         .to(device);
  rope_cache_.emplace(key, table);
  return table;
}

at::Tensor ViTImpl::forward(const at::Tensor& x, Taps* taps) {
  TORCH_CHECK(x.dim() == 4 && x.size(1) == 3, "ViT expects [B, 3, S, S], got ", x.sizes());
  TORCH_CHECK(x.size(2) == x.size(3), "ViT expects a square image, got ", x.size(2), "x",
              x.size(3));
  TORCH_CHECK(x.size(2) % cfg_.patch_size == 0, "image side ", x.size(2),
              " is not a multiple of the patch size ", cfg_.patch_size);
  auto h = patch_embed->forward(x);  // [B, G, G, C]
  record_tap(taps, "vision.patch_embed", h);
  const int64_t grid = h.size(1);
  h = ln_pre->forward(h + tiled_abs_pos(pos_embed, grid, grid));
  record_tap(taps, "vision.ln_pre", h);
  const RopeTable window_rope = rope_table(false, grid, x.device());
  const RopeTable global_rope = rope_table(true, grid, x.device());
  const int last = cfg_.global_blocks.back();
  for (int i = 0; i <= last; ++i) {
    auto block = blocks->ptr<VitBlockImpl>(static_cast<size_t>(i));
    const RopeTable& rope = block->window_size > 0 ? window_rope : global_rope;
    if (!activation_checkpointing) {
      h = block->forward(h, rope);
    } else {
      h = checkpoint_block(true, *block,
                           [block, rope](const torch::autograd::variable_list& in) {
                             return torch::autograd::variable_list{block->forward(in[0], rope)};
                           },
                           {h})[0];
    }
    if (i == 0) record_tap(taps, "vision.block0", h);
    if (cfg_.depth <= 8) record_tap(taps, "vision.blocks." + std::to_string(i), h);
    if (i == cfg_.global_blocks.front()) record_tap(taps, "vision.global_block", h);
  }
  auto out = h.permute({0, 3, 1, 2});  // [B, C, G, G]
  record_tap(taps, "vision.trunk", out);
  return out;
}

}  // namespace sam3::model
