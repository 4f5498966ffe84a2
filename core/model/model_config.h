#pragma once
// Hyper-parameters of the SAM3 image model, read from resources/models/<name>.yaml.
// Loading is strict: an unknown or missing key is a ConfigError naming the key, file and line.
#include <filesystem>
#include <string>
#include <vector>

namespace sam3::model {

struct VisionConfig {
  int patch_size = 14;
  int pretrain_image_size = 336;
  int embed_dim = 1024;
  int depth = 32;
  int num_heads = 16;
  double mlp_ratio = 4.625;
  int window_size = 24;
  std::vector<int> global_blocks{7, 15, 23, 31};
  double rope_theta = 10000.0;
  double layer_norm_eps = 1e-5;
  double drop_path_rate = 0.1;
  int mlp_hidden() const { return static_cast<int>(embed_dim * mlp_ratio); }
};

struct NeckConfig {
  int d_model = 256;
  std::vector<double> scale_factors{4.0, 2.0, 1.0, 0.5};
  int scalp = 1;
};

struct TextConfig {
  int width = 1024;
  int layers = 24;
  int heads = 16;
  double mlp_ratio = 4.0;
  int context_length = 32;
  int vocab_size = 49408;
  int projection_dim = 512;
};

struct TransformerConfig {  // geometry encoder, fusion encoder, decoder
  int layers = 6;
  int num_heads = 8;
  int dim_feedforward = 2048;
  double dropout = 0.1;
};

struct GeometryConfig : TransformerConfig {
  int roi_size = 7;
};

struct DecoderConfig : TransformerConfig {
  int num_queries = 200;
  std::string box_rpb = "log";
};

struct ScoringConfig {
  int hidden_dim = 2048;
  double clamp_logits = 12.0;
  double dropout = 0.1;  // of the prompt MLP (official DotProductScoring: MLP(..., dropout=0.1))
};

struct SegmentationConfig {
  int pixel_decoder_stages = 3;
  int group_norm_groups = 8;
};

// The tracker's SAM-style prompt encoder and mask decoder (instance interactivity, official
// `Sam3TrackerBase._build_sam_heads` and `SAM3InteractiveImagePredictor`); embed dim =
// neck.d_model, image embedding = the 1x level of the SAM2 neck (image_size / patch_size per side).
struct TrackerConfig {
  int mask_in_chans = 16;         // PromptEncoder mask_downscaling width
  int num_multimask_outputs = 3;  // MaskDecoder: 3 candidates + 1 single-mask token
  int transformer_depth = 2;      // TwoWayTransformer
  int num_heads = 8;
  int mlp_dim = 2048;
  int attention_downsample_rate = 2;
  int iou_head_depth = 3;
  int iou_head_hidden_dim = 256;
  double dynamic_multimask_stability_delta = 0.05;
  double dynamic_multimask_stability_thresh = 0.98;
  double mask_threshold = 0.0;     // logits above it are foreground
  double max_hole_area = 256.0;    // low-res holes up to this area are filled (0: off)
  double max_sprinkle_area = 0.0;  // low-res islands up to this area are removed (0: off)
};

struct ModelConfig {
  std::string name = "sam3";
  int image_size = 1008;
  std::vector<double> image_mean{0.5, 0.5, 0.5};
  std::vector<double> image_std{0.5, 0.5, 0.5};
  VisionConfig vision;
  NeckConfig neck;
  TextConfig text;
  GeometryConfig geometry;
  TransformerConfig encoder;
  DecoderConfig decoder;
  ScoringConfig scoring;
  SegmentationConfig segmentation;
  TrackerConfig tracker;
  int d_model() const { return neck.d_model; }
  int feature_size() const { return image_size / vision.patch_size; }  // tokens per side
};

// Throws ConfigError (unknown/missing key, wrong type, out-of-range value such as an image_size
// that is not a multiple of patch_size; "line L, column C" of the offending node), IoError when the
// file cannot be read.
ModelConfig load_model_config(const std::filesystem::path& yaml_file);
// By name ("sam3", "sam3-tiny"): <name>.yaml from the first folder that has it, in this order:
// $SAM3STUDIO_MODEL_CONFIG_DIR, <executable>/../share/sam3studio/models, the source tree's
// resources/models, <install prefix>/share/sam3studio/models. IoError (listing the places tried)
// when none has it; InvalidInput for a name with '/', '\\' or '.'.
ModelConfig model_config_by_name(const std::string& name);
// The first of those folders that exists; IoError when none does.
std::filesystem::path model_config_dir();

}  // namespace sam3::model
