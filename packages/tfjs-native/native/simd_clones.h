// Loops of independent per-element arithmetic compiled three times — AVX-512, AVX2 and the baseline — with
// the CPU picking one when the addon loads (GCC/Clang function multiversioning through an ifunc resolver).
// Each element still goes through the same IEEE operations in the same order (the addon is compiled with
// -ffp-contract=off, so no clone fuses a multiply-add), so every clone gives bit-identical results; only
// the vector width differs. Elsewhere (no ifunc: macOS, Windows; other architectures) the baseline alone.
#pragma once

#if defined(__x86_64__) && defined(__linux__) && (defined(__GNUC__) || defined(__clang__))
#define LATENTLAB_SIMD_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define LATENTLAB_SIMD_CLONES
#endif
