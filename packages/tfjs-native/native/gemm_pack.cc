#include "gemm_pack.h"

#include <algorithm>

namespace latentlab {

void pack_a_block(const StridedMatrix& a, std::size_t row0, std::size_t rows, std::size_t col0,
                  std::size_t depth, std::size_t mr, float* out) {
  for (std::size_t panel_row = 0; panel_row < rows; panel_row += mr) {
    const std::size_t valid_rows = std::min(mr, rows - panel_row);
    float* panel = out + (panel_row / mr) * mr * depth;
    if (valid_rows < mr) std::fill(panel, panel + mr * depth, 0.0f);
    for (std::size_t r = 0; r < valid_rows; ++r) {
      const float* source = a.data + (row0 + panel_row + r) * a.row_stride + col0 * a.col_stride;
      if (a.col_stride == 1) {
        for (std::size_t p = 0; p < depth; ++p) panel[p * mr + r] = source[p];
      } else {
        for (std::size_t p = 0; p < depth; ++p) panel[p * mr + r] = source[p * a.col_stride];
      }
    }
  }
}

void pack_b_panels(const StridedMatrix& b, std::size_t row0, std::size_t depth, std::size_t col0,
                   std::size_t cols, std::size_t nr, std::size_t first_panel, std::size_t panel_end,
                   float* out) {
  for (std::size_t panel_index = first_panel; panel_index < panel_end; ++panel_index) {
    const std::size_t panel_col = panel_index * nr;
    const std::size_t valid_cols = std::min(nr, cols - panel_col);
    float* panel = out + panel_index * nr * depth;
    if (valid_cols < nr) std::fill(panel, panel + nr * depth, 0.0f);
    if (b.col_stride == 1) {
      // Row-major B: each step copies a contiguous run of up to nr values.
      for (std::size_t p = 0; p < depth; ++p) {
        const float* source = b.data + (row0 + p) * b.row_stride + col0 + panel_col;
        std::copy(source, source + valid_cols, panel + p * nr);
      }
    } else {
      // Transposed B: walk down each stored row (a column of B) contiguously.
      for (std::size_t j = 0; j < valid_cols; ++j) {
        const float* source = b.data + row0 * b.row_stride + (col0 + panel_col + j) * b.col_stride;
        for (std::size_t p = 0; p < depth; ++p) panel[p * nr + j] = source[p * b.row_stride];
      }
    }
  }
}

}  // namespace latentlab
