// N-API surface of the reduction, softmax and elementwise kernels (node-addon-api). Every function is
// synchronous and writes into a caller-allocated Float32Array, like tfjs's own cpu kernels.
#include <napi.h>

#include "napi_arguments.h"
#include "reduce.h"
#include "segment_sum.h"
#include "softmax.h"
#include "unary.h"

namespace latentlab {
namespace {

int code_arg(const Napi::CallbackInfo& info, std::size_t index, int code_count, const char* what) {
  const int code = info[index].As<Napi::Number>().Int32Value();
  if (code < 0 || code >= code_count) throw Napi::RangeError::New(info.Env(), std::string("unknown ") + what);
  return code;
}

// reduceMiddleAxis(input, output, outer, reduceSize, inner, reductionCode)
Napi::Value ReduceMiddleAxis(const Napi::CallbackInfo& info) {
  if (info.Length() != 6) throw Napi::TypeError::New(info.Env(), "reduceMiddleAxis expects 6 arguments");
  const std::size_t outer = size_arg(info, 2), reduce_size = size_arg(info, 3), inner = size_arg(info, 4);
  if (reduce_size == 0) throw Napi::RangeError::New(info.Env(), "reduceSize must be at least 1");
  const float* input = typed_data<float>(info[0], napi_float32_array, "input", outer * reduce_size * inner);
  float* output = typed_data<float>(info[1], napi_float32_array, "output", outer * inner);
  const auto reduction = static_cast<Reduction>(code_arg(info, 5, 3, "reduction"));
  reduce_middle_axis(input, output, outer, reduce_size, inner, reduction);
  return info.Env().Undefined();
}

// softmaxRows(logits, probabilities, rows, cols)
Napi::Value SoftmaxRows(const Napi::CallbackInfo& info) {
  if (info.Length() != 4) throw Napi::TypeError::New(info.Env(), "softmaxRows expects 4 arguments");
  const std::size_t rows = size_arg(info, 2), cols = size_arg(info, 3);
  const float* logits = typed_data<float>(info[0], napi_float32_array, "logits", rows * cols);
  float* probabilities = typed_data<float>(info[1], napi_float32_array, "probabilities", rows * cols);
  softmax_rows(logits, probabilities, rows, cols);
  return info.Env().Undefined();
}

// unary(input, output, count, operationCode)
Napi::Value Unary(const Napi::CallbackInfo& info) {
  if (info.Length() != 4) throw Napi::TypeError::New(info.Env(), "unary expects 4 arguments");
  const std::size_t count = size_arg(info, 2);
  const float* input = typed_data<float>(info[0], napi_float32_array, "input", count);
  float* output = typed_data<float>(info[1], napi_float32_array, "output", count);
  const auto operation = static_cast<UnaryOperation>(code_arg(info, 3, kUnaryOperationCount, "operation"));
  apply_unary(operation, input, output, count);
  return info.Env().Undefined();
}

// unsortedSegmentSum(x, segmentIds, out, rows, inner, segments)
Napi::Value UnsortedSegmentSum(const Napi::CallbackInfo& info) {
  if (info.Length() != 6) throw Napi::TypeError::New(info.Env(), "unsortedSegmentSum expects 6 arguments");
  const std::size_t rows = size_arg(info, 3), inner = size_arg(info, 4), segments = size_arg(info, 5);
  const float* x = typed_data<float>(info[0], napi_float32_array, "x", rows * inner);
  const auto* ids = typed_data<std::int32_t>(info[1], napi_int32_array, "segmentIds", rows);
  float* out = typed_data<float>(info[2], napi_float32_array, "out", segments * inner);
  unsorted_segment_sum(x, ids, out, rows, inner, segments);
  return info.Env().Undefined();
}

}  // namespace

void register_reduce_functions(Napi::Env env, Napi::Object exports) {
  exports.Set("reduceMiddleAxis", Napi::Function::New(env, ReduceMiddleAxis));
  exports.Set("softmaxRows", Napi::Function::New(env, SoftmaxRows));
  exports.Set("unary", Napi::Function::New(env, Unary));
  exports.Set("unsortedSegmentSum", Napi::Function::New(env, UnsortedSegmentSum));
}

}  // namespace latentlab
