// Argument checking shared by the N-API entry points: typed arrays of the expected type and length, sizes.
#pragma once
#include <napi.h>

#include <cstddef>
#include <string>

namespace latentlab {

// The data of a typed array argument, after checking its element type and that it holds min_length elements.
template <typename T>
T* typed_data(const Napi::Value& value, napi_typedarray_type expected, const char* what, std::size_t min_length) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != expected) {
    throw Napi::TypeError::New(value.Env(), std::string(what) + " has the wrong typed-array type");
  }
  auto array = value.As<Napi::TypedArrayOf<T>>();
  if (array.ElementLength() < min_length) {
    throw Napi::RangeError::New(value.Env(), std::string(what) + " is shorter than the shapes require");
  }
  return array.Data();
}

// A non-negative integer argument.
inline std::size_t size_arg(const Napi::CallbackInfo& info, std::size_t index) {
  const double value = info[index].As<Napi::Number>().DoubleValue();
  if (!(value >= 0)) throw Napi::RangeError::New(info.Env(), "sizes must be non-negative");
  return static_cast<std::size_t>(value);
}

// Each group of kernels adds its functions to the addon's exports (addon_*.cc).
void register_gemm_functions(Napi::Env env, Napi::Object exports);
void register_elementwise_functions(Napi::Env env, Napi::Object exports);
void register_conv_functions(Napi::Env env, Napi::Object exports);
void register_reduce_functions(Napi::Env env, Napi::Object exports);

}  // namespace latentlab
