//===- GradientTest.cpp - umc-autodiff against finite differences ---------===//
//
// Each test writes a loss function (umc.loss) over parameters, compiles it
// with umc-compile (which adds `loss_grad`), and compares every gradient
// the compiled code returns with central differences of the compiled
// forward, (L(p + h) - L(p - h)) / 2h extrapolated from two steps, element
// by element. The loss weighs every output element by a fixed pseudo-random
// probe, so each element's gradient matters. Shapes are chosen so that no tile
// divides them.
//
//===----------------------------------------------------------------------===//
#include "Harness.h"

#include "umc/Runtime/Params.h"
#include "umc/Runtime/Program.h"

#include <cmath>
#include <sstream>

using namespace umc;
using namespace umc::e2e;

namespace {

struct Param {
  std::string name;
  ref::Array value;
};

/// A value of the loss function that the loss weighs by a probe.
struct Term {
  std::string value; // "%y"
  std::vector<int64_t> shape;
};

/// A dense f32 constant of `n` probe values in [-1, 1], from `seed`.
std::string probe(int64_t n, uint64_t seed) {
  ref::Array values = random({n}, seed);
  std::ostringstream s;
  s << "arith.constant dense<[";
  for (int64_t i = 0; i < n; ++i)
    s << (i ? ", " : "") << values.data[i];
  s << "]> : tensor<" << n << "xf32>";
  return s.str();
}

/// func.func @loss(inputs..., params...) -> tensor<f32> {umc.loss}: `body`,
/// then sum over terms of sum(term * probe).
std::string lossModule(const std::string &inputs,
                       const std::vector<Param> &params,
                       const std::string &body,
                       const std::vector<Term> &terms) {
  std::ostringstream s;
  s << "func.func @loss(" << inputs;
  bool first = inputs.empty();
  for (const Param &p : params) {
    s << (first ? "" : ", ") << "%" << p.name << ": " << type(p.value.shape)
      << " {umc.param = \"" << p.name << "\"}";
    first = false;
  }
  s << ") -> tensor<f32> attributes {umc.loss} {\n" << body << "\n";
  std::string total;
  for (size_t i = 0; i < terms.size(); ++i) {
    const Term &t = terms[i];
    int64_t n = 1;
    for (int64_t d : t.shape)
      n *= d;
    std::string flat = type({n});
    std::string id = std::to_string(i);
    s << "  %flat" << id << " = umc.reshape " << t.value << " : "
      << type(t.shape) << " -> " << flat << "\n";
    s << "  %probe" << id << " = " << probe(n, 1000 + i) << "\n";
    s << "  %weighted" << id << " = umc.mul %flat" << id << ", %probe" << id
      << " : (" << flat << ", " << flat << ") -> " << flat << "\n";
    s << "  %term" << id << " = umc.sum %weighted" << id
      << " axis = 0 : " << flat << " -> tensor<f32>\n";
    if (total.empty()) {
      total = "%term" + id;
    } else {
      s << "  %total" << id << " = umc.add " << total << ", %term" << id
        << " : (tensor<f32>, tensor<f32>) -> tensor<f32>\n";
      total = "%total" + id;
    }
  }
  s << "  return " << total << " : tensor<f32>\n}\n";
  return s.str();
}

struct Tolerance {
  double step = 1e-2;
  double atol = 5e-4;
  double rtol = 5e-3;
};

/// Compiles `mlir`, then checks each parameter's gradient from `loss_grad`
/// against central differences of `loss` at up to 24 elements of it.
void checkGradients(const std::string &mlir,
                    const std::vector<rt::Tensor> &inputs,
                    const std::vector<Param> &params, Tolerance tol = {}) {
  SCOPED_TRACE(mlir);
  auto artifact = compile(mlir);
  ASSERT_TRUE(artifact);
  auto program = rt::Program::create(artifact, cpuDevice(2));
  ASSERT_TRUE(program.isOk()) << program.status().message();
  auto lossFn = artifact->function("loss");
  auto gradFn = artifact->function("loss_grad");
  ASSERT_TRUE(lossFn.isOk() && gradFn.isOk());

  rt::TensorFile file;
  for (const Param &p : params)
    file.tensors[p.name] = toTensor(p.value);
  auto lossAt = [&](const rt::TensorFile &values) {
    (*program)->setParams(values);
    auto out = (*program)->call(**lossFn, inputs);
    EXPECT_TRUE(out.isOk()) << out.status().message();
    return out.isOk() ? static_cast<double>(out->at(0).data<float>()[0]) : NAN;
  };

  (*program)->setParams(file);
  auto grads = (*program)->call(**gradFn, inputs);
  ASSERT_TRUE(grads.isOk()) << grads.status().message();
  ASSERT_EQ(grads->size(), params.size() + 1);
  for (size_t p = 0; p < params.size(); ++p) {
    const rt::Tensor &grad = grads->at(p + 1);
    ASSERT_EQ(grad.shape, params[p].value.shape) << params[p].name;
    int64_t n = grad.numElements();
    int64_t stride = std::max<int64_t>(1, n / 24);
    for (int64_t i = 0; i < n; i += stride) {
      // Central differences at h and h / 2, extrapolated (Richardson):
      // (4 D(h/2) - D(h)) / 3 cancels the h^2 term of the error, which
      // lets the tolerance be that of f32 rounding, not of the step.
      auto difference = [&](double step) {
        rt::TensorFile plus = file, minus = file;
        plus.tensors[params[p].name].data<float>()[i] += step;
        minus.tensors[params[p].name].data<float>()[i] -= step;
        // The perturbation as f32 holds it.
        double h = (static_cast<double>(
                        plus.tensors[params[p].name].data<float>()[i]) -
                    minus.tensors[params[p].name].data<float>()[i]) /
                   2;
        return (lossAt(plus) - lossAt(minus)) / (2 * h);
      };
      double numeric =
          (4 * difference(tol.step / 2) - difference(tol.step)) / 3;
      double analytic = grad.data<float>()[i];
      EXPECT_NEAR(analytic, numeric, tol.atol + tol.rtol * std::abs(numeric))
          << "d loss / d " << params[p].name << "[" << i << "]";
    }
  }
}

/// Values `start, start + step, ...` in a scrambled order: distinct by at
/// least `step`, so that a difference of +-h never crosses a tie of max,
/// maximum or minimum.
ref::Array distinct(std::vector<int64_t> shape, double start, double step) {
  ref::Array a = ref::Array::zeros(std::move(shape));
  int64_t n = a.size();
  for (int64_t i = 0; i < n; ++i)
    a.data[i] = static_cast<float>(start + step * ((i * 7) % n));
  return a;
}

TEST(Gradient, UnaryOps) {
  std::vector<int64_t> s{3, 5};
  std::string t = type(s);
  std::vector<Param> params;
  std::vector<Term> terms;
  std::string body;
  const char *ops[] = {"exp", "tanh", "sin",  "cos",      "sigmoid",
                       "neg", "silu", "gelu", "gelu_tanh"};
  for (size_t i = 0; i < std::size(ops); ++i) {
    std::string name = "a" + std::to_string(i);
    params.push_back({name, random(s, 10 + i, -1.5, 1.5)});
    std::string op = ops[i];
    std::string attrs;
    if (op == "gelu_tanh") {
      op = "gelu";
      attrs = " approximate = tanh";
    }
    body += "  %u" + std::to_string(i) + " = umc." + op + " %" + name + attrs +
            " : " + t + "\n";
    terms.push_back({"%u" + std::to_string(i), s});
  }
  // log, sqrt and rsqrt of positive values: of 1 + x * x.
  params.push_back({"p", random(s, 30)});
  body += "  %one = arith.constant dense<1.0> : tensor<f32>\n"
          "  %sq = umc.mul %p, %p : (" +
          t + ", " + t + ") -> " + t +
          "\n"
          "  %pos = umc.add %sq, %one : (" +
          t + ", tensor<f32>) -> " + t +
          "\n"
          "  %log = umc.log %pos : " +
          t +
          "\n"
          "  %sqrt = umc.sqrt %pos : " +
          t +
          "\n"
          "  %rsqrt = umc.rsqrt %pos : " +
          t + "\n";
  terms.insert(terms.end(), {{"%log", s}, {"%sqrt", s}, {"%rsqrt", s}});
  checkGradients(lossModule("", params, body, terms), {}, params);
}

TEST(Gradient, BinaryOpsBroadcast) {
  // Each op with a [3, 5] and a broadcast [5] or [3, 1] operand, both
  // parameters, so that both gradients and the broadcast sums are checked.
  std::vector<Param> params{{"l", distinct({3, 5}, -1.0, 0.13)},
                            {"r", distinct({5}, -0.93, 0.41)},
                            {"c", random({3, 1}, 41, 0.5, 1.5)}};
  std::string l = type({3, 5}), r = type({5}), c = type({3, 1});
  std::string body;
  std::vector<Term> terms;
  const char *ops[] = {"add", "sub", "mul", "maximum", "minimum"};
  for (size_t i = 0; i < std::size(ops); ++i) {
    std::string v = "%b" + std::to_string(i);
    body += "  " + v + " = umc." + ops[i] + " %l, %r : (" + l + ", " + r +
            ") -> " + l + "\n";
    terms.push_back({v, {3, 5}});
  }
  body += "  %q = umc.div %l, %c : (" + l + ", " + c + ") -> " + l +
          "\n"
          "  %m = umc.compare gt %l, %r : (" +
          l + ", " + r + ") -> " + type({3, 5}, "i8") +
          "\n"
          "  %w = umc.where %m, %l, %c : (" +
          type({3, 5}, "i8") + ", " + l + ", " + c + ") -> " + l + "\n";
  terms.insert(terms.end(), {{"%q", {3, 5}}, {"%w", {3, 5}}});
  checkGradients(lossModule("", params, body, terms), {}, params);
}

TEST(Gradient, ReductionsAndSoftmax) {
  std::vector<int64_t> s{3, 4, 5};
  std::string t = type(s);
  std::vector<Param> params{{"x", distinct(s, -1.2, 0.04)},
                            {"y", random(s, 51)}};
  std::string body = "  %s0 = umc.sum %x axis = 1 : " + t + " -> " +
                     type({3, 5}) +
                     "\n"
                     "  %s1 = umc.mean %x axis = -1 keep_dim : " +
                     t + " -> " + type({3, 4, 1}) +
                     "\n"
                     "  %s2 = umc.max %x axis = 0 : " +
                     t + " -> " + type({4, 5}) +
                     "\n"
                     "  %s3 = umc.softmax %y : " +
                     t +
                     "\n"
                     "  %s4 = umc.softmax %y axis = 1 : " +
                     t + "\n";
  checkGradients(lossModule("", params, body,
                            {{"%s0", {3, 5}},
                             {"%s1", {3, 4, 1}},
                             {"%s2", {4, 5}},
                             {"%s3", s},
                             {"%s4", s}}),
                 {}, params);
}

TEST(Gradient, LinearMatmulEmbedding) {
  std::vector<Param> params{{"x", random({2, 3, 7}, 60)},
                            {"w", random({5, 7}, 61)},
                            {"b", random({5}, 62)},
                            {"m", random({4, 5}, 63)},
                            {"table", random({6, 3}, 64)}};
  // m is [N, K] like a linear weight; the matmul reads it transposed.
  std::string body =
      "  %y = umc.linear %x, %w, %b : (" + type({2, 3, 7}) + ", " +
      type({5, 7}) + ", " + type({5}) + ") -> " + type({2, 3, 5}) +
      "\n"
      "  %mt = umc.transpose %m [1, 0] : " +
      type({4, 5}) + " -> " + type({5, 4}) +
      "\n"
      "  %z = umc.matmul %y, %mt : (" +
      type({2, 3, 5}) + ", " + type({5, 4}) + ") -> " + type({2, 3, 4}) +
      "\n"
      "  %e = umc.embedding %ids, %table : (" +
      type({2, 4}, "i32") + ", " + type({6, 3}) + ") -> " + type({2, 4, 3}) +
      "\n";
  // Ids repeat (1 and 4 twice) and skip 0 and 5: rows read twice sum, rows
  // never read get zero.
  rt::Tensor ids = toTensor({2, 4}, {1, 4, 2, 1, 3, 4, 2, 2}, rt::DType::i32);
  checkGradients(lossModule("%ids: " + type({2, 4}, "i32"), params, body,
                            {{"%z", {2, 3, 4}}, {"%e", {2, 4, 3}}}),
                 {ids}, params);
}

TEST(Gradient, Norms) {
  std::vector<int64_t> s{2, 3, 7};
  std::string t = type(s), v = type({7});
  std::vector<Param> params{{"x", random(s, 70, -2.0, 2.0)},
                            {"g", random({7}, 71, 0.5, 1.5)},
                            {"b", random({7}, 72)},
                            {"h", random({7}, 73, 0.5, 1.5)}};
  std::string body =
      "  %ln = umc.layer_norm %x scale %g bias %b eps = 1.0e-05 : (" + t +
      ", " + v + ", " + v + ") -> " + t +
      "\n"
      "  %rms = umc.rms_norm %x scale %h eps = 1.0e-06 : (" +
      t + ", " + v + ") -> " + t + "\n";
  checkGradients(lossModule("", params, body, {{"%ln", s}, {"%rms", s}}), {},
                 params);
}

TEST(Gradient, ShapeOps) {
  std::vector<Param> params{{"a", random({2, 3, 4}, 80)},
                            {"c", random({2, 2, 4}, 81)},
                            {"img", random({2, 1, 6, 4}, 82)}};
  std::string body =
      "  %r = umc.reshape %a : " + type({2, 3, 4}) + " -> " + type({6, 4}) +
      "\n"
      "  %t = umc.transpose %a [2, 0, 1] : " +
      type({2, 3, 4}) + " -> " + type({4, 2, 3}) +
      "\n"
      "  %cat = umc.concat %a, %c axis = 1 : (" +
      type({2, 3, 4}) + ", " + type({2, 2, 4}) + ") -> " + type({2, 5, 4}) +
      "\n"
      "  %sl = umc.slice %cat offsets = [1, 1, 1] sizes = [1, 3, 2] : " +
      type({2, 5, 4}) + " -> " + type({1, 3, 2}) +
      "\n"
      "  %p = umc.patchify %img patch_size = 2 : (" +
      type({2, 1, 6, 4}) + ") -> " + type({2, 6, 4}) +
      "\n"
      "  %bc = umc.broadcast %c : " +
      type({2, 2, 4}) + " -> " + type({3, 2, 2, 4}) + "\n";
  checkGradients(lossModule("", params, body,
                            {{"%r", {6, 4}},
                             {"%t", {4, 2, 3}},
                             {"%sl", {1, 3, 2}},
                             {"%p", {2, 6, 4}},
                             {"%bc", {3, 2, 2, 4}}}),
                 {}, params);
}

TEST(Gradient, Unpatchify) {
  // Three channels, so that the two feature orders differ.
  std::vector<int64_t> patches{2, 6, 12}, image{2, 3, 6, 4};
  std::vector<Param> params{{"x", random(patches, 84)}};
  std::string body =
      "  %img = umc.unpatchify %x patch_size = 2 : (" + type(patches) +
      ") -> " + type(image) +
      "\n"
      "  %last = umc.unpatchify %x patch_size = 2 channels_last : (" +
      type(patches) + ") -> " + type(image) + "\n";
  checkGradients(
      lossModule("", params, body, {{"%img", image}, {"%last", image}}), {},
      params);
}

TEST(Gradient, StridedSlice) {
  // Strides on every axis, one that ends short of the input and one that
  // reads its last element; and stride 1 beside a stride.
  std::vector<Param> params{{"a", random({3, 7, 10}, 85)}};
  std::string a = type({3, 7, 10});
  std::string body = "  %s = umc.slice %a offsets = [0, 1, 2] sizes = [2, "
                     "3, 3] strides = [2, 2, 3] : " +
                     a + " -> " + type({2, 3, 3}) +
                     "\n"
                     "  %t = umc.slice %a offsets = [1, 0, 1] sizes = [2, "
                     "4, 2] strides = [1, 2, 5] : " +
                     a + " -> " + type({2, 4, 2}) + "\n";
  checkGradients(
      lossModule("", params, body, {{"%s", {2, 3, 3}}, {"%t", {2, 4, 2}}}), {},
      params);
}

TEST(Gradient, UpdateSlice) {
  // The update and the input are both parameters: the update's gradient is
  // the window at the run-time offset, the input's zero inside it. One
  // update along a middle axis, one along the last.
  std::vector<Param> params{{"cache", random({2, 7, 3}, 86)},
                            {"kv", random({2, 2, 3}, 87)},
                            {"x", random({4, 9}, 88)},
                            {"u", random({4, 3}, 89)}};
  std::string body =
      "  %c = umc.update_slice %cache, %kv at %pos axis = 1 : (" +
      type({2, 7, 3}) + ", " + type({2, 2, 3}) + ", tensor<i32>) -> " +
      type({2, 7, 3}) +
      "\n"
      "  %y = umc.update_slice %x, %u at %at axis = -1 : (" +
      type({4, 9}) + ", " + type({4, 3}) + ", tensor<i64>) -> " + type({4, 9}) +
      "\n";
  checkGradients(lossModule("%pos: tensor<i32>, %at: tensor<i64>", params, body,
                            {{"%c", {2, 7, 3}}, {"%y", {4, 9}}}),
                 {scalarInt(3), scalarInt(5, rt::DType::i64)}, params);
}

TEST(Gradient, GroupNorm) {
  // Scale and bias over [N, C, L]; no affine over [N, C, H, W]; scale alone
  // over [N, C].
  std::vector<int64_t> s{2, 6, 5}, image{2, 4, 3, 5}, flat{3, 6};
  std::string t = type(s), v = type({6});
  std::vector<Param> params{{"x", random(s, 74, -2.0, 2.0)},
                            {"g", random({6}, 75, 0.5, 1.5)},
                            {"b", random({6}, 76)},
                            {"img", random(image, 77, -2.0, 2.0)},
                            {"f", random(flat, 78, -2.0, 2.0)},
                            {"h", random({6}, 79, 0.5, 1.5)}};
  std::string body =
      "  %gn = umc.group_norm %x scale %g bias %b groups = 3 : (" + t + ", " +
      v + ", " + v + ") -> " + t +
      "\n"
      "  %plain = umc.group_norm %img groups = 2 eps = 1.0e-03 : (" +
      type(image) + ") -> " + type(image) +
      "\n"
      "  %rows = umc.group_norm %f scale %h groups = 2 : (" +
      type(flat) + ", " + v + ") -> " + type(flat) + "\n";
  checkGradients(lossModule("", params, body,
                            {{"%gn", s}, {"%plain", image}, {"%rows", flat}}),
                 {}, params);
}

TEST(Gradient, Rope) {
  std::vector<Param> params{{"x", random({2, 3, 5, 6}, 90)},
                            {"y", random({2, 5, 6}, 91)}};
  rt::Tensor shared = toTensor({5}, {0, 1, 2, 7, 9}, rt::DType::i32);
  rt::Tensor perSample =
      toTensor({2, 5}, {3, 4, 5, 6, 7, 0, 0, 1, 2, 3}, rt::DType::i32);
  std::string body = "  %rx = umc.rope %x, %pos theta = 1.0e+04 : (" +
                     type({2, 3, 5, 6}) + ", " + type({5}, "i32") + ") -> " +
                     type({2, 3, 5, 6}) +
                     "\n"
                     "  %ry = umc.rope %y, %rows theta = 5.0e+02 : (" +
                     type({2, 5, 6}) + ", " + type({2, 5}, "i32") + ") -> " +
                     type({2, 5, 6}) + "\n";
  checkGradients(lossModule("%pos: " + type({5}, "i32") +
                                ", %rows: " + type({2, 5}, "i32"),
                            params, body,
                            {{"%rx", {2, 3, 5, 6}}, {"%ry", {2, 5, 6}}}),
                 {shared, perSample}, params);
}

/// Attention of parameters q [2, 4, 5, 6], k and v [2, 2, T, 6] (grouped:
/// two query heads per key/value head) under `mask`, with `extra` operands
/// and their types.
void checkAttention(const std::string &mask, int64_t keys,
                    const std::string &extra = "",
                    const std::string &extraTypes = "",
                    const std::string &extraArgs = "",
                    std::vector<rt::Tensor> inputs = {}) {
  std::vector<int64_t> qs{2, 4, 5, 6}, ks{2, 2, keys, 6};
  std::vector<Param> params{{"q", random(qs, 100, -1.5, 1.5)},
                            {"k", random(ks, 101, -1.5, 1.5)},
                            {"v", random(ks, 102)}};
  std::string body = "  %o = umc.attention %q, %k, %v mask " + mask + extra +
                     " : (" + type(qs) + ", " + type(ks) + ", " + type(ks) +
                     extraTypes + ") -> " + type(qs) + "\n";
  checkGradients(lossModule(extraArgs, params, body, {{"%o", qs}}), inputs,
                 params);
}

TEST(Gradient, AttentionCausal) { checkAttention("<causal>", 5); }
TEST(Gradient, AttentionFullCrossLengths) { checkAttention("<full>", 7); }
TEST(Gradient, AttentionSlidingWindow) {
  checkAttention("<sliding_window, window = 2>", 5);
}
TEST(Gradient, AttentionOmni) { checkAttention("<omni, spans = [1, 4]>", 5); }
TEST(Gradient, AttentionKeyPaddingAndScale) {
  rt::Tensor keep =
      toTensor({2, 5}, {1, 1, 0, 1, 1, 1, 0, 1, 1, 1}, rt::DType::i32);
  checkAttention("<full>", 5, " key_padding %keep scale = 0.3",
                 ", " + type({2, 5}, "i32"), "%keep: " + type({2, 5}, "i32"),
                 {keep});
}

TEST(Gradient, AttentionQkNorm) {
  std::vector<int64_t> qs{1, 2, 5, 6};
  std::vector<Param> params{{"q", random(qs, 110, -1.5, 1.5)},
                            {"k", random(qs, 111, -1.5, 1.5)},
                            {"v", random(qs, 112)},
                            {"gq", random({6}, 113, 0.5, 1.5)},
                            {"gk", random({6}, 114, 0.5, 1.5)}};
  std::string t = type(qs), g = type({6});
  std::string body =
      "  %o = umc.attention %q, %k, %v mask <causal> qk_norm(%gq, %gk) : (" +
      t + ", " + t + ", " + t + ", " + g + ", " + g + ") -> " + t + "\n";
  checkGradients(lossModule("", params, body, {{"%o", qs}}), {}, params);
}

TEST(Gradient, Conv2d) {
  // a: stride 2 over 8 rows without padding, so the forward's rounding
  //    down leaves the last row unread; padding on the other axis; a bias.
  // b: two groups, dilation and stride on different axes, and padding
  //    wider than the dilated kernel on the last axis (its transpose
  //    crops instead of padding).
  // c: one group per channel (depthwise) with a 1x1 kernel.
  std::vector<int64_t> xa{2, 3, 8, 6}, wa{4, 3, 3, 2}, ya{2, 4, 3, 7};
  std::vector<int64_t> xb{1, 4, 6, 5}, wb{6, 2, 2, 3}, yb{1, 6, 4, 5};
  std::vector<int64_t> xc{2, 3, 4, 3}, wc{3, 1, 1, 1}, yc{2, 3, 2, 2};
  std::vector<Param> params{{"xa", random(xa, 150)},  {"wa", random(wa, 151)},
                            {"ba", random({4}, 152)}, {"xb", random(xb, 153)},
                            {"wb", random(wb, 154)},  {"xc", random(xc, 155)},
                            {"wc", random(wc, 156)}};
  std::string body =
      "  %ya = umc.conv2d %xa, %wa, %ba strides = [2, 1] padding = [0, 1] : (" +
      type(xa) + ", " + type(wa) + ", " + type({4}) + ") -> " + type(ya) +
      "\n"
      "  %yb = umc.conv2d %xb, %wb strides = [1, 2] padding = [0, 3] "
      "dilation = [2, 1] groups = 2 : (" +
      type(xb) + ", " + type(wb) + ") -> " + type(yb) +
      "\n"
      "  %yc = umc.conv2d %xc, %wc strides = [2, 2] groups = 3 : (" +
      type(xc) + ", " + type(wc) + ") -> " + type(yc) + "\n";
  checkGradients(
      lossModule("", params, body, {{"%ya", ya}, {"%yb", yb}, {"%yc", yc}}), {},
      params);
}

TEST(Gradient, MultimodalBlocks) {
  // The diffusion-side blocks through their decompositions: timestep
  // embedding (of the time itself), adaLN modulation and its gated
  // residual, patch embedding, codebook lookup, a guided DDIM step, split
  // and the task router's pooled MLP.
  std::vector<int64_t> tok{2, 6, 4}, img{2, 1, 6, 4};
  std::vector<Param> params{
      {"t", random({2}, 160, 0.1, 0.9)}, {"h", random(tok, 161)},
      {"shift", random({2, 4}, 162)},    {"scale", random({2, 4}, 163)},
      {"gate", random({2, 4}, 164)},     {"img", random(img, 165)},
      {"pw", random({4, 1, 2, 2}, 166)}, {"pb", random({4}, 167)},
      {"pos", random({6, 4}, 168)},      {"codebook", random({5, 3}, 169)},
      {"x", random(img, 170)},           {"pc", random(img, 171)},
      {"pu", random(img, 172)},          {"w1", random({5, 4}, 173)},
      {"b1", random({5}, 174)},          {"w2", random({3, 5}, 175)},
      {"b2", random({3}, 176)}};
  std::string t = type(tok), row = type({2, 4}), im = type(img);
  std::string body =
      "  %te = umc.timestep_embed %t dim = 6 : (" + type({2}) + ") -> " +
      type({2, 6}) +
      "\n"
      "  %m = umc.modulate %h shift %shift scale %scale : (" +
      t + ", " + row + ", " + row + ") -> " + t +
      "\n"
      "  %g = umc.gated_add %h, %m gate %gate : (" +
      t + ", " + t + ", " + row + ") -> " + t +
      "\n"
      "  %pe = umc.patch_embed %img, %pw, %pb positions %pos patch_size = 2 "
      ": (" +
      im + ", " + type({4, 1, 2, 2}) + ", " + type({4}) + ", " + type({6, 4}) +
      ") -> " + t +
      "\n"
      "  %zq = umc.vq_lookup %ids, %codebook : (" +
      type({2, 3}, "i32") + ", " + type({5, 3}) + ") -> " + type({2, 3, 3}) +
      "\n"
      "  %x1 = umc.diffusion_step %x, %pc uncond %pu guidance %w at %a to %a1 "
      "sampler = ddim : (" +
      im + ", " + im + ", " + im +
      ", tensor<f32>, tensor<f32>, tensor<f32>) -> " + im +
      "\n"
      "  %s0, %s1 = umc.split %g axis = -1 : " +
      t + " -> " + type({2, 6, 1}) + ", " + type({2, 6, 3}) +
      "\n"
      "  %logits, %task = umc.task_router %pe pool = mean mlp(%w1, %b1, %w2, "
      "%b2) : (" +
      t + ", " + type({5, 4}) + ", " + type({5}) + ", " + type({3, 5}) + ", " +
      type({3}) + ") -> (" + type({2, 3}) + ", " + type({2}, "i32") + ")\n";
  rt::Tensor ids = toTensor({2, 3}, {4, 0, 4, 2, 1, 2}, rt::DType::i32);
  checkGradients(lossModule("%ids: " + type({2, 3}, "i32") +
                                ", %w: tensor<f32>, %a: tensor<f32>, %a1: "
                                "tensor<f32>",
                            params, body,
                            {{"%te", {2, 6}},
                             {"%s0", {2, 6, 1}},
                             {"%s1", {2, 6, 3}},
                             {"%pe", tok},
                             {"%zq", {2, 3, 3}},
                             {"%x1", img},
                             {"%logits", {2, 3}}}),
                 {ids, scalarF32(1.5), scalarF32(0.6), scalarF32(0.8)}, params);
}

TEST(Gradient, ArBlockThroughItsDecomposition) {
  // A LLaMA-style block (RMSNorm, rope, grouped-query causal attention,
  // SwiGLU) with width 8, 2 heads over 1 kv head, 5 tokens.
  std::vector<Param> params{{"n1", random({8}, 120, 0.5, 1.5)},
                            {"wq", random({8, 8}, 121, -0.5, 0.5)},
                            {"wk", random({4, 8}, 122, -0.5, 0.5)},
                            {"wv", random({4, 8}, 123, -0.5, 0.5)},
                            {"wo", random({8, 8}, 124, -0.5, 0.5)},
                            {"n2", random({8}, 125, 0.5, 1.5)},
                            {"wg", random({12, 8}, 126, -0.5, 0.5)},
                            {"wd", random({8, 12}, 127, -0.5, 0.5)},
                            {"wu", random({12, 8}, 128, -0.5, 0.5)}};
  std::string body =
      "  %h = umc.ar_block %x positions %pos attn_norm(%n1) attn(%wq, %wk, "
      "%wv, %wo) "
      "mlp_norm(%n2) mlp(%wg, %wd, %wu) heads = 2 kv_heads = 1 norm = rms_norm "
      "mlp = swiglu mask <causal> rope_theta = 1.0e+04 eps = 1.0e-06 : (" +
      type({2, 5, 8}) + ", " + type({5}, "i32") +
      ", tensor<8xf32>, tensor<8x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, "
      "tensor<8x8xf32>, tensor<8xf32>, tensor<12x8xf32>, tensor<8x12xf32>, "
      "tensor<12x8xf32>) -> " +
      type({2, 5, 8}) + "\n";
  rt::Tensor x = toTensor(random({2, 5, 8}, 129));
  rt::Tensor pos = toTensor({5}, {0, 1, 2, 3, 4}, rt::DType::i32);
  checkGradients(
      lossModule("%x: " + type({2, 5, 8}) + ", %pos: " + type({5}, "i32"),
                 params, body, {{"%h", {2, 5, 8}}}),
      {x, pos}, params);
}

TEST(Gradient, RouterAndMoe) {
  // The router's gates reach the loss through a SwiGLU moe (umc-autodiff
  // differentiates it through its decomposition), its balance statistic
  // directly. Router a renormalizes its top 2 and drops assignments over
  // capacity 3; router b draws Gumbel noise at a temperature, top 1 with
  // capacity 2. The data keep every choice clear of a tie, so that no
  // difference of +-h flips one.
  int64_t tokens = 7, dim = 5, experts = 4, hidden = 6;
  std::vector<Param> params{{"wr", random({experts, dim}, 140, -2.0, 2.0)},
                            {"w1", random({experts, hidden, dim}, 141)},
                            {"w2", random({experts, dim, hidden}, 142)},
                            {"w3", random({experts, hidden, dim}, 143)}};
  std::string x = type({tokens, dim}), logits = type({tokens, experts});
  std::string w = type({experts, hidden, dim}),
              wt = type({experts, dim, hidden});
  std::string body =
      "  %logits = umc.linear %x, %wr : (" + x + ", " + type({experts, dim}) +
      ") -> " + logits +
      "\n"
      "  %ids, %gates, %dropped, %balance = umc.router %logits top_k = 2 "
      "capacity = 3 renormalize : (" +
      logits + ") -> (" + type({tokens, 2}, "i32") + ", " + type({tokens, 2}) +
      ", tensor<i32>, tensor<f32>)\n"
      "  %y = umc.moe %x, %ids, %gates experts(%w1, %w2, %w3) "
      "mlp = swiglu : (" +
      x + ", " + type({tokens, 2}, "i32") + ", " + type({tokens, 2}) + ", " +
      w + ", " + wt + ", " + w + ") -> " + x +
      "\n"
      "  %ids1, %gates1, %dropped1, %balance1 = umc.router %logits seed %s "
      "counter %c top_k = 1 capacity = 2 temperature = 5.0e-01 : (" +
      logits + ", tensor<i64>, tensor<i64>) -> (" + type({tokens, 1}, "i32") +
      ", " + type({tokens, 1}) + ", tensor<i32>, tensor<f32>)\n";
  rt::Tensor input = toTensor(random({tokens, dim}, 144));
  checkGradients(
      lossModule("%x: " + x + ", %s: tensor<i64>, %c: tensor<i64>", params,
                 body,
                 {{"%y", {tokens, dim}},
                  {"%balance", {}},
                  {"%gates1", {tokens, 1}},
                  {"%balance1", {}}}),
      {input, scalarInt(2026, rt::DType::i64), scalarInt(3, rt::DType::i64)},
      params);
}

/// An f32 tensor of `values`.
rt::Tensor floats(std::vector<int64_t> shape, std::vector<float> values) {
  ref::Array a = ref::Array::zeros(std::move(shape));
  for (size_t i = 0; i < values.size(); ++i)
    a.data[i] = values[i];
  return toTensor(a);
}

TEST(Gradient, Losses) {
  // Targets hold a class outside [0, 7) and the ignored -100; the weights
  // mask some positions and scale others.
  std::vector<Param> params{{"logits", random({3, 5, 7}, 130, -2.0, 2.0)},
                            {"pred", random({4, 6}, 131)},
                            {"q", random({4, 6}, 132)},
                            {"k", random({4, 6}, 133)}};
  std::string logits = type({3, 5, 7}), ids = type({3, 5}, "i32"),
              w = type({3, 5}), m = type({4, 6});
  std::string body =
      "  %plain = umc.cross_entropy %logits, %targets : (" + logits + ", " +
      ids + ") -> tensor<f32>\n" +
      "  %smooth = umc.cross_entropy %logits, %targets weights %w "
      "{ignore_index = -100 : i64, label_smoothing = 1.0e-01, z_loss = "
      "2.0e-02} : (" +
      logits + ", " + ids + ", " + w + ") -> tensor<f32>\n" +
      "  %mse = umc.mse_loss %pred, %target weights %ew : (" + m + ", " + m +
      ", " + type({4}) + ") -> tensor<f32>\n" +
      "  %nce = umc.info_nce %q, %k temperature = 5.0e-01 {symmetric} : (" +
      m + ", " + m + ") -> tensor<f32>\n" +
      "  %all = umc.weighted_sum %plain, %smooth, %mse, %nce weights = "
      "[7.0e-01, 3.0e-01, 2.0e-01, 1.0] : (tensor<f32>, tensor<f32>, "
      "tensor<f32>, tensor<f32>) -> tensor<f32>\n";
  rt::Tensor targets = toTensor(
      {3, 5}, {0, 6, 3, 7, 2, -100, 1, 4, 4, 5, 0, 3, -100, 6, 2},
      rt::DType::i32);
  rt::Tensor weights =
      floats({3, 5}, {1, 1, 0, 1, 2, 1, 1, 0.5, 1, 1, 0, 1, 1, 1, 1});
  rt::Tensor target = toTensor(random({4, 6}, 134));
  rt::Tensor exampleWeights = floats({4}, {1, 0, 2, 0.5});
  checkGradients(lossModule("%targets: " + ids + ", %w: " + w +
                                ", %target: " + m + ", %ew: " + type({4}),
                            params, body, {{"%all", {}}}),
                 {targets, weights, target, exampleWeights}, params);
}

/// The losses' values against plain double-precision formulas.
TEST(Losses, ForwardMatchesReference) {
  ref::Array x = random({4, 5}, 140, -3.0, 3.0);
  std::vector<int32_t> t{2, 4, 9, -100};
  std::vector<double> w{1.0, 0.5, 1.0, 1.0};
  double smoothing = 0.1, z = 0.01;
  // Reference: ce_i = lse - sum q x + z lse^2, ignored row dropped.
  double num = 0, den = 0, plain = 0;
  for (int i = 0; i < 4; ++i) {
    double mx = -1e30;
    for (int v = 0; v < 5; ++v)
      mx = std::max(mx, double(x.data[i * 5 + v]));
    double sum = 0, mean = 0;
    for (int v = 0; v < 5; ++v) {
      sum += std::exp(x.data[i * 5 + v] - mx);
      mean += x.data[i * 5 + v] / 5.0;
    }
    double lse = mx + std::log(sum);
    double picked = t[i] >= 0 && t[i] < 5 ? x.data[i * 5 + t[i]] : 0.0;
    plain += (lse - picked) / 4;
    double ce = lse - ((1 - smoothing) * picked + smoothing * mean) +
                z * lse * lse;
    if (t[i] == -100)
      continue;
    num += w[i] * ce;
    den += w[i];
  }
  std::string body =
      "func.func @f(%x: tensor<4x5xf32>, %t: tensor<4xi32>, %w: "
      "tensor<4xf32>) -> (tensor<f32>, tensor<f32>) {\n"
      "  %a = umc.cross_entropy %x, %t : (tensor<4x5xf32>, tensor<4xi32>) -> "
      "tensor<f32>\n"
      "  %b = umc.cross_entropy %x, %t weights %w {ignore_index = -100 : i64, "
      "label_smoothing = 1.0e-01, z_loss = 1.0e-02} : (tensor<4x5xf32>, "
      "tensor<4xi32>, tensor<4xf32>) -> tensor<f32>\n"
      "  return %a, %b : tensor<f32>, tensor<f32>\n}\n";
  auto artifact = compile(body);
  ASSERT_TRUE(artifact);
  auto program = rt::Program::create(artifact, cpuDevice(2));
  ASSERT_TRUE(program.isOk());
  auto fn = artifact->function("f");
  ASSERT_TRUE(fn.isOk());
  auto out = (*program)->call(
      **fn, {toTensor(x), toTensor({4}, {2, 4, 9, -100}, rt::DType::i32),
             floats({4}, {1.0, 0.5, 1.0, 1.0})});
  ASSERT_TRUE(out.isOk()) << out.status().message();
  EXPECT_NEAR(out->at(0).data<float>()[0], plain, 1e-5 * std::abs(plain));
  EXPECT_NEAR(out->at(1).data<float>()[0], num / den,
              1e-5 * std::abs(num / den));
}

} // namespace
