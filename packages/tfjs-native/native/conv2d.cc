// Forward convolution: each block of output pixels is one GEMM, y[block] = im2col(x)[block] · w.
#include "conv2d.h"

#include <algorithm>
#include <vector>

#include "conv2d_blocks.h"
#include "sgemm.h"

namespace latentlab {

namespace {
thread_local std::vector<float> patch_buffer;
}  // namespace

void conv2d(const Conv2DGeometry& geometry, const float* x, const float* w, float* y) {
  const std::size_t patch_count = geometry.patch_count(), patch_size = geometry.patch_size();
  const std::size_t out_channels = geometry.out_channels;
  if (patch_count == 0 || out_channels == 0) return;
  if (patch_size == 0) return std::fill(y, y + geometry.output_size(), 0.0f);
  const PatchBlocks blocks = patch_blocks(patch_count, patch_size * out_channels);
  parallel_ranges(blocks.count, blocks.threads, [&](std::size_t first_block, std::size_t end_block) {
    for (std::size_t block = first_block; block < end_block; ++block) {
      const std::size_t first_patch = block * blocks.rows;
      const std::size_t rows = std::min(blocks.rows, patch_count - first_patch);
      const float* patches = patch_rows(geometry, x, first_patch, first_patch + rows, patch_buffer);
      // (rows, patch_size) · (patch_size, out_channels) -> y rows (rows, out_channels)
      const GemmProblem product{rows,
                                out_channels,
                                patch_size,
                                row_major_operand(patches, rows, patch_size, false),
                                row_major_operand(w, patch_size, out_channels, false),
                                y + first_patch * out_channels,
                                out_channels};
      sgemm(product, false);
    }
  });
}

}  // namespace latentlab
