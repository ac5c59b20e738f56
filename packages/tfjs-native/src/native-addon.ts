import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The functions the compiled addon (src/native/addon.cc) exports. */
export interface NativeAddon {
  /** C[i] = op(A[aBatchIndex[i]]) · op(B[bBatchIndex[i]]) for every output batch i, row-major, in place. */
  batchMatMul(
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    batchCount: number,
    m: number,
    n: number,
    k: number,
    transposeA: boolean,
    transposeB: boolean,
    aBatchIndex: Int32Array,
    bBatchIndex: Int32Array,
  ): void;
  /** C = activation(C + bias) with bias (length cols) broadcast over rows; codes in ACTIVATION_CODES. */
  biasActivation(
    c: Float32Array,
    rows: number,
    cols: number,
    bias: Float32Array | null,
    activationCode: number,
    leakyAlpha: number,
  ): void;
  /** output[o, i] = sum / mean / max over r of input[o, r, i]; input (outer, reduceSize, inner). Codes: REDUCTION_CODES. */
  reduceMiddleAxis(
    input: Float32Array,
    output: Float32Array,
    outer: number,
    reduceSize: number,
    inner: number,
    reductionCode: number,
  ): void;
  /** Row-wise, max-subtracted softmax of (rows, cols). */
  softmaxRows(logits: Float32Array, probabilities: Float32Array, rows: number, cols: number): void;
  /** output = f(input) elementwise over count values; codes in UNARY_OPERATION_CODES. */
  unary(input: Float32Array, output: Float32Array, count: number, operationCode: number): void;
  info(): NativeInfo;
  /** 'avx512' | 'avx2' | 'scalar' | 'auto'; false when this CPU cannot run the requested kernel. */
  forceMicroKernel(name: string): boolean;
}

export interface NativeInfo {
  /** The GEMM micro-kernel in use: 'avx512', 'avx2' or 'scalar'. */
  microKernel: string;
  /** Comma-separated kernels this CPU can run, widest first. */
  supportedMicroKernels: string;
  /** Threads in the native pool (the calling thread included). */
  threads: number;
}

/** Where `node-gyp rebuild` puts the addon, relative to this file (src/ or dist/ alike). */
export const DEFAULT_ADDON_PATH = fileURLToPath(
  new URL('../build/Release/latentlab_native.node', import.meta.url),
);

let loadedAddon: NativeAddon | null = null;
let warned = false;

/**
 * Loads the native addon once. Returns whether it is available; when it cannot load, prints one
 * `console.warn` line (once per process) and the backend keeps tfjs's cpu kernels.
 */
export function loadNative(addonPath: string = DEFAULT_ADDON_PATH): boolean {
  if (loadedAddon) return true;
  try {
    loadedAddon = createRequire(import.meta.url)(addonPath) as NativeAddon;
    return true;
  } catch (error) {
    if (!warned) {
      warned = true;
      const reason = String((error as Error | null)?.message ?? error).split('\n')[0];
      console.warn(
        `@latentlab/tfjs-native: native kernels unavailable (${reason}); 'latentlab-native' runs tfjs's cpu kernels. Reinstall with a C++ compiler to build them.`,
      );
    }
    return false;
  }
}

/** The loaded addon, or null when loadNative() has not succeeded. */
export function nativeAddon(): NativeAddon | null {
  return loadedAddon;
}
