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
  /** out = a ⊙ b over outShape; strides are element strides of a and b over outShape (0 = broadcast). */
  binaryElementwise(
    operationCode: number,
    a: Float32Array,
    aStrides: Int32Array,
    b: Float32Array,
    bStrides: Int32Array,
    out: Float32Array,
    outShape: Int32Array,
  ): void;
  /** dst[dstOffset + Σ i·dstStrides] = src[srcOffset + Σ i·srcStrides] for every index i of shape. */
  stridedCopy(
    src: Float32Array,
    srcOffset: number,
    srcStrides: Int32Array,
    dst: Float32Array,
    dstOffset: number,
    dstStrides: Int32Array,
    shape: Int32Array,
  ): void;
  /** y = conv2d(x, w), NHWC; y is overwritten (see native/conv2d.h). */
  conv2d(x: Float32Array, w: Float32Array, y: Float32Array, geometry: NativeConv2DGeometry): void;
  /** dw = im2col(x)^T · dy, overwritten. */
  conv2dBackpropFilter(
    x: Float32Array,
    dy: Float32Array,
    dw: Float32Array,
    geometry: NativeConv2DGeometry,
  ): void;
  /** dx = col2im(dy · w^T), overwritten. */
  conv2dBackpropInput(
    dy: Float32Array,
    w: Float32Array,
    dx: Float32Array,
    geometry: NativeConv2DGeometry,
  ): void;
  /** y = gelu(x), tanh approximation; y as long as x. */
  geluTanh(x: Float32Array, y: Float32Array): void;
  /** dx = dy · gelu'(x), tanh approximation. */
  geluTanhGradient(x: Float32Array, dy: Float32Array, dx: Float32Array): void;
  /** Layer norm over rows of length cols, no affine; writes y, and mean and 1/std per row. */
  layerNorm(
    x: Float32Array,
    y: Float32Array,
    mean: Float32Array,
    inverseStd: Float32Array,
    rows: number,
    cols: number,
    epsilon: number,
  ): void;
  /** dx of the layer norm above from the saved mean and 1/std. */
  layerNormGradient(
    x: Float32Array,
    mean: Float32Array,
    inverseStd: Float32Array,
    dy: Float32Array,
    dx: Float32Array,
    rows: number,
    cols: number,
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
  /**
   * One AdamW step for one parameter tensor (native/adamw_update.h); coefficients = [β₁, 1−β₁, β₂, 1−β₂,
   * 1−β₁ᵗ, 1−β₂ᵗ, ε, weight decay, learning rate]. Writes the three new arrays, all as long as parameter.
   */
  adamWUpdate(
    parameter: Float32Array,
    gradient: Float32Array,
    firstMoment: Float32Array,
    secondMoment: Float32Array,
    newParameter: Float32Array,
    newFirstMoment: Float32Array,
    newSecondMoment: Float32Array,
    coefficients: Float32Array,
  ): void;
  /** newAverage = decay · average + oneMinusDecay · parameter, each rounded to float32 first. */
  emaUpdate(
    average: Float32Array,
    parameter: Float32Array,
    newAverage: Float32Array,
    decay: number,
    oneMinusDecay: number,
  ): void;
  /** out[s, :] = Σ x[i, :] over rows i with segmentIds[i] = s; x (rows, inner), out (segments, inner). */
  unsortedSegmentSum(
    x: Float32Array,
    segmentIds: Int32Array,
    out: Float32Array,
    rows: number,
    inner: number,
    segments: number,
  ): void;
  info(): NativeInfo;
  /** 'avx512' | 'avx2' | 'scalar' | 'auto'; false when this CPU cannot run the requested kernel. */
  forceMicroKernel(name: string): boolean;
}

/** An NHWC convolution's shape in non-negative integers (native/conv2d_geometry.h). */
export interface NativeConv2DGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padTop: number;
  padLeft: number;
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

/** The binary the packed tarball carries for this platform (scripts/prebuild.cjs writes it at pack time). */
export const PREBUILT_ADDON_PATH = fileURLToPath(
  new URL(`../prebuilds/${process.platform}-${process.arch}/latentlab_native.node`, import.meta.url),
);

let loadedAddon: NativeAddon | null = null;
let loadedAddonPath: string | null = null;
let warned = false;

/**
 * Loads the native addon once: from `addonPath` when given, otherwise a source build (build/Release, made
 * at install where no prebuilt binary fits, or by a developer) and then the prebuilt binary for this
 * platform (the environment variable LATENTLAB_NATIVE_ADDON replaces both). Returns whether it is available; when none loads it prints one `console.warn` line (once per
 * process) and the backend keeps tfjs's cpu kernels.
 */
export function loadNative(addonPath?: string): boolean {
  if (loadedAddon) return true;
  // LATENTLAB_NATIVE_ADDON names another build (or, set to a missing file, turns the native kernels off).
  const override = process.env['LATENTLAB_NATIVE_ADDON'];
  const candidates = addonPath
    ? [addonPath]
    : override
      ? [override]
      : [DEFAULT_ADDON_PATH, PREBUILT_ADDON_PATH];
  const reasons: string[] = [];
  const require = createRequire(import.meta.url);
  for (const candidate of candidates) {
    try {
      loadedAddon = require(candidate) as NativeAddon;
      loadedAddonPath = candidate;
      return true;
    } catch (error) {
      reasons.push(String((error as Error | null)?.message ?? error).split('\n')[0]!);
    }
  }
  if (!warned) {
    warned = true;
    console.warn(
      `@latentlab/tfjs-native: native kernels unavailable (${reasons.join('; ')}); 'latentlab-native' runs tfjs's cpu kernels. Reinstall with a C++ compiler to build them.`,
    );
  }
  return false;
}

/** The file the addon was loaded from, or null when it has not loaded. */
export function nativeAddonPath(): string | null {
  return loadedAddonPath;
}

/** The loaded addon, or null when loadNative() has not succeeded. */
export function nativeAddon(): NativeAddon | null {
  return loadedAddon;
}
