// The five loops around the micro-kernel from Goto & van de Geijn, "Anatomy of High-Performance Matrix
// Multiplication" (ACM TOMS 2008), in the order BLIS names them (Van Zee & van de Geijn 2015):
//   jc over N in NC columns        (B block lives in L3)
//     pc over K in KC steps         pack B(pc, jc) into KC x NC micro-panels
//       ic over M in MC rows         pack A(ic, pc) into MC x KC micro-panels (L2)
//         jr over NC in NR columns    (one B micro-panel stays in L1)
//           ir over MC in MR rows      micro-kernel: MR x NR tile of C in registers
// Threads split the ic loop and, when M has too few blocks, the jr loop (BLIS's "ic/jr" parallelism).
#include "sgemm.h"

#include <algorithm>
#include <atomic>
#include <vector>

#include "cpu_features.h"
#include "thread_pool.h"

namespace latentlab {

namespace {

constexpr std::size_t kDepthBlock = 256;   // KC: a KC x NR panel of B fits L1 (256 * 32 * 4 B = 32 KiB)
constexpr std::size_t kRowBlock = 192;     // MC: an MC x KC block of A fits L2 (192 KiB)
constexpr std::size_t kColumnBlock = 4096; // NC: a KC x NC block of B fits L3 (4 MiB)
constexpr std::size_t kThreadingMinimumWork = 48 * 48 * 48;

std::size_t round_up(std::size_t value, std::size_t multiple) { return (value + multiple - 1) / multiple * multiple; }
std::size_t divide_up(std::size_t value, std::size_t divisor) { return (value + divisor - 1) / divisor; }

// Per-thread scratch for packed A blocks and packed B blocks; grows, never shrinks.
float* scratch(std::vector<float>& buffer, std::size_t size) {
  if (buffer.size() < size) buffer.resize(size);
  return buffer.data();
}
thread_local std::vector<float> packed_a_scratch;
thread_local std::vector<float> packed_b_scratch;

std::atomic<double> counted_flops{0};
std::atomic<double> counted_seconds{0};

// fetch_add on an atomic double is C++20; a compare-exchange loop does the same in C++17.
void atomic_add(std::atomic<double>& total, double value) {
  for (double seen = total.load(std::memory_order_relaxed);
       !total.compare_exchange_weak(seen, seen + value, std::memory_order_relaxed);) {
  }
}

// One MR x NR tile: straight into C when it is whole, through a register-sized buffer at the edges.
void compute_tile(const MicroKernel& kernel, std::size_t depth, const float* packed_a, const float* packed_b,
                  float* c, std::size_t ldc, std::size_t rows, std::size_t cols, bool accumulate) {
  if (rows == kernel.mr && cols == kernel.nr) {
    kernel.run(depth, packed_a, packed_b, c, ldc, accumulate);
    return;
  }
  alignas(64) float tile[16 * 64];
  kernel.run(depth, packed_a, packed_b, tile, kernel.nr, false);
  for (std::size_t r = 0; r < rows; ++r) {
    float* row = c + r * ldc;
    const float* tile_row = tile + r * kernel.nr;
    for (std::size_t j = 0; j < cols; ++j) row[j] = accumulate ? row[j] + tile_row[j] : tile_row[j];
  }
}

void fill_zero(const GemmProblem& problem) {
  for (std::size_t i = 0; i < problem.m; ++i) std::fill(problem.c + i * problem.ldc, problem.c + i * problem.ldc + problem.n, 0.0f);
}

}  // namespace

StridedMatrix row_major_operand(const float* data, std::size_t rows, std::size_t cols, bool transposed) {
  // Stored row-major as rows x cols, or as cols x rows when transposed.
  return transposed ? StridedMatrix{data, 1, rows} : StridedMatrix{data, cols, 1};
}

double gemm_flops_so_far() { return counted_flops.load(std::memory_order_relaxed); }
double gemm_seconds_so_far() { return counted_seconds.load(std::memory_order_relaxed); }
void add_gemm_seconds(double seconds) { atomic_add(counted_seconds, seconds); }

void sgemm(const GemmProblem& problem, bool use_threads) {
  const std::size_t m = problem.m, n = problem.n, k = problem.k;
  atomic_add(counted_flops, 2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k));
  if (m == 0 || n == 0) return;
  if (k == 0) return fill_zero(problem);
  const MicroKernel kernel = active_micro_kernel();
  ThreadPool& pool = ThreadPool::shared();
  const std::size_t threads = use_threads && m * n * k >= kThreadingMinimumWork ? pool.size() : 1;

  // Row blocks of at most MC rows, as many as a multiple of the thread count and of near-equal size, so the
  // threads finish together (3 blocks of 192 for M = 512 on 2 threads would leave one idle a third of the time).
  const std::size_t wanted_blocks = round_up(divide_up(m, round_up(kRowBlock, kernel.mr)), threads);
  const std::size_t row_block = round_up(divide_up(m, wanted_blocks), kernel.mr);
  const std::size_t row_blocks = divide_up(m, row_block);

  for (std::size_t jc = 0; jc < n; jc += kColumnBlock) {
    const std::size_t cols = std::min(kColumnBlock, n - jc);
    const std::size_t col_panels = divide_up(cols, kernel.nr);
    const std::size_t col_chunks = std::min(col_panels, row_blocks >= threads ? 1 : divide_up(threads, row_blocks));
    for (std::size_t pc = 0; pc < k; pc += kDepthBlock) {
      const std::size_t depth = std::min(kDepthBlock, k - pc);
      const bool accumulate = pc > 0;
      float* packed_b = scratch(packed_b_scratch, col_panels * kernel.nr * depth);
      const auto pack_b = [&](std::size_t first, std::size_t end) {
        pack_b_panels(problem.b, pc, depth, jc, cols, kernel.nr, first, end, packed_b);
      };
      if (threads > 1) pool.parallel_for(col_panels, pack_b);
      else pack_b(0, col_panels);

      const auto compute_items = [&](std::size_t first_item, std::size_t end_item) {
        for (std::size_t item = first_item; item < end_item; ++item) {
          const std::size_t ic = (item / col_chunks) * row_block;
          const std::size_t chunk = item % col_chunks;
          const std::size_t rows = std::min(row_block, m - ic);
          float* packed_a = scratch(packed_a_scratch, round_up(rows, kernel.mr) * depth);
          pack_a_block(problem.a, ic, rows, pc, depth, kernel.mr, packed_a);
          const std::size_t panel_begin = chunk * col_panels / col_chunks;
          const std::size_t panel_end = (chunk + 1) * col_panels / col_chunks;
          for (std::size_t panel = panel_begin; panel < panel_end; ++panel) {
            const std::size_t jr = panel * kernel.nr;
            const std::size_t tile_cols = std::min(kernel.nr, cols - jr);
            for (std::size_t ir = 0; ir < rows; ir += kernel.mr) {
              compute_tile(kernel, depth, packed_a + ir * depth, packed_b + panel * kernel.nr * depth,
                           problem.c + (ic + ir) * problem.ldc + jc + jr, problem.ldc,
                           std::min(kernel.mr, rows - ir), tile_cols, accumulate);
            }
          }
        }
      };
      if (threads > 1) pool.parallel_for(row_blocks * col_chunks, compute_items);
      else compute_items(0, row_blocks * col_chunks);
    }
  }
}

}  // namespace latentlab
