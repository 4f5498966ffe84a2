// Port of sam3/model/geometry_encoders.py (facebookresearch/sam3 @ 99d02f2); see
// geometry_encoders.h.
#include "core/model/geometry_encoders.h"

#include "core/model/roi_align.h"

namespace sam3::model {

namespace {

void check_right_padded(const torch::Tensor& mask, const char* name) {
  const torch::Tensor m = mask.to(torch::kLong);
  TORCH_CHECK(m.numel() == 0 || m.equal(std::get<0>(m.sort(-1))), name,
              " must be right-padded (padding only after the valid entries)");
}

torch::nn::LayerNorm layer_norm(int64_t d) {
  return torch::nn::LayerNorm(torch::nn::LayerNormOptions({d}));
}

}  // namespace

std::pair<torch::Tensor, torch::Tensor> concat_padded_sequences(const torch::Tensor& seq1,
                                                                const torch::Tensor& mask1,
                                                                const torch::Tensor& seq2,
                                                                const torch::Tensor& mask2) {
  TORCH_CHECK(seq1.dim() == 3 && seq2.dim() == 3 && seq1.size(1) == seq2.size(1) &&
                  seq1.size(2) == seq2.size(2),
              "concat_padded_sequences: seq1 ", seq1.sizes(), " and seq2 ", seq2.sizes(),
              " must be [L, B, C] with equal B and C");
  const int64_t L1 = seq1.size(0), L2 = seq2.size(0), B = seq1.size(1), C = seq1.size(2);
  TORCH_CHECK(
      mask1.sizes() == torch::IntArrayRef({B, L1}) && mask2.sizes() == torch::IntArrayRef({B, L2}),
      "concat_padded_sequences: masks ", mask1.sizes(), " / ", mask2.sizes(),
      " do not match the sequences");
  check_right_padded(mask1, "concat_padded_sequences: mask1");
  check_right_padded(mask2, "concat_padded_sequences: mask2");
  const torch::Tensor len1 = mask1.logical_not().sum(-1);  // [B]
  const torch::Tensor len2 = mask2.logical_not().sum(-1);
  const auto long_opts = torch::TensorOptions().dtype(torch::kLong).device(seq2.device());
  const torch::Tensor mask =
      torch::arange(L1 + L2, long_opts).unsqueeze(0).repeat({B, 1}) >= (len1 + len2).unsqueeze(1);
  torch::Tensor out =
      torch::cat({seq1.to(seq2.scalar_type()), torch::zeros({L2, B, C}, seq2.options())}, 0);
  const torch::Tensor index =
      torch::arange(L2, long_opts).unsqueeze(1).repeat({1, B}) + len1.unsqueeze(0);
  out = out.scatter(0, index.unsqueeze(-1).expand({L2, B, C}), seq2);
  return {out, mask};
}

SequenceGeometryEncoderImpl::SequenceGeometryEncoderImpl(const GeometryConfig& c, int64_t d)
    : d_model_(d), roi_size_(c.roi_size) {
  TORCH_CHECK(d % 2 == 0, "SequenceGeometryEncoder: d_model must be even, got ", d);
  label_embed = register_module("label_embed", torch::nn::Embedding(2, d));
  cls_embed = register_module("cls_embed", torch::nn::Embedding(1, d));
  points_direct_project = register_module("points_direct_project", torch::nn::Linear(2, d));
  points_pool_project = register_module("points_pool_project", torch::nn::Linear(d, d));
  points_pos_enc_project = register_module("points_pos_enc_project", torch::nn::Linear(d, d));
  boxes_direct_project = register_module("boxes_direct_project", torch::nn::Linear(4, d));
  boxes_pool_project = register_module(
      "boxes_pool_project", torch::nn::Conv2d(torch::nn::Conv2dOptions(d, d, c.roi_size)));
  boxes_pos_enc_project = register_module("boxes_pos_enc_project", torch::nn::Linear(d + 2, d));
  final_proj = register_module("final_proj", torch::nn::Linear(d, d));
  norm = register_module("norm", layer_norm(d));
  img_pre_norm = register_module("img_pre_norm", layer_norm(d));
  encode = register_module("encode", torch::nn::ModuleList());
  EncoderLayerOptions o;
  o.d_model = d;
  o.num_heads = c.num_heads;
  o.dim_feedforward = c.dim_feedforward;
  o.dropout = c.dropout;
  o.pos_enc_at_attn = false;
  o.pos_enc_at_cross_attn_keys = true;
  o.pos_enc_at_cross_attn_queries = false;
  for (int i = 0; i < c.layers; ++i) encode->push_back(TransformerEncoderLayer(o));
  encode_norm = register_module("encode_norm", layer_norm(d));
  pos_enc = register_module("pos_enc", PositionEmbeddingSine(static_cast<int>(d)));
}

torch::Tensor SequenceGeometryEncoderImpl::encode_points(const torch::Tensor& points,
                                                         const torch::Tensor& labels,
                                                         const torch::Tensor& feats) {
  const int64_t P = points.size(0), B = points.size(1);
  if (P == 0) return torch::zeros({0, B, d_model_}, feats.options());
  torch::Tensor emb = points_direct_project->forward(points);
  // grid [B, P, 1, 2] in [-1, 1] -> sampled [B, D, P, 1]
  const torch::Tensor grid = points.transpose(0, 1).unsqueeze(2) * 2 - 1;
  // F.grid_sample(mode="bilinear", padding_mode="zeros", align_corners=False)
  const torch::Tensor sampled = torch::grid_sampler(feats, grid.to(feats.scalar_type()),
                                                    /*bilinear=*/0, /*zeros=*/0, false);
  emb = emb + points_pool_project->forward(sampled.squeeze(-1).permute({2, 0, 1}));
  const auto xy = points.unbind(-1);
  const auto [enc_x, enc_y] = pos_enc->encode_xy(xy[0].flatten(), xy[1].flatten());
  const torch::Tensor enc = torch::cat({enc_x, enc_y}, -1).view({P, B, d_model_});  // x first
  emb = emb + points_pos_enc_project->forward(enc);
  return label_embed->forward(labels.to(torch::kLong)) + emb;
}

torch::Tensor SequenceGeometryEncoderImpl::encode_boxes(const torch::Tensor& boxes,
                                                        const torch::Tensor& labels,
                                                        const torch::Tensor& feats) {
  const int64_t N = boxes.size(0), B = boxes.size(1);
  if (N == 0) return torch::zeros({0, B, d_model_}, feats.options());
  const int64_t H = feats.size(2), W = feats.size(3);
  torch::Tensor emb = boxes_direct_project->forward(boxes);
  const torch::Tensor scale =
      torch::tensor({float(W), float(H), float(W), float(H)}, boxes.options().dtype(torch::kFloat));
  const torch::Tensor xyxy = box_cxcywh_to_xyxy(boxes.to(torch::kFloat)) * scale;  // [N, B, 4]
  const auto long_opts = torch::TensorOptions().dtype(torch::kLong).device(boxes.device());
  const torch::Tensor batch_idx =
      torch::arange(B, long_opts).repeat_interleave(N).to(torch::kFloat);
  const torch::Tensor rois =
      torch::cat({batch_idx.unsqueeze(1), xyxy.transpose(0, 1).reshape({B * N, 4})}, 1);
  RoiAlignOptions ro;
  ro.output_h = ro.output_w = roi_size_;
  const torch::Tensor sampled = roi_align(feats, rois, ro);  // [B*N, D, roi, roi]
  emb = emb + boxes_pool_project->forward(sampled).view({B, N, d_model_}).transpose(0, 1);
  const auto c = boxes.unbind(-1);  // encode_boxes: [pos_y, pos_x, h, w], no gradient
  const torch::Tensor enc =
      pos_enc->encode_boxes(c[0].flatten(), c[1].flatten(), c[2].flatten(), c[3].flatten())
          .view({N, B, d_model_ + 2});
  emb = emb + boxes_pos_enc_project->forward(enc);
  return label_embed->forward(labels.to(torch::kLong)) + emb;
}

std::pair<torch::Tensor, torch::Tensor> SequenceGeometryEncoderImpl::forward(
    const GeometryPrompt& prompt, const torch::Tensor& img_feats, const torch::Tensor& img_pos,
    int64_t feat_h, int64_t feat_w) {
  TORCH_CHECK(
      img_feats.dim() == 3 && img_feats.size(0) == feat_h * feat_w && img_feats.size(2) == d_model_,
      "SequenceGeometryEncoder: img_feats must be [", feat_h * feat_w, ", B, ", d_model_, "], got ",
      img_feats.sizes());
  TORCH_CHECK(img_pos.sizes() == img_feats.sizes(), "SequenceGeometryEncoder: img_pos ",
              img_pos.sizes(), " differs from img_feats ", img_feats.sizes());
  const int64_t B = img_feats.size(1);
  const auto dev = img_feats.device();
  const auto fopts = torch::TensorOptions().dtype(torch::kFloat).device(dev);
  const auto bopts = torch::TensorOptions().dtype(torch::kBool).device(dev);
  const auto lopts = torch::TensorOptions().dtype(torch::kLong).device(dev);
  auto fill = [&](torch::Tensor t, torch::Tensor m, torch::Tensor l, int64_t dim,
                  const char* what) {
    if (!t.defined()) t = torch::zeros({0, B, dim}, fopts);
    TORCH_CHECK(t.dim() == 3 && t.size(1) == B && t.size(2) == dim,
                "SequenceGeometryEncoder: ", what, " must be [N, ", B, ", ", dim, "], got ",
                t.sizes());
    const int64_t n = t.size(0);
    if (!m.defined()) m = torch::zeros({B, n}, bopts);
    l = l.defined() ? l.to(torch::kLong) : torch::ones({n, B}, lopts);  // bool labels: true = 1
    TORCH_CHECK(m.sizes() == torch::IntArrayRef({B, n}) && l.sizes() == torch::IntArrayRef({n, B}),
                "SequenceGeometryEncoder: ", what, " mask ", m.sizes(), " / labels ", l.sizes(),
                " do not match ", t.sizes());
    TORCH_CHECK(l.numel() == 0 || (l.min().item<int64_t>() >= 0 && l.max().item<int64_t>() <= 1),
                "SequenceGeometryEncoder: ", what, " labels must be 0 (negative) or 1 (positive)");
    return std::make_tuple(t, m.to(torch::kBool), l);
  };
  const auto [points, point_mask, point_labels] =
      fill(prompt.points, prompt.point_mask, prompt.point_labels, 2, "points");
  const auto [boxes, box_mask, box_labels] =
      fill(prompt.boxes, prompt.box_mask, prompt.box_labels, 4, "boxes");

  // Pooling reads the pre-normed level as [B, D, H, W]; the layers cross-attend to the raw one.
  const torch::Tensor feats =
      img_pre_norm->forward(img_feats).permute({1, 2, 0}).reshape({B, d_model_, feat_h, feat_w});
  const torch::Tensor point_emb = encode_points(points, point_labels, feats);
  const torch::Tensor box_emb = encode_boxes(boxes, box_labels, feats);
  auto [emb, mask] = concat_padded_sequences(point_emb, point_mask, box_emb, box_mask);
  const torch::Tensor cls = cls_embed->weight.view({1, 1, d_model_}).repeat({1, B, 1});
  std::tie(emb, mask) = concat_padded_sequences(emb, mask, cls, torch::zeros({B, 1}, bopts));
  emb = norm->forward(final_proj->forward(emb));
  for (const auto& m : *encode) {
    emb = m->as<TransformerEncoderLayerImpl>()->forward(emb, img_feats, mask, /*memory_kpm=*/{},
                                                        /*pos=*/img_pos);
  }
  return {encode_norm->forward(emb), mask};
}

}  // namespace sam3::model
