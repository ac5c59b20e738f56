// What the GEMM's fraction of peak is measured against: the core clock and the multiply-add throughput this
// CPU reaches with the active micro-kernel's vectors when nothing waits on memory.
#pragma once
#include <cstddef>

namespace latentlab {

struct FmaPeak {
  double gflops;           // all threads together, 2 flops per multiply-add lane
  double clock_ghz;        // measured on the calling thread while the others run their loops
  double flops_per_cycle;  // per core: gflops / threads / clock_ghz
  std::size_t threads;
  std::size_t lanes;       // floats per vector of the active micro-kernel
};

// Runs an independent multiply-add loop (more chains than the FMA latency covers, all in registers) on every
// thread of the shared pool for about `seconds`, with the vector width of the active micro-kernel.
FmaPeak measure_fma_peak(double seconds);

}  // namespace latentlab
