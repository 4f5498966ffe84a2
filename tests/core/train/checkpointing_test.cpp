// Activation checkpointing on a small module with dropout: same outputs and the same gradients
// (inputs and parameters) as without checkpointing, the forward really recomputed in backward, and
// the RNG stream afterwards as without recomputation.
#include <gtest/gtest.h>

#include "core/train/checkpointing.h"

namespace sam3::train {
namespace {

struct MlpImpl : torch::nn::Module {
  MlpImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(6, 16));
    fc2 = register_module("fc2", torch::nn::Linear(16, 6));
  }
  torch::Tensor forward(const torch::Tensor& x) {
    ++calls;
    return fc2(torch::dropout(torch::gelu(fc1(x)), 0.3, is_training()));
  }
  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
  int calls = 0;
};
TORCH_MODULE(Mlp);

struct Result {
  torch::Tensor out, grad_x, grad_w1, grad_b2, next_random;
};

Result run(bool use_checkpoint) {
  torch::manual_seed(0);
  Mlp mlp;
  torch::manual_seed(42);
  torch::Tensor x = torch::randn({3, 6}, torch::kDouble).to(torch::kFloat).requires_grad_(true);
  const torch::Tensor y0 = x * 2;  // a non-leaf input
  torch::Tensor out =
      use_checkpoint ? checkpoint([&](const torch::Tensor& in) { return mlp->forward(in); }, y0)
                     : mlp->forward(y0);
  (out * out).sum().backward();
  Result r{out.detach(), x.grad().clone(), mlp->fc1->weight.grad().clone(),
           mlp->fc2->bias.grad().clone(), torch::rand({4})};
  EXPECT_EQ(mlp->calls, use_checkpoint ? 2 : 1);
  return r;
}

TEST(ActivationCheckpoint, SameOutputsAndGradientsWithDropout) {
  const Result plain = run(false), ckpt = run(true);
  EXPECT_TRUE(plain.out.equal(ckpt.out));
  EXPECT_TRUE(plain.grad_x.allclose(ckpt.grad_x, 1e-6, 1e-7));
  EXPECT_TRUE(plain.grad_w1.allclose(ckpt.grad_w1, 1e-6, 1e-7));
  EXPECT_TRUE(plain.grad_b2.allclose(ckpt.grad_b2, 1e-6, 1e-7));
  EXPECT_TRUE(plain.next_random.equal(ckpt.next_random));
}

TEST(ActivationCheckpoint, SeveralInputsAndOutputs) {
  torch::Tensor a = torch::randn({4}).requires_grad_(true);
  torch::Tensor b = torch::randn({4}).requires_grad_(true);
  const torch::Tensor c = torch::randn({4});  // no grad
  auto fn = [](const torch::autograd::variable_list& in) {
    return torch::autograd::variable_list{in[0] * in[1] + in[2], in[0].sin()};
  };
  auto outs = checkpoint(fn, {a, b, c});
  ASSERT_EQ(outs.size(), 2u);
  (outs[0].sum() + 3 * outs[1].sum()).backward();
  EXPECT_TRUE(a.grad().allclose(b.detach() + 3 * a.detach().cos()));
  EXPECT_TRUE(b.grad().allclose(a.detach()));
}

TEST(ActivationCheckpoint, RejectsAnEmptyFunction) {
  EXPECT_THROW(checkpoint(std::function<torch::Tensor(const torch::Tensor&)>{}, torch::ones({1})),
               c10::Error);
}

}  // namespace
}  // namespace sam3::train
