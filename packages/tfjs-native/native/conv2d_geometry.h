// The shape of one NHWC 2-D convolution, as tfjs's backend_util.computeConv2DInfo resolves it: every
// padding mode ('same', 'valid', explicit) arrives here as the top/left padding plus the output size.
#pragma once
#include <cstddef>

namespace latentlab {

struct Conv2DGeometry {
  std::size_t batch;
  std::size_t in_height;
  std::size_t in_width;
  std::size_t in_channels;
  std::size_t out_height;
  std::size_t out_width;
  std::size_t out_channels;
  std::size_t filter_height;
  std::size_t filter_width;
  std::size_t stride_height;
  std::size_t stride_width;
  std::size_t dilation_height;
  std::size_t dilation_width;
  std::ptrdiff_t pad_top;
  std::ptrdiff_t pad_left;

  // Rows of the im2col matrix: one per output pixel, batch · out_height · out_width.
  std::size_t patch_count() const { return batch * out_height * out_width; }
  // Columns of the im2col matrix: one per filter tap, filter_height · filter_width · in_channels.
  std::size_t patch_size() const { return filter_height * filter_width * in_channels; }
  std::size_t input_size() const { return batch * in_height * in_width * in_channels; }
  std::size_t filter_size() const { return patch_size() * out_channels; }
  std::size_t output_size() const { return patch_count() * out_channels; }
};

}  // namespace latentlab
