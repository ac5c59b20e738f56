// Packing: copies a block of A or B into the contiguous micro-panel layout the micro-kernel streams
// through (Goto & van de Geijn 2008, section 5: "packing" into A~ and B~), padding edge panels with zeros
// so the micro-kernel always computes full tiles.
#pragma once
#include <cstddef>

namespace latentlab {

// A logical matrix over strided memory: element (row, col) is data[row * row_stride + col * col_stride].
// A transposed operand is the same memory with the two strides swapped.
struct StridedMatrix {
  const float* data;
  std::size_t row_stride;
  std::size_t col_stride;
};

// Packs rows [row0, row0 + rows) x columns [col0, col0 + depth) of A into ceil(rows / mr) micro-panels:
// out[panel * mr * depth + p * mr + r] = A(row0 + panel * mr + r, col0 + p), zero past the last row.
void pack_a_block(const StridedMatrix& a, std::size_t row0, std::size_t rows, std::size_t col0,
                  std::size_t depth, std::size_t mr, float* out);

// Packs rows [row0, row0 + depth) x columns [col0, col0 + cols) of B into ceil(cols / nr) micro-panels:
// out[panel * nr * depth + p * nr + j] = B(row0 + p, col0 + panel * nr + j), zero past the last column.
void pack_b_panels(const StridedMatrix& b, std::size_t row0, std::size_t depth, std::size_t col0,
                   std::size_t cols, std::size_t nr, std::size_t first_panel, std::size_t panel_end,
                   float* out);

}  // namespace latentlab
