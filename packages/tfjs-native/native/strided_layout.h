// An N-d iteration space shared by up to three arrays, each with its own element strides (0 = broadcast).
// `collapse` merges neighbouring dimensions that every array walks contiguously and drops size-1
// dimensions, so most broadcasts become a short outer loop around one long inner run.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace latentlab {

constexpr std::size_t kMaxStridedOperands = 3;

struct StridedLayout {
  std::vector<std::size_t> shape;                                   // iteration extents, outermost first
  std::vector<std::ptrdiff_t> strides[kMaxStridedOperands];         // per operand, one per dimension
  std::size_t operand_count = 0;

  std::size_t element_count() const;
  // Merges dimension pairs (i, i+1) whose strides satisfy stride[i] == stride[i+1] * shape[i+1] for every
  // operand, and removes size-1 dimensions. Leaves at least one dimension.
  void collapse();
  // Extent and strides of the innermost dimension.
  std::size_t inner_extent() const { return shape.back(); }
  std::ptrdiff_t inner_stride(std::size_t operand) const { return strides[operand].back(); }
  // Number of inner runs (product of all but the last extent).
  std::size_t row_count() const;
  // Element offsets of operand `operand` at the start of inner run `row` (row-major over outer extents).
  void row_offsets(std::size_t row, std::ptrdiff_t* offsets) const;
};

// Walks inner runs [first_row, end_row) in order, keeping each operand's offset with an odometer instead of
// dividing per run; calls run(offsets) with the start offset of every operand.
template <typename RunFunction>
void for_each_row(const StridedLayout& layout, std::size_t first_row, std::size_t end_row, RunFunction run) {
  if (first_row >= end_row) return;
  const std::size_t outer_rank = layout.shape.size() - 1;
  std::ptrdiff_t offsets[kMaxStridedOperands] = {0, 0, 0};
  layout.row_offsets(first_row, offsets);
  std::vector<std::size_t> index(outer_rank, 0);
  std::size_t remainder = first_row;
  for (std::size_t d = outer_rank; d-- > 0;) {
    index[d] = remainder % layout.shape[d];
    remainder /= layout.shape[d];
  }
  for (std::size_t row = first_row; row < end_row; ++row) {
    run(offsets);
    // Advance the odometer over the outer dimensions, innermost outer dimension first.
    for (std::size_t d = outer_rank; d-- > 0;) {
      ++index[d];
      for (std::size_t op = 0; op < layout.operand_count; ++op) offsets[op] += layout.strides[op][d];
      if (index[d] < layout.shape[d]) break;
      for (std::size_t op = 0; op < layout.operand_count; ++op) {
        offsets[op] -= static_cast<std::ptrdiff_t>(layout.shape[d]) * layout.strides[op][d];
      }
      index[d] = 0;
    }
  }
}

// Calls body(first_row, end_row) over all rows of `layout`, split over the shared thread pool when it holds
// enough elements to pay for the hand-off.
void for_row_ranges(const StridedLayout& layout, const std::function<void(std::size_t, std::size_t)>& body);

}  // namespace latentlab
