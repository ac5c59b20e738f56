// A batch of GEMMs over whole tensors: output batch i multiplies A's batch a_batch_index[i] by B's
// batch b_batch_index[i] (broadcasting is resolved into these indices by the caller).
#pragma once
#include <cstddef>
#include <cstdint>

namespace latentlab {

struct BatchedGemm {
  const float* a;  // a_batches x (M x K, or K x M when transpose_a)
  const float* b;  // b_batches x (K x N, or N x K when transpose_b)
  float* c;        // batch_count x M x N
  std::size_t batch_count;
  std::size_t m;
  std::size_t n;
  std::size_t k;
  bool transpose_a;
  bool transpose_b;
  const std::int32_t* a_batch_index;
  const std::int32_t* b_batch_index;
};

void batched_sgemm(const BatchedGemm& gemm);

}  // namespace latentlab
