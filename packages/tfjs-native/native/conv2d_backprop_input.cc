// Input gradient: dx = col2im(dy · w^T). The patch gradients dy · w^T are computed a chunk of images at a
// time (bounded memory) with the threaded SGEMM, then col2im gathers them into dx, threads splitting the
// chunk's input rows.
#include <algorithm>
#include <vector>

#include "conv2d.h"
#include "conv2d_blocks.h"
#include "im2col.h"
#include "sgemm.h"

namespace latentlab {

namespace {

// At most this many patch-gradient floats (64 MiB) are held at once.
constexpr std::size_t kMaximumChunkFloats = std::size_t{16} << 20;

}  // namespace

void conv2d_backprop_input(const Conv2DGeometry& geometry, const float* dy, const float* w, float* dx) {
  const std::size_t patch_size = geometry.patch_size(), out_channels = geometry.out_channels;
  const std::size_t image_patches = geometry.out_height * geometry.out_width;
  const std::size_t image_size = geometry.in_height * geometry.in_width * geometry.in_channels;
  std::fill(dx, dx + geometry.input_size(), 0.0f);
  if (image_patches == 0 || patch_size == 0 || out_channels == 0) return;
  const bool pointwise = is_pointwise(geometry);
  const std::size_t chunk_images =
      std::clamp<std::size_t>(kMaximumChunkFloats / (image_patches * patch_size), 1, geometry.batch);
  std::vector<float> patch_gradients(pointwise ? 0 : chunk_images * image_patches * patch_size);
  for (std::size_t first_image = 0; first_image < geometry.batch; first_image += chunk_images) {
    Conv2DGeometry chunk = geometry;
    chunk.batch = std::min(chunk_images, geometry.batch - first_image);
    float* chunk_dx = dx + first_image * image_size;
    // (patches, out_channels) · (patch_size, out_channels)^T -> (patches, patch_size); straight into dx
    // when the convolution is pointwise (col2im is then the identity).
    float* gradients = pointwise ? chunk_dx : patch_gradients.data();
    const GemmProblem product{chunk.patch_count(),
                              patch_size,
                              out_channels,
                              row_major_operand(dy + first_image * image_patches * out_channels,
                                                chunk.patch_count(), out_channels, false),
                              row_major_operand(w, out_channels, patch_size, true),
                              gradients,
                              patch_size};
    sgemm(product, true);
    if (pointwise) continue;
    const std::size_t input_rows = chunk.batch * chunk.in_height;
    const std::size_t threads = useful_threads(input_rows * geometry.in_width * patch_size);
    parallel_ranges(input_rows, threads, [&](std::size_t first_row, std::size_t end_row) {
      col2im(chunk, gradients, first_row, end_row, chunk_dx);
    });
  }
}

}  // namespace latentlab
