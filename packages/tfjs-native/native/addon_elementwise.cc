// N-API surface of the broadcasting elementwise, strided-copy and fused (GELU, layer norm, AdamW, EMA) kernels.
#include <napi.h>

#include <string>

#include "adamw_update.h"
#include "binary_elementwise.h"
#include "ema_update.h"
#include "gelu_tanh.h"
#include "layer_norm.h"
#include "napi_arguments.h"
#include "strided_copy.h"

namespace latentlab {
namespace {

// Checks that `strides` (one per dimension of `shape`, non-negative) address elements inside a buffer that
// holds `available` elements from `offset` on; returns the strides.
const std::int32_t* checked_strides(const Napi::Value& value, const char* what, const std::int32_t* shape,
                                    std::size_t rank, std::size_t available) {
  const std::int32_t* strides = typed_data<std::int32_t>(value, napi_int32_array, what, rank);
  std::size_t last = 0;
  bool empty = false;
  for (std::size_t d = 0; d < rank; ++d) {
    if (strides[d] < 0) throw Napi::RangeError::New(value.Env(), std::string(what) + " must be non-negative");
    if (shape[d] == 0) empty = true;
    else last += static_cast<std::size_t>(shape[d] - 1) * static_cast<std::size_t>(strides[d]);
  }
  if (!empty && last >= available) {
    throw Napi::RangeError::New(value.Env(), std::string(what) + " address elements past the end of the buffer");
  }
  return strides;
}

const std::int32_t* checked_shape(const Napi::Value& value, std::size_t* rank) {
  if (!value.IsTypedArray()) throw Napi::TypeError::New(value.Env(), "shape must be an Int32Array");
  *rank = value.As<Napi::TypedArray>().ElementLength();
  const std::int32_t* shape = typed_data<std::int32_t>(value, napi_int32_array, "shape", *rank);
  for (std::size_t d = 0; d < *rank; ++d) {
    if (shape[d] < 0) throw Napi::RangeError::New(value.Env(), "shape extents must be non-negative");
  }
  return shape;
}

std::size_t array_length(const Napi::Value& value, const char* what) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    throw Napi::TypeError::New(value.Env(), std::string(what) + " must be a Float32Array");
  }
  return value.As<Napi::TypedArray>().ElementLength();
}

// binaryElementwise(operationCode, a, aStrides, b, bStrides, out, outShape)
Napi::Value BinaryElementwiseFunction(const Napi::CallbackInfo& info) {
  if (info.Length() != 7) throw Napi::TypeError::New(info.Env(), "binaryElementwise expects 7 arguments");
  const int code = info[0].As<Napi::Number>().Int32Value();
  if (code < 0 || code > static_cast<int>(BinaryOperation::kMinimum)) {
    throw Napi::RangeError::New(info.Env(), "unknown binary operation code");
  }
  BinaryElementwise problem{};
  problem.operation = static_cast<BinaryOperation>(code);
  problem.shape = checked_shape(info[6], &problem.rank);
  std::size_t count = 1;
  for (std::size_t d = 0; d < problem.rank; ++d) count *= static_cast<std::size_t>(problem.shape[d]);
  problem.a = typed_data<float>(info[1], napi_float32_array, "a", 0);
  problem.a_strides = checked_strides(info[2], "aStrides", problem.shape, problem.rank, array_length(info[1], "a"));
  problem.b = typed_data<float>(info[3], napi_float32_array, "b", 0);
  problem.b_strides = checked_strides(info[4], "bStrides", problem.shape, problem.rank, array_length(info[3], "b"));
  problem.out = typed_data<float>(info[5], napi_float32_array, "out", count);
  binary_elementwise(problem);
  return info.Env().Undefined();
}

// stridedCopy(src, srcOffset, srcStrides, dst, dstOffset, dstStrides, shape)
Napi::Value StridedCopyFunction(const Napi::CallbackInfo& info) {
  if (info.Length() != 7) throw Napi::TypeError::New(info.Env(), "stridedCopy expects 7 arguments");
  StridedCopy copy{};
  copy.shape = checked_shape(info[6], &copy.rank);
  const std::size_t src_offset = size_arg(info, 1), dst_offset = size_arg(info, 4);
  const std::size_t src_length = array_length(info[0], "src"), dst_length = array_length(info[3], "dst");
  if (src_offset > src_length || dst_offset > dst_length) {
    throw Napi::RangeError::New(info.Env(), "offset past the end of the buffer");
  }
  copy.src_strides = checked_strides(info[2], "srcStrides", copy.shape, copy.rank, src_length - src_offset);
  copy.dst_strides = checked_strides(info[5], "dstStrides", copy.shape, copy.rank, dst_length - dst_offset);
  copy.src = typed_data<float>(info[0], napi_float32_array, "src", 0) + src_offset;
  copy.dst = typed_data<float>(info[3], napi_float32_array, "dst", 0) + dst_offset;
  strided_copy(copy);
  return info.Env().Undefined();
}

// geluTanh(x, y)
Napi::Value GeluTanhFunction(const Napi::CallbackInfo& info) {
  if (info.Length() != 2) throw Napi::TypeError::New(info.Env(), "geluTanh expects 2 arguments");
  const std::size_t count = array_length(info[0], "x");
  gelu_tanh(typed_data<float>(info[0], napi_float32_array, "x", count),
            typed_data<float>(info[1], napi_float32_array, "y", count), count);
  return info.Env().Undefined();
}

// geluTanhGradient(x, dy, dx)
Napi::Value GeluTanhGradientFunction(const Napi::CallbackInfo& info) {
  if (info.Length() != 3) throw Napi::TypeError::New(info.Env(), "geluTanhGradient expects 3 arguments");
  const std::size_t count = array_length(info[0], "x");
  gelu_tanh_gradient(typed_data<float>(info[0], napi_float32_array, "x", count),
                     typed_data<float>(info[1], napi_float32_array, "dy", count),
                     typed_data<float>(info[2], napi_float32_array, "dx", count), count);
  return info.Env().Undefined();
}

// layerNorm(x, y, mean, inverseStd, rows, cols, epsilon)
Napi::Value LayerNormFunction(const Napi::CallbackInfo& info) {
  if (info.Length() != 7) throw Napi::TypeError::New(info.Env(), "layerNorm expects 7 arguments");
  const std::size_t rows = size_arg(info, 4), cols = size_arg(info, 5);
  layer_norm(typed_data<float>(info[0], napi_float32_array, "x", rows * cols),
             typed_data<float>(info[1], napi_float32_array, "y", rows * cols),
             typed_data<float>(info[2], napi_float32_array, "mean", rows),
             typed_data<float>(info[3], napi_float32_array, "inverseStd", rows), rows, cols,
             info[6].As<Napi::Number>().FloatValue());
  return info.Env().Undefined();
}

// layerNormGradient(x, mean, inverseStd, dy, dx, rows, cols)
Napi::Value LayerNormGradientFunction(const Napi::CallbackInfo& info) {
  if (info.Length() != 7) throw Napi::TypeError::New(info.Env(), "layerNormGradient expects 7 arguments");
  const std::size_t rows = size_arg(info, 5), cols = size_arg(info, 6);
  layer_norm_gradient(typed_data<float>(info[0], napi_float32_array, "x", rows * cols),
                      typed_data<float>(info[1], napi_float32_array, "mean", rows),
                      typed_data<float>(info[2], napi_float32_array, "inverseStd", rows),
                      typed_data<float>(info[3], napi_float32_array, "dy", rows * cols),
                      typed_data<float>(info[4], napi_float32_array, "dx", rows * cols), rows, cols);
  return info.Env().Undefined();
}

// adamWUpdate(parameter, gradient, firstMoment, secondMoment, newParameter, newFirstMoment,
//             newSecondMoment, coefficients): coefficients = Float32Array [β₁, 1−β₁, β₂, 1−β₂, c₁, c₂, ε, λ, lr]
Napi::Value AdamWUpdateFunction(const Napi::CallbackInfo& info) {
  if (info.Length() != 8) throw Napi::TypeError::New(info.Env(), "adamWUpdate expects 8 arguments");
  const std::size_t count = array_length(info[0], "parameter");
  const float* scalars = typed_data<float>(info[7], napi_float32_array, "coefficients", 9);
  const AdamWCoefficients coefficients{scalars[0], scalars[1], scalars[2], scalars[3], scalars[4],
                                      scalars[5], scalars[6], scalars[7], scalars[8]};
  adamw_update(typed_data<float>(info[0], napi_float32_array, "parameter", count),
               typed_data<float>(info[1], napi_float32_array, "gradient", count),
               typed_data<float>(info[2], napi_float32_array, "firstMoment", count),
               typed_data<float>(info[3], napi_float32_array, "secondMoment", count),
               typed_data<float>(info[4], napi_float32_array, "newParameter", count),
               typed_data<float>(info[5], napi_float32_array, "newFirstMoment", count),
               typed_data<float>(info[6], napi_float32_array, "newSecondMoment", count), count, coefficients);
  return info.Env().Undefined();
}

// emaUpdate(average, parameter, newAverage, decay, oneMinusDecay)
Napi::Value EmaUpdateFunction(const Napi::CallbackInfo& info) {
  if (info.Length() != 5) throw Napi::TypeError::New(info.Env(), "emaUpdate expects 5 arguments");
  const std::size_t count = array_length(info[0], "average");
  ema_update(typed_data<float>(info[0], napi_float32_array, "average", count),
             typed_data<float>(info[1], napi_float32_array, "parameter", count),
             typed_data<float>(info[2], napi_float32_array, "newAverage", count), count,
             info[3].As<Napi::Number>().FloatValue(), info[4].As<Napi::Number>().FloatValue());
  return info.Env().Undefined();
}

}  // namespace

void register_elementwise_functions(Napi::Env env, Napi::Object exports) {
  exports.Set("binaryElementwise", Napi::Function::New(env, BinaryElementwiseFunction));
  exports.Set("stridedCopy", Napi::Function::New(env, StridedCopyFunction));
  exports.Set("geluTanh", Napi::Function::New(env, GeluTanhFunction));
  exports.Set("geluTanhGradient", Napi::Function::New(env, GeluTanhGradientFunction));
  exports.Set("layerNorm", Napi::Function::New(env, LayerNormFunction));
  exports.Set("layerNormGradient", Napi::Function::New(env, LayerNormGradientFunction));
  exports.Set("adamWUpdate", Napi::Function::New(env, AdamWUpdateFunction));
  exports.Set("emaUpdate", Napi::Function::New(env, EmaUpdateFunction));
}

}  // namespace latentlab
