#include "im2col.h"

#include <algorithm>

namespace latentlab {

void im2col(const Conv2DGeometry& geometry, const float* x, std::size_t first_patch, std::size_t end_patch,
            float* patches) {
  const Conv2DGeometry& g = geometry;
  const std::ptrdiff_t in_height = static_cast<std::ptrdiff_t>(g.in_height);
  const std::ptrdiff_t in_width = static_cast<std::ptrdiff_t>(g.in_width);
  const std::size_t channels = g.in_channels;
  float* row = patches;
  for (std::size_t patch = first_patch; patch < end_patch; ++patch, row += g.patch_size()) {
    const std::size_t ox = patch % g.out_width;
    const std::size_t oy = (patch / g.out_width) % g.out_height;
    const std::size_t b = patch / (g.out_width * g.out_height);
    const std::ptrdiff_t y0 = static_cast<std::ptrdiff_t>(oy * g.stride_height) - g.pad_top;
    const std::ptrdiff_t x0 = static_cast<std::ptrdiff_t>(ox * g.stride_width) - g.pad_left;
    const float* image = x + b * g.in_height * g.in_width * channels;  // (in_height, in_width, channels)
    float* tap = row;                                                   // (filter_height, filter_width, channels)
    for (std::size_t ky = 0; ky < g.filter_height; ++ky) {
      const std::ptrdiff_t iy = y0 + static_cast<std::ptrdiff_t>(ky * g.dilation_height);
      for (std::size_t kx = 0; kx < g.filter_width; ++kx, tap += channels) {
        const std::ptrdiff_t ix = x0 + static_cast<std::ptrdiff_t>(kx * g.dilation_width);
        if (iy < 0 || iy >= in_height || ix < 0 || ix >= in_width) {
          std::fill(tap, tap + channels, 0.0f);
        } else {
          const float* pixel = image + (static_cast<std::size_t>(iy) * g.in_width + ix) * channels;
          std::copy(pixel, pixel + channels, tap);
        }
      }
    }
  }
}

namespace {

// The output coordinate whose patch reads input coordinate `input` through filter tap `tap`, or -1.
std::ptrdiff_t source_output(std::ptrdiff_t input, std::size_t tap, std::size_t stride, std::size_t dilation,
                             std::ptrdiff_t pad, std::size_t out_size) {
  const std::ptrdiff_t scaled = input + pad - static_cast<std::ptrdiff_t>(tap * dilation);
  const std::ptrdiff_t step = static_cast<std::ptrdiff_t>(stride);
  if (scaled < 0 || scaled % step != 0) return -1;
  const std::ptrdiff_t output = scaled / step;
  return output < static_cast<std::ptrdiff_t>(out_size) ? output : -1;
}

}  // namespace

void col2im(const Conv2DGeometry& geometry, const float* patches, std::size_t first_row, std::size_t end_row,
            float* dx) {
  const Conv2DGeometry& g = geometry;
  const std::size_t channels = g.in_channels;
  for (std::size_t row = first_row; row < end_row; ++row) {
    const std::size_t b = row / g.in_height;
    const std::ptrdiff_t iy = static_cast<std::ptrdiff_t>(row % g.in_height);
    float* dx_row = dx + row * g.in_width * channels;  // (in_width, channels)
    std::fill(dx_row, dx_row + g.in_width * channels, 0.0f);
    for (std::size_t ky = 0; ky < g.filter_height; ++ky) {
      const std::ptrdiff_t oy =
          source_output(iy, ky, g.stride_height, g.dilation_height, g.pad_top, g.out_height);
      if (oy < 0) continue;
      // (out_width, patch_size) patches of output row (b, oy)
      const float* patch_row = patches + (b * g.out_height + static_cast<std::size_t>(oy)) * g.out_width * g.patch_size();
      for (std::size_t ix = 0; ix < g.in_width; ++ix) {
        float* dx_pixel = dx_row + ix * channels;
        for (std::size_t kx = 0; kx < g.filter_width; ++kx) {
          const std::ptrdiff_t ox = source_output(static_cast<std::ptrdiff_t>(ix), kx, g.stride_width,
                                                  g.dilation_width, g.pad_left, g.out_width);
          if (ox < 0) continue;
          const float* tap = patch_row + static_cast<std::size_t>(ox) * g.patch_size() +
                             (ky * g.filter_width + kx) * channels;
          for (std::size_t c = 0; c < channels; ++c) dx_pixel[c] += tap[c];
        }
      }
    }
  }
}

}  // namespace latentlab
