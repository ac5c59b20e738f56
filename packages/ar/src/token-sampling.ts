import type { Rng } from '@latentlab/tensor';

/** How one token is drawn from its logits. */
export interface TokenSamplingOptions {
  /** Logits are divided by it; 0 picks the most likely token (greedy). Default 1. */
  temperature?: number;
  /** Keep only the k most likely tokens (0 or absent: all). */
  topK?: number;
  /** Keep the smallest set of most likely tokens whose probability reaches p (nucleus sampling; 1: all). */
  topP?: number;
}

/**
 * Classifier-free guidance on logits (as LlamaGen): uncond + w·(cond − uncond), per token value. w = 1 is
 * the conditional model, w = 0 the unconditional one. Returns a new array.
 */
export function guidedLogits(
  conditional: Float32Array,
  unconditional: Float32Array,
  scale: number,
): Float32Array {
  return conditional.map((value, i) => unconditional[i]! + scale * (value - unconditional[i]!));
}

/**
 * One token from `logits` (V) with temperature, top-k and top-p (Holtzman et al. 2020), given one uniform
 * draw u ∈ [0, 1): the inverse CDF of the kept, renormalised probabilities, in descending-probability order
 * (ties by lower index), so the same u gives the same token on any platform.
 */
export function sampleToken(
  logits: Float32Array,
  uniform: number,
  options: TokenSamplingOptions = {},
): number {
  const temperature = options.temperature ?? 1;
  const size = logits.length;
  if (!(temperature >= 0)) throw new RangeError(`sampleToken: temperature ${temperature} must be ≥ 0`);
  const order = Array.from({ length: size }, (_, index) => index).sort(
    (a, b) => logits[b]! - logits[a]! || a - b,
  );
  if (temperature === 0) return order[0]!;
  const topK = options.topK && options.topK > 0 ? Math.min(options.topK, size) : size;
  const largest = logits[order[0]!]!;
  const weights = new Float64Array(topK);
  let total = 0;
  for (let rank = 0; rank < topK; rank++) {
    weights[rank] = Math.exp((logits[order[rank]!]! - largest) / temperature);
    total += weights[rank]!;
  }
  const topP = options.topP ?? 1;
  if (!(topP > 0 && topP <= 1)) throw new RangeError(`sampleToken: topP ${topP} must be in (0, 1]`);
  let kept = topK;
  if (topP < 1) {
    let cumulative = 0;
    for (let rank = 0; rank < topK; rank++) {
      cumulative += weights[rank]! / total;
      if (cumulative >= topP) {
        kept = rank + 1;
        break;
      }
    }
  }
  let keptTotal = 0;
  for (let rank = 0; rank < kept; rank++) keptTotal += weights[rank]!;
  let target = uniform * keptTotal;
  for (let rank = 0; rank < kept; rank++) {
    target -= weights[rank]!;
    if (target < 0) return order[rank]!;
  }
  return order[kept - 1]!;
}

/** Draws a uniform per (image, position) from `rng`, in raster order, so a seed fixes every choice. */
export function positionUniforms(rng: Rng, images: number, positions: number): Float32Array {
  return rng.uniform(images * positions);
}
