// How the conv kernels split the patch_count() rows of the im2col matrix into blocks: a block's patches
// are materialised in a per-thread buffer (bounded memory) and handed to a single-threaded SGEMM, while
// the blocks run on the shared thread pool.
#pragma once
#include <cstddef>
#include <functional>
#include <vector>

#include "conv2d_geometry.h"

namespace latentlab {

struct PatchBlocks {
  std::size_t rows;     // patches per block (the last block may have fewer)
  std::size_t count;    // number of blocks
  std::size_t threads;  // threads worth using: 1 for problems too small to split
};

// Blocks for `patch_count` patches when each patch costs `work_per_patch` multiply-adds.
PatchBlocks patch_blocks(std::size_t patch_count, std::size_t work_per_patch);

// Threads worth using for `work` multiply-adds: 1 below the size where splitting pays, else the pool's.
std::size_t useful_threads(std::size_t work);

// Runs body(first, end) on disjoint ranges covering [0, count): on the shared pool when threads > 1.
void parallel_ranges(std::size_t count, std::size_t threads, const std::function<void(std::size_t, std::size_t)>& body);

// A 1x1, stride-1, unpadded convolution: x itself is the im2col matrix.
bool is_pointwise(const Conv2DGeometry& geometry);

// The im2col rows of patches [first_patch, end_patch): a view into x for pointwise convolutions, else
// written into `buffer` (grown as needed).
const float* patch_rows(const Conv2DGeometry& geometry, const float* x, std::size_t first_patch,
                        std::size_t end_patch, std::vector<float>& buffer);

}  // namespace latentlab
