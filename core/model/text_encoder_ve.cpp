// Text tower (sam3/model/text_encoder_ve.py @ 99d02f2); see text_encoder_ve.h for the differences.
#include "core/model/text_encoder_ve.h"

#include <cmath>
#include <limits>

#include "core/model/activation_checkpoint.h"
#include "core/model/skip_init.h"
#include "core/util/torch_compat.h"

namespace sam3::model {

namespace F = torch::nn::functional;

TextAttentionImpl::TextAttentionImpl(int width, int num_heads)
    : heads(num_heads), out_proj(make_linear(width, width)) {
  TORCH_CHECK(width % num_heads == 0, "text width ", width, " is not divisible by ", num_heads,
              " heads");
  // Zeros under SkipInit; otherwise xavier below fills it.
  in_proj_weight =
      register_parameter("in_proj_weight", SkipInit::active() ? torch::zeros({3 * width, width})
                                                              : torch::empty({3 * width, width}));
  in_proj_bias = register_parameter("in_proj_bias", torch::zeros({3 * width}));
  register_module("out_proj", out_proj);
  if (SkipInit::active()) return;
  // nn.MultiheadAttention._reset_parameters: xavier_uniform in_proj, zero biases.
  torch::NoGradGuard no_grad;
  torch::nn::init::xavier_uniform_(in_proj_weight);
  out_proj->bias.zero_();
}

at::Tensor TextAttentionImpl::forward(const at::Tensor& x, const at::Tensor& mask) {
  TORCH_CHECK(x.dim() == 3, "text attention expects [B, L, W], got ", x.sizes());
  const int64_t b = x.size(0), l = x.size(1), w = x.size(2);
  // [B, L, 3W] -> 3 x [B, heads, L, hd]
  const auto qkv = F::linear(x, in_proj_weight, in_proj_bias)
                       .view({b, l, 3, heads, w / heads})
                       .permute({2, 0, 3, 1, 4});
  c10::optional<at::Tensor> attn_mask;
  if (mask.defined()) attn_mask = mask.to(qkv.scalar_type());  // bf16 under autocast
  const auto out = compat::scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], attn_mask);
  return out_proj->forward(out.permute({0, 2, 1, 3}).reshape({b, l, w}));
}

ResidualAttentionBlockImpl::ResidualAttentionBlockImpl(int width, int heads, double mlp_ratio)
    : attn(width, heads),
      ln_1(torch::nn::LayerNormOptions({width})),
      ln_2(torch::nn::LayerNormOptions({width})) {
  const int hidden = static_cast<int>(width * mlp_ratio);
  mlp = torch::nn::Sequential({{"c_fc", make_linear(width, hidden)},
                               {"gelu", torch::nn::GELU()},
                               {"c_proj", make_linear(hidden, width)}});
  register_module("attn", attn);
  register_module("ln_1", ln_1);
  register_module("ln_2", ln_2);
  register_module("mlp", mlp);
}

at::Tensor ResidualAttentionBlockImpl::forward(const at::Tensor& x, const at::Tensor& mask) {
  auto out = x + attn->forward(ln_1->forward(x), mask);
  return out + mlp->forward(ln_2->forward(out));
}

TextTransformerImpl::TextTransformerImpl(const TextConfig& cfg)
    : token_embedding(cfg.vocab_size, cfg.width),
      transformer(std::make_shared<torch::nn::Module>("Transformer")),
      ln_final(torch::nn::LayerNormOptions({cfg.width})),
      cfg_(cfg) {
  register_module("token_embedding", token_embedding);
  positional_embedding =
      register_parameter("positional_embedding", torch::empty({cfg.context_length, cfg.width}));
  for (int i = 0; i < cfg.layers; ++i) {
    resblocks->push_back(ResidualAttentionBlock(cfg.width, cfg.heads, cfg.mlp_ratio));
  }
  transformer->register_module("resblocks", resblocks);
  register_module("transformer", transformer);
  register_module("ln_final", ln_final);
  text_projection =
      register_parameter("text_projection", torch::empty({cfg.width, cfg.projection_dim}));
  // Upstream leaves both parameters uninitialised (torch.empty); checkpoints overwrite them.
  // Small normals keep a freshly built model finite.
  torch::NoGradGuard no_grad;
  positional_embedding.normal_(0.0, 0.01);
  text_projection.normal_(0.0, std::pow(cfg.width, -0.5));
}

at::Tensor TextTransformerImpl::forward(const at::Tensor& tokens) {
  TORCH_CHECK(tokens.dim() == 2 && tokens.scalar_type() == torch::kInt64,
              "text tower expects int64 token ids [B, L], got ", tokens.sizes(), " ",
              tokens.scalar_type());
  const int64_t length = tokens.size(1);
  TORCH_CHECK(length >= 1 && length <= cfg_.context_length, "text length ", length,
              " must be in [1, ", cfg_.context_length, "]");
  using torch::indexing::Slice;
  auto x = token_embedding->forward(tokens) + positional_embedding.index({Slice(0, length)});
  // Additive causal mask: -inf above the diagonal (upstream `build_causal_mask`).
  const auto mask = torch::full({length, length}, -std::numeric_limits<float>::infinity(),
                                x.options().dtype(torch::kFloat32))
                        .triu_(1);
  for (size_t i = 0; i < resblocks->size(); ++i) {
    auto block = resblocks->ptr<ResidualAttentionBlockImpl>(i);
    if (!activation_checkpointing) {
      x = block->forward(x, mask);
      continue;
    }
    x = checkpoint_block(true, *block,
                         [block, mask](const torch::autograd::variable_list& in) {
                           return torch::autograd::variable_list{block->forward(in[0], mask)};
                         },
                         {x})[0];
  }
  return ln_final->forward(x);
}

VETextEncoderImpl::VETextEncoderImpl(const TextConfig& cfg, int d_model)
    : encoder(cfg), resizer(cfg.width, d_model) {
  register_module("encoder", encoder);
  register_module("resizer", resizer);
}

TextEncoding VETextEncoderImpl::forward(const at::Tensor& tokens, Taps* taps) {
  TORCH_CHECK(tokens.dim() == 2 && tokens.scalar_type() == torch::kInt64,
              "text encoder expects int64 token ids [B, L], got ", tokens.sizes(), " ",
              tokens.scalar_type());
  const int64_t vocab = encoder->config().vocab_size;
  TORCH_CHECK(tokens.numel() == 0 ||
                  (tokens.min().item<int64_t>() >= 0 && tokens.max().item<int64_t>() < vocab),
              "token ids must be in [0, ", vocab, ")");
  TextEncoding out;
  out.language_embeds = encoder->token_embedding->forward(tokens).transpose(0, 1);
  const auto tower = encoder->forward(tokens);  // [B, L, W]
  record_tap(taps, "text.tower", tower);
  const auto memory = tower.transpose(0, 1);  // [L, B, W]
  out.language_features = resizer->forward(memory);
  out.language_mask = tokens.eq(0);
  record_tap(taps, "text.features", out.language_features);
  record_tap(taps, "text.mask", out.language_mask);
  return out;
}

}  // namespace sam3::model
