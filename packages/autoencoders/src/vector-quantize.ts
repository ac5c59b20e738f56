import { initializers, type Ops, type Params } from '@latentlab/tensor';

/** A VQ codebook (van den Oord et al. 2017): K codes of dimension d, looked up by the nearest code. */
export interface VectorQuantizerOptions {
  codebookSize: number;
  codeDim: number;
  /** Commitment weight β of ‖sg(q) − z‖² (0.25, as the paper and LlamaGen). */
  beta?: number;
  /**
   * Look up by cosine similarity: l2-normalise z and the codes first (LlamaGen's default, with low-dimensional
   * codes: it keeps codes in use at small scale). Default true.
   */
  l2Normalize?: boolean;
  /** Parameter name of the (K, d) codebook ('quantize.embedding.weight'). */
  name?: string;
}

/** The quantizer's outputs for z (N, d). */
export interface VectorQuantized<T> {
  /** (N, d): the nearest codes, with gradients passed straight through to z. */
  quantized: T;
  /** (N) int32 token indices. */
  indices: T;
  /** (): mean ‖q − sg(z)‖² — moves the codes towards the encoder outputs (leave out with EMA updates). */
  codebookLoss: T;
  /** (): β·mean ‖sg(q) − z‖² — keeps the encoder close to its codes. */
  commitmentLoss: T;
  /** (N, d): the vectors looked up — z, l2-normalised with `l2Normalize` (what EMA updates and restarts use). */
  lookupVectors: T;
}

const L2_EPSILON = 1e-12;

/** x / ‖x‖ along the last axis (x (N, d)). */
export function l2Normalized<T>(ops: Ops<T>, x: T): T {
  const norm = ops.sqrt(ops.add(ops.sum(ops.square(x), -1, true), ops.scalar(L2_EPSILON))); // (N, 1)
  return ops.div(x, norm);
}

/**
 * Vector quantization of encoder outputs z (N, d): the index of the nearest code (squared distance
 * ‖z‖² − 2 z·e + ‖e‖², on l2-normalised vectors when `l2Normalize`), the code itself with a straight-through
 * gradient z + sg(q − z) (van den Oord et al. 2017, §3.2), and the codebook and commitment losses. Declares
 * the codebook (K, d), initialised N(0, 1).
 */
export function vectorQuantize<T>(
  ops: Ops<T>,
  params: Params<T>,
  z: T,
  options: VectorQuantizerOptions,
): VectorQuantized<T> {
  const { codebookSize, codeDim } = options;
  const shape = ops.shape(z);
  if (shape.length !== 2 || shape[1] !== codeDim) {
    throw new RangeError(`vectorQuantize: z is [${shape.join(', ')}], expected (N, ${codeDim})`);
  }
  const normalize = options.l2Normalize ?? true;
  const vectors = normalize ? l2Normalized(ops, z) : z; // (N, d)
  const codes = lookupCodes(ops, params, options); // (K, d)
  const distances = ops.add(
    ops.sub(
      ops.sum(ops.square(vectors), -1, true),
      ops.mul(ops.scalar(2), ops.matmul(vectors, codes, { transposeB: true })),
    ),
    ops.reshape(ops.sum(ops.square(codes), -1), [1, codebookSize]),
  ); // (N, K)
  const indices = ops.argmin(ops.stopGradient(distances), 1); // (N) int32
  const chosen = ops.gather(codes, indices, 0); // (N, d)
  const quantized = ops.add(vectors, ops.stopGradient(ops.sub(chosen, vectors))); // (N, d), straight-through
  const codebookLoss = ops.mean(ops.square(ops.sub(chosen, ops.stopGradient(vectors))));
  const commitment = ops.mean(ops.square(ops.sub(ops.stopGradient(chosen), vectors)));
  return {
    quantized,
    indices,
    codebookLoss,
    commitmentLoss: ops.mul(ops.scalar(options.beta ?? 0.25), commitment),
    lookupVectors: vectors,
  };
}

/**
 * The codes as the lookup sees them (K, d): the declared codebook `options.name`
 * ('quantize.embedding.weight', initialised N(0, 1)), l2-normalised with `l2Normalize` (default true).
 */
export function lookupCodes<T>(
  ops: Ops<T>,
  params: Params<T>,
  options: Pick<VectorQuantizerOptions, 'codebookSize' | 'codeDim' | 'l2Normalize' | 'name'>,
): T {
  const codebook = params.declare(
    options.name ?? 'quantize.embedding.weight',
    [options.codebookSize, options.codeDim],
    initializers.normal(1),
  ); // (K, d)
  return (options.l2Normalize ?? true) ? l2Normalized(ops, codebook) : codebook;
}

/** How much of a codebook a set of token indices uses: the fraction of codes seen, and the perplexity exp(H). */
export function codebookUsage(
  indices: ArrayLike<number>,
  codebookSize: number,
): { usage: number; perplexity: number } {
  const counts = new Float64Array(codebookSize);
  for (let index = 0; index < indices.length; index++) counts[indices[index]!]! += 1;
  let used = 0;
  let entropy = 0;
  for (const count of counts) {
    if (count === 0) continue;
    used += 1;
    const p = count / indices.length;
    entropy -= p * Math.log(p);
  }
  return { usage: used / codebookSize, perplexity: Math.exp(entropy) };
}
