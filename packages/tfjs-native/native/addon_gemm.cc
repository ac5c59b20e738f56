// N-API surface of the GEMM kernels (node-addon-api). Every function is synchronous and writes into a
// caller-allocated Float32Array, like tfjs's own cpu kernels.
#include <napi.h>

#include "batched_sgemm.h"
#include "bias_activation.h"
#include "cpu_features.h"
#include "fma_peak.h"
#include "napi_arguments.h"
#include "sgemm.h"
#include "thread_pool.h"

namespace latentlab {
namespace {

// batchMatMul(a, b, c, batchCount, m, n, k, transposeA, transposeB, aBatchIndex, bBatchIndex)
Napi::Value BatchMatMul(const Napi::CallbackInfo& info) {
  if (info.Length() != 11) throw Napi::TypeError::New(info.Env(), "batchMatMul expects 11 arguments");
  BatchedGemm gemm{};
  gemm.batch_count = size_arg(info, 3);
  gemm.m = size_arg(info, 4);
  gemm.n = size_arg(info, 5);
  gemm.k = size_arg(info, 6);
  gemm.transpose_a = info[7].ToBoolean();
  gemm.transpose_b = info[8].ToBoolean();
  gemm.a_batch_index = typed_data<int32_t>(info[9], napi_int32_array, "aBatchIndex", gemm.batch_count);
  gemm.b_batch_index = typed_data<int32_t>(info[10], napi_int32_array, "bBatchIndex", gemm.batch_count);
  std::size_t a_batches = 0, b_batches = 0;
  for (std::size_t i = 0; i < gemm.batch_count; ++i) {
    if (gemm.a_batch_index[i] < 0 || gemm.b_batch_index[i] < 0) {
      throw Napi::RangeError::New(info.Env(), "batch indices must be non-negative");
    }
    a_batches = std::max<std::size_t>(a_batches, gemm.a_batch_index[i] + 1);
    b_batches = std::max<std::size_t>(b_batches, gemm.b_batch_index[i] + 1);
  }
  gemm.a = typed_data<float>(info[0], napi_float32_array, "a", a_batches * gemm.m * gemm.k);
  gemm.b = typed_data<float>(info[1], napi_float32_array, "b", b_batches * gemm.k * gemm.n);
  gemm.c = typed_data<float>(info[2], napi_float32_array, "c", gemm.batch_count * gemm.m * gemm.n);
  batched_sgemm(gemm);
  return info.Env().Undefined();
}

// biasActivation(c, rows, cols, bias | null, activationCode, leakyAlpha)
Napi::Value BiasActivation(const Napi::CallbackInfo& info) {
  if (info.Length() != 6) throw Napi::TypeError::New(info.Env(), "biasActivation expects 6 arguments");
  const std::size_t rows = size_arg(info, 1), cols = size_arg(info, 2);
  float* c = typed_data<float>(info[0], napi_float32_array, "c", rows * cols);
  const float* bias = info[3].IsNull() ? nullptr : typed_data<float>(info[3], napi_float32_array, "bias", cols);
  const int code = info[4].As<Napi::Number>().Int32Value();
  if (code < 0 || code > 5) throw Napi::RangeError::New(info.Env(), "unknown activation code");
  apply_bias_activation(c, rows, cols, bias, static_cast<Activation>(code),
                                   info[5].As<Napi::Number>().FloatValue());
  return info.Env().Undefined();
}

// info() -> { microKernel, supportedMicroKernels, threads }
Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Object result = Napi::Object::New(info.Env());
  result.Set("microKernel", active_micro_kernel().name);
  result.Set("supportedMicroKernels", supported_micro_kernels());
  result.Set("threads", static_cast<double>(ThreadPool::shared().size()));
  return result;
}

// forceMicroKernel(name) -> boolean
Napi::Value ForceMicroKernel(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), force_micro_kernel(info[0].As<Napi::String>().Utf8Value()));
}

// measureFmaPeak(seconds) -> { gflops, clockGhz, flopsPerCycle, threads, lanes, microKernel }
Napi::Value MeasureFmaPeak(const Napi::CallbackInfo& info) {
  const double seconds = info[0].As<Napi::Number>().DoubleValue();
  if (!(seconds > 0 && seconds <= 10)) throw Napi::RangeError::New(info.Env(), "seconds must be in (0, 10]");
  const FmaPeak peak = measure_fma_peak(seconds);
  Napi::Object result = Napi::Object::New(info.Env());
  result.Set("gflops", peak.gflops);
  result.Set("clockGhz", peak.clock_ghz);
  result.Set("flopsPerCycle", peak.flops_per_cycle);
  result.Set("threads", static_cast<double>(peak.threads));
  result.Set("lanes", static_cast<double>(peak.lanes));
  result.Set("microKernel", active_micro_kernel().name);
  return result;
}

// gemmFlops() -> floating-point operations of every GEMM since the addon loaded
Napi::Value GemmFlops(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), gemm_flops_so_far()); }

// gemmSeconds() -> wall-clock seconds spent in the matmul kernels since the addon loaded
Napi::Value GemmSeconds(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), gemm_seconds_so_far());
}

}  // namespace

void register_gemm_functions(Napi::Env env, Napi::Object exports) {
  exports.Set("batchMatMul", Napi::Function::New(env, BatchMatMul));
  exports.Set("biasActivation", Napi::Function::New(env, BiasActivation));
  exports.Set("info", Napi::Function::New(env, Info));
  exports.Set("forceMicroKernel", Napi::Function::New(env, ForceMicroKernel));
  exports.Set("measureFmaPeak", Napi::Function::New(env, MeasureFmaPeak));
  exports.Set("gemmFlops", Napi::Function::New(env, GemmFlops));
  exports.Set("gemmSeconds", Napi::Function::New(env, GemmSeconds));
}

}  // namespace latentlab
