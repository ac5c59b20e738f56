// Filter gradient: dw = im2col(x)^T · dy, a sum over all output pixels. Each thread sums its share of
// pixel blocks into its own (patch_size, out_channels) partial sum; the partial sums are added at the end.
#include <algorithm>
#include <vector>

#include "conv2d.h"
#include "conv2d_blocks.h"
#include "sgemm.h"

namespace latentlab {

namespace {
thread_local std::vector<float> patch_buffer;
thread_local std::vector<float> block_product;
}  // namespace

void conv2d_backprop_filter(const Conv2DGeometry& geometry, const float* x, const float* dy, float* dw) {
  const std::size_t patch_count = geometry.patch_count(), patch_size = geometry.patch_size();
  const std::size_t out_channels = geometry.out_channels;
  const std::size_t filter_size = geometry.filter_size();
  std::fill(dw, dw + filter_size, 0.0f);
  if (patch_count == 0 || filter_size == 0) return;
  const PatchBlocks blocks = patch_blocks(patch_count, filter_size);
  // One partial sum per share of blocks; share 0 sums straight into dw.
  const std::size_t shares = std::min(blocks.threads, blocks.count);
  std::vector<float> partial_sums((shares - 1) * filter_size, 0.0f);  // (shares - 1, patch_size, out_channels)
  const auto sum_share = [&](std::size_t first_share, std::size_t end_share) {
    for (std::size_t share = first_share; share < end_share; ++share) {
      float* sum = share == 0 ? dw : partial_sums.data() + (share - 1) * filter_size;
      if (block_product.size() < filter_size) block_product.resize(filter_size);
      for (std::size_t block = share * blocks.count / shares; block < (share + 1) * blocks.count / shares;
           ++block) {
        const std::size_t first_patch = block * blocks.rows;
        const std::size_t rows = std::min(blocks.rows, patch_count - first_patch);
        const float* patches = patch_rows(geometry, x, first_patch, first_patch + rows, patch_buffer);
        // (rows, patch_size)^T · (rows, out_channels) -> (patch_size, out_channels)
        const GemmProblem product{patch_size,
                                  out_channels,
                                  rows,
                                  row_major_operand(patches, patch_size, rows, true),
                                  row_major_operand(dy + first_patch * out_channels, rows, out_channels, false),
                                  block_product.data(),
                                  out_channels};
        sgemm(product, false);
        for (std::size_t i = 0; i < filter_size; ++i) sum[i] += block_product[i];
      }
    }
  };
  parallel_ranges(shares, blocks.threads, sum_share);
  for (std::size_t share = 1; share < shares; ++share) {
    const float* partial = partial_sums.data() + (share - 1) * filter_size;
    for (std::size_t i = 0; i < filter_size; ++i) dw[i] += partial[i];
  }
}

}  // namespace latentlab
