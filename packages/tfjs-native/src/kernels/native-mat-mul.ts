import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { broadcastBatches } from '../batch-broadcast.js';
import { nativeAddon } from '../native-addon.js';
import { outputArray, unmarkedValues } from '../output-buffers.js';

export interface NativeMatMulResult {
  /** (...batch, M, N), row-major. */
  values: Float32Array;
  shape: number[];
  rows: number; // batch · M
  cols: number; // N
}

/** The float32 values the cpu backend holds for a tensor, or null when they are not a Float32Array. */
export function float32Values(backend: MathBackendCPU, tensor: TensorInfo): Float32Array | null {
  if (tensor.dtype !== 'float32') return null;
  // Native kernels neither keep nor hand out their inputs' arrays: this read does not stop their reuse.
  const values = unmarkedValues(backend, tensor.dataId);
  return values instanceof Float32Array ? values : null;
}

/** The float32 values of a kernel input; throws an error naming the kernel and the input otherwise. */
export function requireFloat32Values(
  backend: MathBackendCPU,
  tensor: TensorInfo | undefined,
  kernel: string,
  input: string,
): Float32Array {
  const values = tensor ? float32Values(backend, tensor) : null;
  if (!values) throw new Error(`${kernel}: input '${input}' must be a float32 tensor`);
  return values;
}

/**
 * op(A) · op(B) over broadcast batch dimensions with the native GEMM: A is (...batchA, M, K) or
 * (...batchA, K, M) when transposeA; B is (...batchB, K, N) or (...batchB, N, K) when transposeB.
 * Returns null for anything it does not handle (non-float32, rank < 2, mismatched shapes, no addon), so the
 * caller can hand the call to the cpu kernel, which also produces tfjs's own error messages.
 */
export function nativeMatMul(
  backend: MathBackendCPU,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): NativeMatMulResult | null {
  const addon = nativeAddon();
  if (!addon || a.shape.length < 2 || b.shape.length < 2) return null;
  const aValues = float32Values(backend, a);
  const bValues = float32Values(backend, b);
  if (!aValues || !bValues) return null;
  const aRank = a.shape.length;
  const bRank = b.shape.length;
  const m = transposeA ? a.shape[aRank - 1]! : a.shape[aRank - 2]!;
  const k = transposeA ? a.shape[aRank - 2]! : a.shape[aRank - 1]!;
  const bK = transposeB ? b.shape[bRank - 1]! : b.shape[bRank - 2]!;
  const n = transposeB ? b.shape[bRank - 2]! : b.shape[bRank - 1]!;
  if (k !== bK) return null;
  const batches = broadcastBatches(a.shape.slice(0, -2), b.shape.slice(0, -2));
  if (!batches) return null;
  const batchCount = batches.aBatchIndex.length;
  const values = outputArray(backend, batchCount * m * n);
  addon.batchMatMul(
    aValues,
    bValues,
    values,
    batchCount,
    m,
    n,
    k,
    transposeA,
    transposeB,
    batches.aBatchIndex,
    batches.bBatchIndex,
  );
  return { values, shape: [...batches.outerShape, m, n], rows: batchCount * m, cols: n };
}
