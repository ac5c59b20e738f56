#include "conv2d_blocks.h"

#include <algorithm>

#include "im2col.h"
#include "thread_pool.h"

namespace latentlab {

namespace {

// Blocks of 32..256 patches: enough rows for the SGEMM micro-kernels, small enough that a block's
// patches (256 · patch_size floats) stay in cache.
constexpr std::size_t kMinimumBlockRows = 32;
constexpr std::size_t kMaximumBlockRows = 256;
constexpr std::size_t kThreadingMinimumWork = 48 * 48 * 48;  // as in sgemm.cc

std::size_t divide_up(std::size_t value, std::size_t divisor) { return (value + divisor - 1) / divisor; }

}  // namespace

std::size_t useful_threads(std::size_t work) {
  return work < kThreadingMinimumWork ? 1 : ThreadPool::shared().size();
}

PatchBlocks patch_blocks(std::size_t patch_count, std::size_t work_per_patch) {
  const std::size_t threads = useful_threads(patch_count * work_per_patch);
  const std::size_t rows =
      std::clamp(divide_up(patch_count, threads), kMinimumBlockRows, kMaximumBlockRows);
  return PatchBlocks{rows, divide_up(patch_count, rows), threads};
}

void parallel_ranges(std::size_t count, std::size_t threads, const std::function<void(std::size_t, std::size_t)>& body) {
  if (threads > 1) ThreadPool::shared().parallel_for(count, body);
  else body(0, count);
}

bool is_pointwise(const Conv2DGeometry& geometry) {
  return geometry.filter_height == 1 && geometry.filter_width == 1 && geometry.stride_height == 1 &&
         geometry.stride_width == 1 && geometry.pad_top == 0 && geometry.pad_left == 0 &&
         geometry.out_height == geometry.in_height && geometry.out_width == geometry.in_width;
}

const float* patch_rows(const Conv2DGeometry& geometry, const float* x, std::size_t first_patch,
                        std::size_t end_patch, std::vector<float>& buffer) {
  if (is_pointwise(geometry)) return x + first_patch * geometry.patch_size();
  const std::size_t size = (end_patch - first_patch) * geometry.patch_size();
  if (buffer.size() < size) buffer.resize(size);
  im2col(geometry, x, first_patch, end_patch, buffer.data());
  return buffer.data();
}

}  // namespace latentlab
