// im2col and its adjoint for NHWC convolutions (Chellapilla, Puri & Simard, "High Performance
// Convolutional Neural Networks for Document Processing", 2006): a convolution becomes one GEMM between
// the matrix of input patches and the filter reshaped to (filter_height · filter_width · in_channels) x
// out_channels.
#pragma once
#include <cstddef>

#include "conv2d_geometry.h"

namespace latentlab {

// Writes the patches of output pixels [first_patch, end_patch) (pixel index = (b · out_height + oy) ·
// out_width + ox) as rows of `patches`, each patch_size() long in (ky, kx, channel) order, zero where the
// patch reaches into the padding. x is NHWC (batch, in_height, in_width, in_channels).
void im2col(const Conv2DGeometry& geometry, const float* x, std::size_t first_patch, std::size_t end_patch,
            float* patches);

// The adjoint of im2col for input rows (b, iy) with b · in_height + iy in [first_row, end_row): each
// input element receives the sum of every patch entry that im2col copied from it. `patches` holds all
// patch_count() rows; dx rows are overwritten. Gathers instead of scattering, so row ranges can run on
// different threads.
void col2im(const Conv2DGeometry& geometry, const float* patches, std::size_t first_row, std::size_t end_row,
            float* dx);

}  // namespace latentlab
