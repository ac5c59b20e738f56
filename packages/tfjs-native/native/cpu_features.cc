#include "cpu_features.h"

#include <atomic>

namespace latentlab {

namespace {

#if defined(__x86_64__) || defined(__i386__)
bool cpu_has_avx512() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f");
}

bool cpu_has_avx2_fma() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#else
bool cpu_has_avx512() { return false; }
bool cpu_has_avx2_fma() { return false; }
#endif

// Advanced SIMD is part of every AArch64 (ARMv8-A) CPU, so an arm64 build needs no run-time check.
#if defined(__aarch64__)
bool cpu_has_neon() { return true; }
#else
bool cpu_has_neon() { return false; }
#endif

MicroKernel best_micro_kernel() {
  if (cpu_has_avx512()) return avx512_micro_kernel();
  if (cpu_has_avx2_fma()) return avx2_micro_kernel();
  if (cpu_has_neon()) return neon_micro_kernel();
  return scalar_micro_kernel();
}

MicroKernel& selected() {
  static MicroKernel kernel = best_micro_kernel();
  return kernel;
}

}  // namespace

const MicroKernel& active_micro_kernel() { return selected(); }

std::string supported_micro_kernels() {
  std::string names;
  if (cpu_has_avx512()) names += "avx512,";
  if (cpu_has_avx2_fma()) names += "avx2,";
  if (cpu_has_neon()) names += "neon,";
  return names + "scalar";
}

bool force_micro_kernel(const std::string& name) {
  if (name == "auto") selected() = best_micro_kernel();
  else if (name == "avx512" && cpu_has_avx512()) selected() = avx512_micro_kernel();
  else if (name == "avx2" && cpu_has_avx2_fma()) selected() = avx2_micro_kernel();
  else if (name == "neon" && cpu_has_neon()) selected() = neon_micro_kernel();
  else if (name == "scalar") selected() = scalar_micro_kernel();
  else return false;
  return true;
}

}  // namespace latentlab
