// The native addon's interface, shared by the Node loader (native-addon.ts) and the browser stand-in.
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
  /**
   * Runs a register-only multiply-add loop with the active micro-kernel's vectors on every pool thread for
   * about `seconds` (≤ 10): the throughput a GEMM's fraction of peak is measured against.
   */
  measureFmaPeak(seconds: number): NativeFmaPeak;
  /** Floating-point operations (2·m·n·k) of every native GEMM since the addon loaded. */
  gemmFlops(): number;
  /** Wall-clock seconds spent in the matmul kernels (batchMatMul) since the addon loaded. */
  gemmSeconds(): number;
  /** 'avx512' | 'avx2' | 'neon' | 'scalar' | 'auto'; false when this CPU cannot run the requested kernel. */
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

export interface NativeFmaPeak {
  /** GFLOP/s of all threads together, 2 flops per multiply-add lane. */
  gflops: number;
  /** The core clock measured while the other threads ran their loops (0 where it cannot be measured). */
  clockGhz: number;
  /** Per core: gflops / threads / clockGhz — 32 for two 8-lane FMA pipes, 64 for two 16-lane ones. */
  flopsPerCycle: number;
  threads: number;
  /** Floats per vector of the micro-kernel measured. */
  lanes: number;
  microKernel: string;
}

export interface NativeInfo {
  /** The GEMM micro-kernel in use: 'avx512', 'avx2', 'neon' or 'scalar'. */
  microKernel: string;
  /** Comma-separated kernels this CPU can run, widest first. */
  supportedMicroKernels: string;
  /** Threads in the native pool (the calling thread included). */
  threads: number;
}
