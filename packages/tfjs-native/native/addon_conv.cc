// N-API surface of the NHWC convolution kernels (conv2d.h). The geometry comes from tfjs's
// backend_util.computeConv2DInfo on the TypeScript side as an object of plain integers; every function
// writes into a caller-allocated Float32Array.
#include <napi.h>

#include <string>

#include "conv2d.h"
#include "napi_arguments.h"

namespace latentlab {
namespace {

// A non-negative integer property of the geometry object.
std::size_t size_property(const Napi::Object& object, const char* name) {
  const Napi::Value value = object.Get(name);
  if (!value.IsNumber()) throw Napi::TypeError::New(object.Env(), std::string("geometry.") + name + " is not a number");
  const double number = value.As<Napi::Number>().DoubleValue();
  if (!(number >= 0)) throw Napi::RangeError::New(object.Env(), std::string("geometry.") + name + " must be non-negative");
  return static_cast<std::size_t>(number);
}

// { batch, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth,
//   strideHeight, strideWidth, dilationHeight, dilationWidth, padTop, padLeft }
Conv2DGeometry geometry_arg(const Napi::Value& value) {
  if (!value.IsObject()) throw Napi::TypeError::New(value.Env(), "geometry must be an object");
  const Napi::Object object = value.As<Napi::Object>();
  Conv2DGeometry geometry{};
  geometry.batch = size_property(object, "batch");
  geometry.in_height = size_property(object, "inHeight");
  geometry.in_width = size_property(object, "inWidth");
  geometry.in_channels = size_property(object, "inChannels");
  geometry.out_height = size_property(object, "outHeight");
  geometry.out_width = size_property(object, "outWidth");
  geometry.out_channels = size_property(object, "outChannels");
  geometry.filter_height = size_property(object, "filterHeight");
  geometry.filter_width = size_property(object, "filterWidth");
  geometry.stride_height = size_property(object, "strideHeight");
  geometry.stride_width = size_property(object, "strideWidth");
  geometry.dilation_height = size_property(object, "dilationHeight");
  geometry.dilation_width = size_property(object, "dilationWidth");
  geometry.pad_top = static_cast<std::ptrdiff_t>(size_property(object, "padTop"));
  geometry.pad_left = static_cast<std::ptrdiff_t>(size_property(object, "padLeft"));
  if (geometry.stride_height == 0 || geometry.stride_width == 0 || geometry.dilation_height == 0 ||
      geometry.dilation_width == 0) {
    throw Napi::RangeError::New(value.Env(), "strides and dilations must be positive");
  }
  return geometry;
}

void expect_arguments(const Napi::CallbackInfo& info, const char* name) {
  if (info.Length() != 4) throw Napi::TypeError::New(info.Env(), std::string(name) + " expects 4 arguments");
}

// conv2d(x, w, y, geometry)
Napi::Value Conv2D(const Napi::CallbackInfo& info) {
  expect_arguments(info, "conv2d");
  const Conv2DGeometry geometry = geometry_arg(info[3]);
  const float* x = typed_data<float>(info[0], napi_float32_array, "x", geometry.input_size());
  const float* w = typed_data<float>(info[1], napi_float32_array, "w", geometry.filter_size());
  float* y = typed_data<float>(info[2], napi_float32_array, "y", geometry.output_size());
  conv2d(geometry, x, w, y);
  return info.Env().Undefined();
}

// conv2dBackpropFilter(x, dy, dw, geometry)
Napi::Value Conv2DBackpropFilter(const Napi::CallbackInfo& info) {
  expect_arguments(info, "conv2dBackpropFilter");
  const Conv2DGeometry geometry = geometry_arg(info[3]);
  const float* x = typed_data<float>(info[0], napi_float32_array, "x", geometry.input_size());
  const float* dy = typed_data<float>(info[1], napi_float32_array, "dy", geometry.output_size());
  float* dw = typed_data<float>(info[2], napi_float32_array, "dw", geometry.filter_size());
  conv2d_backprop_filter(geometry, x, dy, dw);
  return info.Env().Undefined();
}

// conv2dBackpropInput(dy, w, dx, geometry)
Napi::Value Conv2DBackpropInput(const Napi::CallbackInfo& info) {
  expect_arguments(info, "conv2dBackpropInput");
  const Conv2DGeometry geometry = geometry_arg(info[3]);
  const float* dy = typed_data<float>(info[0], napi_float32_array, "dy", geometry.output_size());
  const float* w = typed_data<float>(info[1], napi_float32_array, "w", geometry.filter_size());
  float* dx = typed_data<float>(info[2], napi_float32_array, "dx", geometry.input_size());
  conv2d_backprop_input(geometry, dy, w, dx);
  return info.Env().Undefined();
}

}  // namespace

void register_conv_functions(Napi::Env env, Napi::Object exports) {
  exports.Set("conv2d", Napi::Function::New(env, Conv2D));
  exports.Set("conv2dBackpropFilter", Napi::Function::New(env, Conv2DBackpropFilter));
  exports.Set("conv2dBackpropInput", Napi::Function::New(env, Conv2DBackpropInput));
}

}  // namespace latentlab
