#include "reduce.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "thread_pool.h"

namespace latentlab {

namespace {

// Columns of `inner` one work item accumulates at once: 256 doubles (2 KiB) stay in L1.
constexpr std::size_t kInnerBlock = 256;

// max that keeps a NaN once seen, like tfjs's maxImpl (`isNaN(value) || value > max`).
inline float nan_propagating_max(float best, float value) {
  return (value > best || value != value) ? value : best;
}

// Σ row[0:count] in float64 with eight independent partial sums (breaks the add latency chain).
double sum_contiguous(const float* row, std::size_t count) {
  double partial[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  std::size_t j = 0;
  for (; j + 8 <= count; j += 8) {
    for (std::size_t lane = 0; lane < 8; ++lane) partial[lane] += row[j + lane];
  }
  double tail = 0;
  for (; j < count; ++j) tail += row[j];
  return ((partial[0] + partial[1]) + (partial[2] + partial[3])) +
         ((partial[4] + partial[5]) + (partial[6] + partial[7])) + tail;
}

// max of row[0:count] with eight independent lanes (no single loop-carried chain); NaNs are flagged on the
// side, since the lanes' plain `>` skips them, and any NaN makes the result NaN.
float max_contiguous(const float* row, std::size_t count) {
  float lanes[8];
  std::fill(lanes, lanes + 8, row[0]);
  std::int32_t nan_seen[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  std::size_t j = 0;
  for (; j + 8 <= count; j += 8) {
    for (std::size_t lane = 0; lane < 8; ++lane) {
      const float value = row[j + lane];
      lanes[lane] = value > lanes[lane] ? value : lanes[lane];
      nan_seen[lane] |= value != value ? -1 : 0;
    }
  }
  float best = lanes[0];
  for (std::size_t lane = 1; lane < 8; ++lane) best = lanes[lane] > best ? lanes[lane] : best;
  for (; j < count; ++j) best = nan_propagating_max(best, row[j]);
  std::int32_t any_nan = row[0] != row[0];
  for (std::size_t lane = 0; lane < 8; ++lane) any_nan |= nan_seen[lane];
  return any_nan ? std::numeric_limits<float>::quiet_NaN() : best;
}

// One work item: rows [row_begin, row_end) of the middle axis, columns [column_begin, column_end) of inner,
// for one outer index. `slab` points at input[o, 0, 0] (reduce_size x inner).
struct Block {
  const float* slab;
  std::size_t inner;
  std::size_t row_begin, row_end;
  std::size_t column_begin, column_end;
};

// sums[c - column_begin] = Σ_r slab[r, c]
void sum_block(const Block& block, double* sums) {
  const std::size_t width = block.column_end - block.column_begin;
  if (block.inner == 1) {
    sums[0] = sum_contiguous(block.slab + block.row_begin, block.row_end - block.row_begin);
    return;
  }
  std::fill(sums, sums + width, 0.0);
  for (std::size_t r = block.row_begin; r < block.row_end; ++r) {
    const float* row = block.slab + r * block.inner + block.column_begin;
    for (std::size_t c = 0; c < width; ++c) sums[c] += row[c];
  }
}

// maxima[c - column_begin] = max_r slab[r, c]
void max_block(const Block& block, float* maxima) {
  const std::size_t width = block.column_end - block.column_begin;
  if (block.inner == 1) {
    maxima[0] = max_contiguous(block.slab + block.row_begin, block.row_end - block.row_begin);
    return;
  }
  const float* first = block.slab + block.row_begin * block.inner + block.column_begin;
  std::copy(first, first + width, maxima);
  for (std::size_t r = block.row_begin + 1; r < block.row_end; ++r) {
    const float* row = block.slab + r * block.inner + block.column_begin;
    for (std::size_t c = 0; c < width; ++c) maxima[c] = nan_propagating_max(maxima[c], row[c]);
  }
}

std::pair<std::size_t, std::size_t> split_range(std::size_t count, std::size_t parts, std::size_t index) {
  const std::size_t base = count / parts, extra = count % parts;
  const std::size_t begin = index * base + std::min(index, extra);
  return {begin, begin + base + (index < extra ? 1 : 0)};
}

}  // namespace

void reduce_middle_axis(const float* input, float* output, std::size_t outer, std::size_t reduce_size,
                        std::size_t inner, Reduction reduction) {
  if (outer == 0 || inner == 0 || reduce_size == 0) return;
  ThreadPool& pool = ThreadPool::shared();
  const std::size_t total_values = outer * reduce_size * inner;
  const bool threaded = total_values >= ThreadPool::kThreadingMinimumValues && pool.size() > 1;
  const std::size_t column_blocks = (inner + kInnerBlock - 1) / kInnerBlock;
  // When outer × column blocks cannot keep every thread busy (a full sum, a bias gradient), the middle
  // axis is split too: each row chunk writes partial results that are combined afterwards.
  std::size_t row_chunks = 1;
  if (threaded && outer * column_blocks < pool.size()) {
    row_chunks = std::min({pool.size(), reduce_size, total_values / ThreadPool::kThreadingMinimumValues});
    row_chunks = std::max<std::size_t>(row_chunks, 1);
  }
  const std::size_t output_size = outer * inner;
  const bool is_max = reduction == Reduction::kMax;
  // partial results: (row_chunks, outer, inner)
  std::vector<double> partial_sums(is_max ? 0 : row_chunks * output_size);
  std::vector<float> partial_maxima(is_max ? row_chunks * output_size : 0);

  const std::size_t item_count = row_chunks * outer * column_blocks;
  const auto run_items = [&](std::size_t item_begin, std::size_t item_end) {
    for (std::size_t item = item_begin; item < item_end; ++item) {
      const std::size_t column_block = item % column_blocks;
      const std::size_t o = (item / column_blocks) % outer;
      const std::size_t chunk = item / (column_blocks * outer);
      const auto rows = split_range(reduce_size, row_chunks, chunk);
      Block block{input + o * reduce_size * inner, inner, rows.first, rows.second,
                  column_block * kInnerBlock, std::min(inner, (column_block + 1) * kInnerBlock)};
      const std::size_t destination = chunk * output_size + o * inner + block.column_begin;
      if (is_max) max_block(block, partial_maxima.data() + destination);
      else sum_block(block, partial_sums.data() + destination);
    }
  };
  if (threaded) pool.parallel_for(item_count, run_items);
  else run_items(0, item_count);

  const double scale = reduction == Reduction::kMean ? 1.0 / static_cast<double>(reduce_size) : 1.0;
  for (std::size_t j = 0; j < output_size; ++j) {
    if (is_max) {
      float best = partial_maxima[j];
      for (std::size_t chunk = 1; chunk < row_chunks; ++chunk) {
        best = nan_propagating_max(best, partial_maxima[chunk * output_size + j]);
      }
      output[j] = best;
    } else {
      double total = partial_sums[j];
      for (std::size_t chunk = 1; chunk < row_chunks; ++chunk) total += partial_sums[chunk * output_size + j];
      output[j] = static_cast<float>(total * scale);
    }
  }
}

}  // namespace latentlab
