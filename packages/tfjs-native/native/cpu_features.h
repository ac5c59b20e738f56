// Picks the widest micro-kernel the running CPU supports (checked once, at run time).
#pragma once
#include <string>

#include "micro_kernel.h"

namespace latentlab {

// The micro-kernel every GEMM uses: avx512 > avx2 > neon > scalar, or the one forced by force_micro_kernel.
const MicroKernel& active_micro_kernel();

// Kernels this CPU can run, widest first.
std::string supported_micro_kernels();

// Forces a kernel by name ("avx512", "avx2", "neon", "scalar", or "auto"); false when the CPU lacks it.
bool force_micro_kernel(const std::string& name);

}  // namespace latentlab
