#pragma once
// ViT trunk of SAM3 ("PE-L+", ViTDet style): facebookresearch/sam3 @ 99d02f2,
// sam3/model/vitdet.py, built as in model_builder.py `_create_vit_backbone`. Config: VisionConfig.
// Parameter names equal the official ones under `backbone.vision_backbone.trunk.`.
// Deliberate differences from upstream:
// - RoPE uses real cos/sin tables (fp32) instead of complex tensors, and the tables are not module
//   buffers (`attn.freqs_cis` is recomputed, never loaded). They are computed for the actual token
//   grid of each input and cached per grid size and device, so any square input whose side is a
//   multiple of patch_size works (upstream asserts on sizes other than the built img_size).
// - Blocks after the last global block are not run (upstream runs them and discards the result).
// - Only square inputs. Activation checkpointing per block (activation_checkpoint.h) when
//   `activation_checkpointing` is set (off by default: no recomputation).
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "core/model/model_config.h"
#include "core/model/taps.h"

namespace sam3::model {

// 2-D axial RoPE in real form (upstream `compute_axial_cis`). Token t of a grid `end_x` wide has
// t_x = (t mod end_x) * scale_pos, t_y = (t div end_x) * scale_pos. Pair j (channels 2j, 2j+1)
// rotates by t_x * f_j for j < D/4 and by t_y * f_(j - D/4) otherwise, f_k = theta^(-4k/D).
struct RopeTable {
  at::Tensor cos;  // [end_x * end_y, D/2] fp32, per pair
  at::Tensor sin;  // [end_x * end_y, D/2] fp32, per pair
  // The same per channel, for the fused rotation: cos_pairs[t, 2j] = cos_pairs[t, 2j+1] = cos[t,
  // j]; sin_signed[t, 2j] = -sin[t, j], sin_signed[t, 2j+1] = sin[t, j].
  at::Tensor cos_pairs;   // [end_x * end_y, D] fp32
  at::Tensor sin_signed;  // [end_x * end_y, D] fp32
  RopeTable to(const c10::Device& device) const;
};
RopeTable compute_axial_rope(int head_dim, int end_x, int end_y, double theta, double scale_pos);

// x: [B, heads, L, D] -> [B, heads, L, D]; interleaved pairs rotated in fp32, cast back to x's
// dtype.
at::Tensor apply_rotary_enc(const at::Tensor& x, const RopeTable& rope);

// x: [B, H, W, C] -> [B * nWin, ws, ws, C]; H and W are zero-padded up to multiples of ws.
at::Tensor window_partition(const at::Tensor& x, int64_t window_size);
// windows: [B * nWin, ws, ws, C] -> [B, h, w, C]; drops the padding added by window_partition.
at::Tensor window_unpartition(const at::Tensor& windows, int64_t window_size, int64_t h, int64_t w);

// pos_embed: [1, 1 + G*G, C] (cls slot first, dropped) -> [1, h, w, C]: the G x G grid is tiled
// (not interpolated) and cropped to h x w (upstream `get_abs_pos(..., tiling=True)`).
at::Tensor tiled_abs_pos(const at::Tensor& pos_embed, int64_t h, int64_t w);

// Stochastic depth per sample (timm `drop_path`, scale_by_keep); identity when not training.
at::Tensor drop_path(const at::Tensor& x, double drop_prob, bool training);

class PatchEmbedImpl : public torch::nn::Module {
 public:
  PatchEmbedImpl(int patch_size, int in_chans, int embed_dim, bool bias);
  // x: [B, 3, H, W] -> [B, H/p, W/p, C]
  at::Tensor forward(const at::Tensor& x);
  torch::nn::Conv2d proj;
};
TORCH_MODULE(PatchEmbed);

// A side path added to a linear layer's output: (input, output) -> the output to use. Low-rank
// adapters (core/train/lora.h) install one per adapted layer; empty: the plain layer. Not part
// of the module state (no parameters or buffers of its own).
using LinearAdapter = std::function<at::Tensor(const at::Tensor& input, const at::Tensor& output)>;

class VitAttentionImpl : public torch::nn::Module {
 public:
  VitAttentionImpl(int dim, int num_heads);
  // x: [B, H, W, C] -> [B, H, W, C]; `rope` must be the table of the H x W grid.
  at::Tensor forward(const at::Tensor& x, const RopeTable& rope);
  int num_heads;
  torch::nn::Linear qkv, proj;
  LinearAdapter qkv_adapter, proj_adapter;
};
TORCH_MODULE(VitAttention);

// timm `Mlp`: fc1 -> GELU (exact erf) -> fc2.
class VitMlpImpl : public torch::nn::Module {
 public:
  VitMlpImpl(int dim, int hidden);
  // x: [..., C] -> [..., C]
  at::Tensor forward(const at::Tensor& x);
  torch::nn::Linear fc1, fc2;
  LinearAdapter fc1_adapter, fc2_adapter;
};
TORCH_MODULE(VitMlp);

class VitBlockImpl : public torch::nn::Module {
 public:
  // window_size 0 = global attention.
  VitBlockImpl(const VisionConfig& cfg, int window_size, double drop_path_prob);
  // x: [B, H, W, C] -> [B, H, W, C]; rope: window grid table (windowed) or H x W table (global).
  at::Tensor forward(const at::Tensor& x, const RopeTable& rope);
  int window_size;
  double drop_path_prob;
  torch::nn::LayerNorm norm1;
  VitAttention attn;
  torch::nn::LayerNorm norm2;
  VitMlp mlp;
};
TORCH_MODULE(VitBlock);

class ViTImpl : public torch::nn::Module {
 public:
  explicit ViTImpl(const VisionConfig& cfg);
  // x: [B, 3, S, S], S a multiple of patch_size -> [B, C, S/p, S/p] (output of the last global
  // block). Taps (TAPS.md): vision.patch_embed, vision.ln_pre, vision.block0,
  // vision.global_block (first global block), vision.trunk, and vision.blocks.<i> for every
  // block when depth <= 8.
  at::Tensor forward(const at::Tensor& x, Taps* taps = nullptr);

  // RoPE table of a window block (grid = window) or of a global block on a `grid` x `grid` token
  // grid (positions scaled by window/grid), on `device`; cached. Thread-safe.
  RopeTable rope_table(bool global, int64_t grid, const c10::Device& device);

  const VisionConfig& config() const { return cfg_; }

  // Recompute each block's activations in backward (training memory mode).
  bool activation_checkpointing = false;
  PatchEmbed patch_embed;
  at::Tensor pos_embed;  // [1, 1 + G*G, C], G = pretrain_image_size / patch_size
  torch::nn::ModuleList blocks;
  torch::nn::LayerNorm ln_pre;

 private:
  VisionConfig cfg_;
  std::mutex rope_mutex_;
  std::map<std::tuple<bool, int64_t, std::string>, RopeTable> rope_cache_;
};
TORCH_MODULE(ViT);

}  // namespace sam3::model
