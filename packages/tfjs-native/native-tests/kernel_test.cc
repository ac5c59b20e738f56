// Correctness of the native kernels against plain float64 references, for every GEMM micro-kernel the
// running CPU supports (neon and scalar on arm64; avx512, avx2 and scalar on x86-64). It links the kernel
// sources of native/ without the N-API glue, so it runs natively or under qemu-user:
//   node scripts/kernel-test.cjs            (builds for this machine and, where the cross tools exist, arm64)
// Prints one line per check and exits non-zero when any error exceeds its bound. No timings: under qemu they
// mean nothing.
//
// The bound is a relative error of 1e-5. For a sum of products (GEMM, convolution) the error of each output
// is divided by Σ|a·b| over its terms — the scale float32 rounding errors grow with — so a cancelling sum
// cannot fail a correct kernel. For other kernels it is divided by max(|reference|, floor), the floor stated
// at each check.
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <set>
#include <thread>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "../native/adamw_update.h"
#include "../native/batched_sgemm.h"
#include "../native/bias_activation.h"
#include "../native/binary_elementwise.h"
#include "../native/conv2d.h"
#include "../native/cpu_features.h"
#include "../native/ema_update.h"
#include "../native/thread_pool.h"
#include "../native/gelu_tanh.h"
#include "../native/layer_norm.h"
#include "../native/micro_kernel.h"
#include "../native/reduce.h"
#include "../native/segment_sum.h"
#include "../native/sgemm.h"
#include "../native/softmax.h"
#include "../native/strided_copy.h"
#include "../native/unary.h"

namespace {

using latentlab::Conv2DGeometry;

constexpr double kTolerance = 1e-5;
int failures = 0;
std::mt19937 generator(20261207);

std::vector<float> random_values(std::size_t count, float low = -1.0f, float high = 1.0f) {
  std::uniform_real_distribution<float> distribution(low, high);
  std::vector<float> values(count);
  for (float& value : values) value = distribution(generator);
  return values;
}

// The largest error / scale seen over one check; reported once.
struct ErrorTracker {
  double worst = 0.0;
  bool nan_mismatch = false;
  void add(double actual, double expected, double scale) {
    if (std::isnan(expected) || std::isnan(actual)) {
      if (std::isnan(expected) != std::isnan(actual)) nan_mismatch = true;
      return;
    }
    if (actual == expected) return;  // also equal infinities
    const double error = std::fabs(actual - expected) / scale;
    worst = std::max(worst, std::isfinite(error) ? error : INFINITY);
  }
  void report(const std::string& name) const {
    const bool ok = !nan_mismatch && worst <= kTolerance;
    if (!ok) ++failures;
    std::printf("%s %s (max relative error %.3g%s)\n", ok ? "ok  " : "FAIL", name.c_str(), worst,
                nan_mismatch ? ", NaN mismatch" : "");
  }
};

void expect(bool condition, const std::string& what) {
  if (!condition) ++failures;
  std::printf("%s %s\n", condition ? "ok  " : "FAIL", what.c_str());
}

// ---- GEMM ------------------------------------------------------------------------------------------------

// C = op(A) · op(B) in float64 and Σ|a·b| per output; A stored (m, k) or (k, m) when transposed.
void reference_gemm(const std::vector<float>& a, const std::vector<float>& b, std::size_t m, std::size_t n,
                    std::size_t k, bool transpose_a, bool transpose_b, std::vector<double>& c,
                    std::vector<double>& scale) {
  c.assign(m * n, 0.0);
  scale.assign(m * n, 0.0);
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t p = 0; p < k; ++p) {
      const double a_value = transpose_a ? a[p * m + i] : a[i * k + p];
      for (std::size_t j = 0; j < n; ++j) {
        const double b_value = transpose_b ? b[j * k + p] : b[p * n + j];
        c[i * n + j] += a_value * b_value;
        scale[i * n + j] += std::fabs(a_value * b_value);
      }
    }
  }
}

// Runs sgemm into a C with a wider row stride and a guard row, checks the values and that nothing outside
// the M x N window was written.
void check_sgemm_shape(std::size_t m, std::size_t n, std::size_t k, bool transpose_a, bool transpose_b,
                       bool use_threads, ErrorTracker& errors, bool& guards_intact) {
  const std::vector<float> a = random_values(m * k), b = random_values(k * n);
  const std::size_t ldc = n + 3;
  constexpr float kGuard = 12345.0f;
  std::vector<float> c((m + 1) * ldc, kGuard);
  const latentlab::GemmProblem problem{m,
                                       n,
                                       k,
                                       latentlab::row_major_operand(a.data(), m, k, transpose_a),
                                       latentlab::row_major_operand(b.data(), k, n, transpose_b),
                                       c.data(),
                                       ldc};
  latentlab::sgemm(problem, use_threads);
  std::vector<double> expected, scale;
  reference_gemm(a, b, m, n, k, transpose_a, transpose_b, expected, scale);
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < n; ++j) errors.add(c[i * ldc + j], expected[i * n + j], scale[i * n + j]);
    for (std::size_t j = n; j < ldc; ++j) guards_intact = guards_intact && c[i * ldc + j] == kGuard;
  }
  for (std::size_t j = 0; j < ldc; ++j) guards_intact = guards_intact && c[m * ldc + j] == kGuard;
}

void check_sgemm(const std::string& kernel) {
  // Every combination of the small sizes (edge tiles of every kernel's MR and NR), each large size in each
  // role against small partners (several row blocks and panels; K = 257 > KC = 256, so C accumulates over
  // two depth blocks), then shapes that are large in every dimension.
  const std::size_t small_sizes[] = {1, 2, 5, 7, 13, 31}, partners[] = {1, 7, 13, 31}, large_sizes[] = {64, 100, 257};
  std::vector<std::array<std::size_t, 3>> shapes;
  for (std::size_t m : small_sizes)
    for (std::size_t n : small_sizes)
      for (std::size_t k : small_sizes) shapes.push_back({m, n, k});
  for (std::size_t large : large_sizes) {
    for (std::size_t first : partners) {
      for (std::size_t second : partners) {
        shapes.push_back({large, first, second});
        shapes.push_back({first, large, second});
        shapes.push_back({first, second, large});
      }
    }
  }
  shapes.push_back({64, 100, 257});
  shapes.push_back({257, 64, 100});
  shapes.push_back({100, 257, 31});
  shapes.push_back({257, 257, 64});
  for (const bool use_threads : {false, true}) {
    for (const bool transpose_a : {false, true}) {
      for (const bool transpose_b : {false, true}) {
        ErrorTracker errors;
        bool guards_intact = true;
        for (const auto& shape : shapes) {
          check_sgemm_shape(shape[0], shape[1], shape[2], transpose_a, transpose_b, use_threads, errors,
                            guards_intact);
        }
        const std::string name = kernel + " sgemm " + (transpose_a ? "Aᵀ" : "A") + "·" + (transpose_b ? "Bᵀ" : "B") +
                                 (use_threads ? ", threads" : ", one thread") + ", " +
                                 std::to_string(shapes.size()) + " shapes";
        errors.report(name);
        expect(guards_intact, kernel + " sgemm writes only inside C (" + name + ")");
      }
    }
  }
}

// The micro-kernel on its own: packed panels in the layout of micro_kernel.h, both values of `accumulate`.
void check_micro_kernel(const std::string& kernel) {
  const latentlab::MicroKernel& micro = latentlab::active_micro_kernel();
  const std::size_t mr = micro.mr, nr = micro.nr, ldc = nr + 5;
  for (const bool accumulate : {false, true}) {
    ErrorTracker errors;
    for (const std::size_t depth : {1, 3, 17, 256}) {
      const std::vector<float> packed_a = random_values(depth * mr), packed_b = random_values(depth * nr);
      const std::vector<float> initial = random_values(mr * ldc);
      std::vector<float> c = initial;
      micro.run(depth, packed_a.data(), packed_b.data(), c.data(), ldc, accumulate);
      for (std::size_t r = 0; r < mr; ++r) {
        for (std::size_t j = 0; j < ldc; ++j) {
          if (j >= nr) {
            errors.add(c[r * ldc + j], initial[r * ldc + j], 1.0);  // untouched past the tile
            continue;
          }
          double sum = accumulate ? initial[r * ldc + j] : 0.0, scale = std::fabs(sum);
          for (std::size_t p = 0; p < depth; ++p) {
            sum += double(packed_a[p * mr + r]) * packed_b[p * nr + j];
            scale += std::fabs(double(packed_a[p * mr + r]) * packed_b[p * nr + j]);
          }
          errors.add(c[r * ldc + j], sum, scale);
        }
      }
    }
    errors.report(kernel + " micro-kernel " + std::to_string(mr) + "x" + std::to_string(nr) +
                  (accumulate ? ", accumulate" : ", overwrite"));
  }
}

void check_batched_sgemm(const std::string& kernel) {
  ErrorTracker errors;
  const std::size_t shapes[][3] = {{7, 13, 31}, {33, 17, 5}, {1, 100, 64}, {49, 49, 32}};
  for (const auto& shape : shapes) {
    const std::size_t m = shape[0], n = shape[1], k = shape[2];
    for (const bool transpose_a : {false, true}) {
      for (const bool transpose_b : {false, true}) {
        // A has 2 batches, B has 2, the output 3: (A0·B0, A1·B0, A0·B1) as broadcasting resolves them.
        const std::vector<float> a = random_values(2 * m * k), b = random_values(2 * k * n);
        const std::int32_t a_index[] = {0, 1, 0}, b_index[] = {0, 0, 1};
        std::vector<float> c(3 * m * n, NAN);
        latentlab::batched_sgemm({a.data(), b.data(), c.data(), 3, m, n, k, transpose_a, transpose_b, a_index,
                                  b_index});
        for (std::size_t batch = 0; batch < 3; ++batch) {
          const std::vector<float> a_batch(a.begin() + a_index[batch] * m * k, a.begin() + (a_index[batch] + 1) * m * k);
          const std::vector<float> b_batch(b.begin() + b_index[batch] * k * n, b.begin() + (b_index[batch] + 1) * k * n);
          std::vector<double> expected, scale;
          reference_gemm(a_batch, b_batch, m, n, k, transpose_a, transpose_b, expected, scale);
          for (std::size_t i = 0; i < m * n; ++i) errors.add(c[batch * m * n + i], expected[i], scale[i]);
        }
      }
    }
  }
  errors.report(kernel + " batched_sgemm with broadcast batch indices");
}

// ---- Convolution -----------------------------------------------------------------------------------------

// Calls visit(x index, w index, y index) for every product term of y = conv2d(x, w).
void for_each_conv_term(const Conv2DGeometry& g, const std::function<void(std::size_t, std::size_t, std::size_t)>& visit) {
  for (std::size_t b = 0; b < g.batch; ++b) {
    for (std::size_t oh = 0; oh < g.out_height; ++oh) {
      for (std::size_t ow = 0; ow < g.out_width; ++ow) {
        for (std::size_t fh = 0; fh < g.filter_height; ++fh) {
          const std::ptrdiff_t ih = std::ptrdiff_t(oh * g.stride_height + fh * g.dilation_height) - g.pad_top;
          if (ih < 0 || ih >= std::ptrdiff_t(g.in_height)) continue;
          for (std::size_t fw = 0; fw < g.filter_width; ++fw) {
            const std::ptrdiff_t iw = std::ptrdiff_t(ow * g.stride_width + fw * g.dilation_width) - g.pad_left;
            if (iw < 0 || iw >= std::ptrdiff_t(g.in_width)) continue;
            for (std::size_t ci = 0; ci < g.in_channels; ++ci) {
              const std::size_t x_index = ((b * g.in_height + ih) * g.in_width + iw) * g.in_channels + ci;
              for (std::size_t co = 0; co < g.out_channels; ++co) {
                const std::size_t w_index = ((fh * g.filter_width + fw) * g.in_channels + ci) * g.out_channels + co;
                const std::size_t y_index = ((b * g.out_height + oh) * g.out_width + ow) * g.out_channels + co;
                visit(x_index, w_index, y_index);
              }
            }
          }
        }
      }
    }
  }
}

Conv2DGeometry conv_geometry(std::size_t batch, std::size_t in_h, std::size_t in_w, std::size_t in_c,
                             std::size_t out_c, std::size_t f_h, std::size_t f_w, std::size_t s_h, std::size_t s_w,
                             std::size_t d_h, std::size_t d_w, std::ptrdiff_t pad_top, std::ptrdiff_t pad_left,
                             std::ptrdiff_t pad_bottom, std::ptrdiff_t pad_right) {
  const std::size_t effective_h = (f_h - 1) * d_h + 1, effective_w = (f_w - 1) * d_w + 1;
  const std::size_t out_h = (in_h + pad_top + pad_bottom - effective_h) / s_h + 1;
  const std::size_t out_w = (in_w + pad_left + pad_right - effective_w) / s_w + 1;
  return {batch, in_h, in_w, in_c, out_h, out_w, out_c, f_h, f_w, s_h, s_w, d_h, d_w, pad_top, pad_left};
}

void check_conv2d(const std::string& kernel) {
  const Conv2DGeometry geometries[] = {
      conv_geometry(2, 5, 7, 3, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1),     // 3x3 'same'
      conv_geometry(1, 9, 8, 2, 5, 3, 2, 2, 3, 2, 1, 0, 0, 0, 0),     // strides and dilation, 'valid'
      conv_geometry(2, 4, 4, 8, 16, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0),    // pointwise
      conv_geometry(2, 28, 28, 1, 32, 4, 4, 4, 4, 1, 1, 0, 0, 0, 0),  // the DiT patch embedding
      conv_geometry(1, 7, 7, 3, 13, 3, 3, 2, 2, 1, 1, 1, 0, 1, 2),    // uneven padding, stride 2
      conv_geometry(3, 16, 16, 32, 24, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), // several patch blocks
  };
  ErrorTracker forward, filter, input;
  for (const Conv2DGeometry& g : geometries) {
    const std::vector<float> x = random_values(g.input_size()), w = random_values(g.filter_size());
    const std::vector<float> dy = random_values(g.output_size());
    std::vector<float> y(g.output_size(), NAN), dw(g.filter_size(), NAN), dx(g.input_size(), NAN);
    latentlab::conv2d(g, x.data(), w.data(), y.data());
    latentlab::conv2d_backprop_filter(g, x.data(), dy.data(), dw.data());
    latentlab::conv2d_backprop_input(g, dy.data(), w.data(), dx.data());
    std::vector<double> y_ref(y.size()), y_scale(y.size()), dw_ref(dw.size()), dw_scale(dw.size());
    std::vector<double> dx_ref(dx.size()), dx_scale(dx.size());
    for_each_conv_term(g, [&](std::size_t xi, std::size_t wi, std::size_t yi) {
      y_ref[yi] += double(x[xi]) * w[wi];
      y_scale[yi] += std::fabs(double(x[xi]) * w[wi]);
      dw_ref[wi] += double(x[xi]) * dy[yi];
      dw_scale[wi] += std::fabs(double(x[xi]) * dy[yi]);
      dx_ref[xi] += double(dy[yi]) * w[wi];
      dx_scale[xi] += std::fabs(double(dy[yi]) * w[wi]);
    });
    // An output no term reaches (a pixel every window skips) must be exactly 0: scale 1.
    for (std::size_t i = 0; i < y.size(); ++i) forward.add(y[i], y_ref[i], y_scale[i] + (y_scale[i] == 0));
    for (std::size_t i = 0; i < dw.size(); ++i) filter.add(dw[i], dw_ref[i], dw_scale[i] + (dw_scale[i] == 0));
    for (std::size_t i = 0; i < dx.size(); ++i) input.add(dx[i], dx_ref[i], dx_scale[i] + (dx_scale[i] == 0));
  }
  forward.report(kernel + " conv2d (6 geometries)");
  filter.report(kernel + " conv2d_backprop_filter");
  input.report(kernel + " conv2d_backprop_input");
}

// ---- Kernels that do not use the GEMM (run once) -----------------------------------------------------------

void check_softmax() {
  ErrorTracker errors;
  const std::size_t shapes[][2] = {{1, 1}, {3, 7}, {5, 100}, {2, 1000}};
  for (const auto& shape : shapes) {
    const std::size_t rows = shape[0], cols = shape[1];
    const std::vector<float> logits = random_values(rows * cols, -10.0f, 10.0f);
    std::vector<float> probabilities(rows * cols, NAN);
    latentlab::softmax_rows(logits.data(), probabilities.data(), rows, cols);
    for (std::size_t r = 0; r < rows; ++r) {
      const float* row = logits.data() + r * cols;
      const double max = *std::max_element(row, row + cols);
      double total = 0.0;
      for (std::size_t j = 0; j < cols; ++j) total += std::exp(row[j] - max);
      for (std::size_t j = 0; j < cols; ++j) {
        const double expected = std::exp(row[j] - max) / total;
        errors.add(probabilities[r * cols + j], expected, std::max(expected, 1e-30));  // floor: none in effect
      }
    }
  }
  errors.report("softmax_rows (relative to each probability)");
}

void check_layer_norm() {
  ErrorTracker forward, gradient;
  const std::size_t shapes[][2] = {{1, 1}, {4, 7}, {3, 128}, {2, 1000}};
  for (const auto& shape : shapes) {
    const std::size_t rows = shape[0], cols = shape[1];
    const std::vector<float> x = random_values(rows * cols, -3.0f, 5.0f), dy = random_values(rows * cols);
    std::vector<float> y(rows * cols), mean(rows), inverse_std(rows), dx(rows * cols);
    const float epsilon = 1e-5f;
    latentlab::layer_norm(x.data(), y.data(), mean.data(), inverse_std.data(), rows, cols, epsilon);
    latentlab::layer_norm_gradient(x.data(), mean.data(), inverse_std.data(), dy.data(), dx.data(), rows, cols);
    for (std::size_t r = 0; r < rows; ++r) {
      const float* xr = x.data() + r * cols;
      const float* dyr = dy.data() + r * cols;
      double mu = 0.0, variance = 0.0;
      for (std::size_t j = 0; j < cols; ++j) mu += xr[j];
      mu /= cols;
      for (std::size_t j = 0; j < cols; ++j) variance += (xr[j] - mu) * (xr[j] - mu);
      variance /= cols;
      const double inverse = 1.0 / std::sqrt(variance + epsilon);
      double mean_dy = 0.0, mean_dy_xhat = 0.0;
      for (std::size_t j = 0; j < cols; ++j) {
        const double xhat = (xr[j] - mu) * inverse;
        mean_dy += dyr[j];
        mean_dy_xhat += dyr[j] * xhat;
      }
      mean_dy /= cols;
      mean_dy_xhat /= cols;
      for (std::size_t j = 0; j < cols; ++j) {
        const double xhat = (xr[j] - mu) * inverse;
        // floor 1: y and dx are O(1) by construction (unit variance), so 1e-5 of 1 is float32 accuracy.
        forward.add(y[r * cols + j], xhat, std::max(std::fabs(xhat), 1.0));
        const double expected = inverse * (dyr[j] - mean_dy - xhat * mean_dy_xhat);
        const double scale = inverse * (std::fabs(dyr[j]) + std::fabs(mean_dy) + std::fabs(xhat * mean_dy_xhat));
        gradient.add(dx[r * cols + j], expected, std::max(scale, 1.0));
      }
    }
  }
  forward.report("layer_norm (floor 1)");
  gradient.report("layer_norm_gradient (floor 1)");
}

void check_reductions() {
  ErrorTracker errors[3];
  const char* names[] = {"sum", "mean", "max"};
  const std::size_t shapes[][3] = {{1, 1, 1}, {1, 1000, 1}, {3, 7, 5}, {2, 300, 257}, {64, 49, 1}, {1, 3, 1024}};
  for (const auto& shape : shapes) {
    const std::size_t outer = shape[0], reduce_size = shape[1], inner = shape[2];
    const std::vector<float> input = random_values(outer * reduce_size * inner);
    for (int code = 0; code < 3; ++code) {
      std::vector<float> output(outer * inner, NAN);
      latentlab::reduce_middle_axis(input.data(), output.data(), outer, reduce_size, inner,
                                    static_cast<latentlab::Reduction>(code));
      for (std::size_t o = 0; o < outer; ++o) {
        for (std::size_t i = 0; i < inner; ++i) {
          double sum = 0.0, magnitude = 0.0, max = -INFINITY;
          for (std::size_t r = 0; r < reduce_size; ++r) {
            const double value = input[(o * reduce_size + r) * inner + i];
            sum += value;
            magnitude += std::fabs(value);
            max = std::max(max, value);
          }
          const double expected = code == 0 ? sum : code == 1 ? sum / reduce_size : max;
          const double scale = code == 0 ? magnitude : code == 1 ? magnitude / reduce_size : std::fabs(max);
          errors[code].add(output[o * inner + i], expected, scale);
        }
      }
    }
  }
  for (int code = 0; code < 3; ++code) errors[code].report(std::string("reduce_middle_axis ") + names[code] + " (scale Σ|x|)");
}

void check_unary() {
  struct Case {
    latentlab::UnaryOperation operation;
    const char* name;
    float low, high;
    double (*reference)(double);
  };
  const Case cases[] = {
      {latentlab::UnaryOperation::kTanh, "tanh", -12.0f, 12.0f, [](double x) { return std::tanh(x); }},
      {latentlab::UnaryOperation::kExp, "exp", -80.0f, 80.0f, [](double x) { return std::exp(x); }},
      {latentlab::UnaryOperation::kSqrt, "sqrt", 0.0f, 100.0f, [](double x) { return std::sqrt(x); }},
      {latentlab::UnaryOperation::kRsqrt, "rsqrt", 1e-3f, 100.0f, [](double x) { return 1.0 / std::sqrt(x); }},
      {latentlab::UnaryOperation::kSquare, "square", -100.0f, 100.0f, [](double x) { return x * x; }},
      {latentlab::UnaryOperation::kSigmoid, "sigmoid", -40.0f, 40.0f, [](double x) { return 1.0 / (1.0 + std::exp(-x)); }},
      {latentlab::UnaryOperation::kNeg, "neg", -10.0f, 10.0f, [](double x) { return -x; }},
  };
  for (const Case& test : cases) {
    // 40,000 values: enough to cross the threading threshold; small magnitudes near 0 included.
    std::vector<float> input = random_values(40000, test.low, test.high);
    for (std::size_t i = 0; i < 100; ++i) input[i] = std::max(test.low, std::min(test.high, (float(i) - 50.0f) * 1e-3f));
    std::vector<float> output(input.size(), NAN);
    latentlab::apply_unary(test.operation, input.data(), output.data(), input.size());
    ErrorTracker errors;
    for (std::size_t i = 0; i < input.size(); ++i) {
      const double expected = test.reference(input[i]);
      errors.add(output[i], expected, std::max(std::fabs(expected), 1e-30));
    }
    errors.report(std::string("unary ") + test.name + " (relative to each value)");
  }
}

void check_gelu() {
  const std::vector<float> x = random_values(50000, -8.0f, 8.0f), dy = random_values(50000);
  std::vector<float> y(x.size()), dx(x.size());
  latentlab::gelu_tanh(x.data(), y.data(), x.size());
  latentlab::gelu_tanh_gradient(x.data(), dy.data(), dx.data(), x.size());
  ErrorTracker forward, gradient;
  const double c = std::sqrt(2.0 / M_PI);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double v = x[i], u = c * (v + 0.044715 * v * v * v), t = std::tanh(u);
    const double expected = 0.5 * v * (1.0 + t);
    // Scale |0.5 x| + |0.5 x tanh u|: the two terms that cancel for negative x.
    forward.add(y[i], expected, std::max(0.5 * std::fabs(v) * (1.0 + std::fabs(t)), 1e-30));
    // Scale |dy| · (|0.5| + |0.5 tanh u| + |second term|): 1 + tanh u cancels for negative x.
    const double term1 = 0.5 * (1.0 + t), term2 = 0.5 * v * (1.0 - t * t) * c * (1.0 + 3.0 * 0.044715 * v * v);
    const double scale = std::fabs(dy[i]) * (0.5 * (1.0 + std::fabs(t)) + std::fabs(term2));
    gradient.add(dx[i], dy[i] * (term1 + term2), std::max(scale, 1e-30));
  }
  forward.report("gelu_tanh (scale |x|/2 · (1 + |tanh u|))");
  gradient.report("gelu_tanh_gradient (scale |dy| · Σ|terms|, tanh u split off)");
}

void check_binary_elementwise() {
  // out (2, 3, 4) = a (2, 1, 4) ⊙ b (1, 3, 1), and a contiguous (5, 1000) ⊙ (5, 1000).
  const char* names[] = {"add", "subtract", "multiply", "divide", "power", "squared difference", "maximum", "minimum"};
  for (int code = 0; code < 8; ++code) {
    ErrorTracker errors;
    for (int layout = 0; layout < 2; ++layout) {
      const std::vector<std::int32_t> shape = layout == 0 ? std::vector<std::int32_t>{2, 3, 4} : std::vector<std::int32_t>{5, 1000};
      const std::vector<std::int32_t> a_strides = layout == 0 ? std::vector<std::int32_t>{4, 0, 1} : std::vector<std::int32_t>{1000, 1};
      const std::vector<std::int32_t> b_strides = layout == 0 ? std::vector<std::int32_t>{0, 1, 0} : std::vector<std::int32_t>{1000, 1};
      const std::size_t a_count = layout == 0 ? 8 : 5000, b_count = layout == 0 ? 3 : 5000;
      // Positive operands away from 0 keep divide and power well defined.
      const bool positive = code == 3 || code == 4;
      const std::vector<float> a = random_values(a_count, positive ? 0.5f : -2.0f, 2.0f);
      const std::vector<float> b = random_values(b_count, positive ? 0.5f : -2.0f, 2.0f);
      std::size_t total = 1;
      for (std::int32_t extent : shape) total *= extent;
      std::vector<float> out(total, NAN);
      latentlab::binary_elementwise({static_cast<latentlab::BinaryOperation>(code), a.data(), b.data(), out.data(),
                                     shape.size(), shape.data(), a_strides.data(), b_strides.data()});
      for (std::size_t flat = 0; flat < total; ++flat) {
        std::size_t rest = flat, a_offset = 0, b_offset = 0;
        for (std::size_t d = shape.size(); d-- > 0;) {
          const std::size_t index = rest % shape[d];
          rest /= shape[d];
          a_offset += index * a_strides[d];
          b_offset += index * b_strides[d];
        }
        const double x = a[a_offset], y = b[b_offset];
        const double results[] = {x + y, x - y, x * y, x / y, std::pow(x, y), (x - y) * (x - y), std::max(x, y), std::min(x, y)};
        const double scale = code <= 1 ? std::fabs(x) + std::fabs(y) : code == 5 ? (std::fabs(x) + std::fabs(y)) * (std::fabs(x) + std::fabs(y)) : std::fabs(results[code]);
        errors.add(out[flat], results[code], std::max(scale, 1e-30));
      }
    }
    errors.report(std::string("binary_elementwise ") + names[code] + " (with broadcasting)");
  }
}

void check_strided_copy() {
  // Transpose (3, 4, 5) -> (5, 3, 4): dst[k, i, j] = src[i, j, k]; must be exact.
  const std::vector<float> src = random_values(60);
  std::vector<float> dst(60, NAN);
  const std::int32_t shape[] = {3, 4, 5}, src_strides[] = {20, 5, 1}, dst_strides[] = {4, 1, 12};
  latentlab::strided_copy({src.data(), dst.data(), 3, shape, src_strides, dst_strides});
  bool exact = true;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j)
      for (int k = 0; k < 5; ++k) exact = exact && dst[k * 12 + i * 4 + j] == src[i * 20 + j * 5 + k];
  expect(exact, "strided_copy transpose (exact)");
}

void check_segment_sum() {
  const std::size_t rows = 300, inner = 17, segments = 11;
  const std::vector<float> x = random_values(rows * inner);
  std::vector<std::int32_t> ids(rows);
  for (std::size_t i = 0; i < rows; ++i) ids[i] = std::int32_t(i * 7 % 13) - 1;  // -1 and 11 are dropped
  std::vector<float> out(segments * inner, NAN);
  latentlab::unsorted_segment_sum(x.data(), ids.data(), out.data(), rows, inner, segments);
  std::vector<double> expected(segments * inner, 0.0), scale(segments * inner, 0.0);
  for (std::size_t i = 0; i < rows; ++i) {
    if (ids[i] < 0 || ids[i] >= std::int32_t(segments)) continue;
    for (std::size_t j = 0; j < inner; ++j) {
      expected[ids[i] * inner + j] += x[i * inner + j];
      scale[ids[i] * inner + j] += std::fabs(x[i * inner + j]);
    }
  }
  ErrorTracker errors;
  for (std::size_t i = 0; i < out.size(); ++i) errors.add(out[i], expected[i], scale[i] + (scale[i] == 0));
  errors.report("unsorted_segment_sum (scale Σ|x|)");
}

void check_optimizer_steps() {
  const std::size_t count = 10000;
  const std::vector<float> parameter = random_values(count), gradient = random_values(count);
  const std::vector<float> first = random_values(count, -0.1f, 0.1f), second = random_values(count, 0.0f, 0.01f);
  const latentlab::AdamWCoefficients k{0.9f, 0.1f, 0.999f, 0.001f, 0.271f, 0.00399f, 1e-8f, 0.01f, 1e-3f};
  std::vector<float> new_parameter(count), new_first(count), new_second(count), new_average(count);
  latentlab::adamw_update(parameter.data(), gradient.data(), first.data(), second.data(), new_parameter.data(),
                          new_first.data(), new_second.data(), count, k);
  latentlab::ema_update(first.data(), parameter.data(), new_average.data(), count, 0.99f, 0.01f);
  ErrorTracker adam, ema;
  for (std::size_t i = 0; i < count; ++i) {
    const double g = gradient[i], theta = parameter[i];
    const double m = double(k.beta1) * first[i] + double(k.one_minus_beta1) * g;
    const double v = double(k.beta2) * second[i] + double(k.one_minus_beta2) * g * g;
    const double step = (m / k.correction1) / (std::sqrt(v / k.correction2) + double(k.epsilon));
    const double expected = theta - double(k.learning_rate) * (step + double(k.weight_decay) * theta);
    adam.add(new_first[i], m, std::fabs(double(k.beta1) * first[i]) + std::fabs(double(k.one_minus_beta1) * g));
    adam.add(new_second[i], v, v + 1e-30);
    adam.add(new_parameter[i], expected, std::fabs(theta) + double(k.learning_rate) * (std::fabs(step) + 1.0));
    const double average = 0.99 * first[i] + 0.01 * theta;
    ema.add(new_average[i], average, 0.99 * std::fabs(first[i]) + 0.01 * std::fabs(theta));
  }
  adam.report("adamw_update (scale: magnitudes of the summed terms)");
  ema.report("ema_update (scale: magnitudes of the summed terms)");
}

void check_bias_activation() {
  const char* names[] = {"linear", "relu", "relu6", "leakyrelu", "sigmoid", "elu"};
  const std::size_t rows = 37, cols = 29;
  const std::vector<float> c0 = random_values(rows * cols, -8.0f, 8.0f), bias = random_values(cols);
  for (int code = 0; code < 6; ++code) {
    std::vector<float> c = c0;
    latentlab::apply_bias_activation(c.data(), rows, cols, bias.data(), static_cast<latentlab::Activation>(code), 0.2f);
    ErrorTracker errors;
    for (std::size_t i = 0; i < rows * cols; ++i) {
      const double v = double(c0[i]) + bias[i % cols];
      const double results[] = {v, std::max(v, 0.0), std::min(std::max(v, 0.0), 6.0), v < 0 ? 0.2 * v : v,
                                1.0 / (1.0 + std::exp(-v)), v < 0 ? std::expm1(v) : v};
      // floor: |c| + |bias|, the scale of the sum rounded to float32 before the activation.
      errors.add(c[i], results[code], std::max(std::fabs(results[code]), std::fabs(double(c0[i])) + std::fabs(double(bias[i % cols]))));
    }
    errors.report(std::string("bias_activation ") + names[code]);
  }
}

std::vector<std::string> split_names(const std::string& list) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = list.find(',', start);
    names.push_back(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return names;
}

}  // namespace

// ---- thread pool ------------------------------------------------------------------------------------------

// Claimed pieces cover [0, count) exactly once, job after job (a worker waking late for an old job must not
// take a piece of the next), also when a piece is slow and the other threads take the rest; one chunk per
// thread runs every chunk on a thread of its own.
void check_thread_pool() {
  latentlab::ThreadPool& pool = latentlab::ThreadPool::shared();
  bool exactly_once = true;
  std::vector<std::atomic<int>> visits(64);
  for (int round = 0; round < 20000; ++round) {
    const std::size_t count = 2 + static_cast<std::size_t>(round) % 63;
    for (std::size_t i = 0; i < count; ++i) visits[i].store(0);
    pool.parallel_for(count, [&](std::size_t begin, std::size_t end) {
      if (round % 997 == 0 && begin == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
      for (std::size_t i = begin; i < end; ++i) visits[i].fetch_add(1);
    });
    for (std::size_t i = 0; i < count; ++i) exactly_once = exactly_once && visits[i].load() == 1;
  }
  expect(exactly_once, "thread pool: 20,000 claimed jobs of 2-64 items each visit every item exactly once");

  std::vector<std::thread::id> runners(pool.size());
  pool.parallel_for(
      pool.size(),
      [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
          runners[i] = std::this_thread::get_id();
          std::this_thread::sleep_for(std::chrono::milliseconds(5));  // all at once, or the ids could repeat
        }
      },
      latentlab::ThreadPool::Schedule::kOneChunkPerThread);
  expect(std::set<std::thread::id>(runners.begin(), runners.end()).size() == pool.size() &&
             runners[0] == std::this_thread::get_id(),
         "thread pool: one chunk per thread runs chunk 0 on the caller and each other chunk on its own thread");
}

int main() {
  // An odd thread count splits rows and panels unevenly (set before the shared pool starts).
  setenv("LATENTLAB_NATIVE_THREADS", "3", 0);
  const std::string supported = latentlab::supported_micro_kernels();
  const std::string automatic = latentlab::active_micro_kernel().name;
  std::printf("micro-kernels: %s (auto: %s)\n", supported.c_str(), automatic.c_str());
  const std::vector<std::string> kernels = split_names(supported);
  expect(kernels.front() == automatic, "the automatic choice is the widest supported kernel");
#if defined(__aarch64__)
  expect(automatic == "neon", "an arm64 CPU uses the neon micro-kernel");
#endif
  expect(!latentlab::force_micro_kernel("no-such-kernel"), "an unknown kernel name is refused");

  for (const std::string& kernel : kernels) {
    expect(latentlab::force_micro_kernel(kernel) && kernel == latentlab::active_micro_kernel().name,
           "force_micro_kernel(\"" + kernel + "\")");
    check_micro_kernel(kernel);
    check_sgemm(kernel);
    check_batched_sgemm(kernel);
    check_conv2d(kernel);
  }
  latentlab::force_micro_kernel("auto");
  check_softmax();
  check_layer_norm();
  check_reductions();
  check_unary();
  check_gelu();
  check_binary_elementwise();
  check_strided_copy();
  check_segment_sum();
  check_optimizer_steps();
  check_bias_activation();
  check_thread_pool();

  std::printf("%s: %d check(s) failed\n", failures == 0 ? "PASS" : "FAIL", failures);
  return failures == 0 ? 0 : 1;
}
