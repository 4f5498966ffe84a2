#pragma once
// bf16 weights for CUDA inference under bf16 autocast.
//
// Under autocast every Linear / convolution casts its fp32 weight and bias to bf16 before the
// matmul, and keeps those copies in a cache for the whole forward (about 1.6 GB for `sam3`).
// Storing exactly those tensors in bf16 instead gives the same numbers (the cast is the same
// rounding) with half the weight memory and no cast copies. Everything else stays fp32, as the
// official code under autocast computes it: LayerNorm / GroupNorm parameters, embeddings and
// positional tables that are added to fp32 residual streams (pos_embed, positional_embedding, query
// embeddings), raw projection matrices (text_projection), and the official fp32 islands — the
// decoder layers' FFN (linear1, linear2), which runs with autocast off.
//
// Only for inference on CUDA with bf16 autocast on (Sam3Image::cuda_bf16_autocast); training keeps
// fp32 master weights. Returns the number of parameters converted.
#include <cstdint>
#include <string>

namespace torch::nn {
class Module;
}

namespace sam3::model {

std::int64_t cast_matmul_weights_to_bf16(torch::nn::Module& model);

// True for parameters of modules that must stay fp32 (the fp32 islands), by their full name.
bool is_fp32_island_parameter(const std::string& name);

}  // namespace sam3::model
