// NHWC 2-D convolution and its two gradients as im2col + the packed SGEMM (sgemm.h). Shapes:
//   x  (batch, in_height, in_width, in_channels)
//   w  (filter_height, filter_width, in_channels, out_channels), i.e. a patch_size() x out_channels matrix
//   y  (batch, out_height, out_width, out_channels), i.e. a patch_count() x out_channels matrix
// Every output array is overwritten; all three use the shared thread pool.
#pragma once
#include "conv2d_geometry.h"

namespace latentlab {

// y = im2col(x) · w
void conv2d(const Conv2DGeometry& geometry, const float* x, const float* w, float* y);

// dw = im2col(x)^T · dy
void conv2d_backprop_filter(const Conv2DGeometry& geometry, const float* x, const float* dy, float* dw);

// dx = col2im(dy · w^T)
void conv2d_backprop_input(const Conv2DGeometry& geometry, const float* dy, const float* w, float* dx);

}  // namespace latentlab
