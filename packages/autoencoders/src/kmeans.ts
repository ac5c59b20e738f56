import type { Rng } from '@latentlab/tensor';

/** The nearest of K centres (K, d) to each of the N vectors (N, d), by squared Euclidean distance. */
export function nearestCentres(vectors: Float32Array, centres: Float32Array, dim: number): Int32Array {
  const count = vectors.length / dim;
  const centreCount = centres.length / dim;
  const nearest = new Int32Array(count);
  for (let row = 0; row < count; row++) {
    let best = 0;
    let bestDistance = Infinity;
    for (let centre = 0; centre < centreCount; centre++) {
      let distance = 0;
      for (let i = 0; i < dim; i++) {
        const difference = vectors[row * dim + i]! - centres[centre * dim + i]!;
        distance += difference * difference;
      }
      if (distance < bestDistance) [best, bestDistance] = [centre, distance];
    }
    nearest[row] = best;
  }
  return nearest;
}

/**
 * k-means++ seeding (Arthur & Vassilvitskii 2007): the first centre a random vector, each next one a vector
 * drawn with probability proportional to its squared distance from the nearest centre chosen so far.
 */
function kMeansPlusPlusSeeds(
  vectors: Float32Array,
  dim: number,
  centreCount: number,
  rng: Rng,
): Float32Array {
  const count = vectors.length / dim;
  const centres = new Float32Array(centreCount * dim);
  const draws = rng.uniform(centreCount);
  const nearest = new Float64Array(count).fill(Infinity);
  let chosen = Math.min(count - 1, Math.floor((draws[0] as number) * count));
  for (let centre = 0; centre < centreCount; centre++) {
    centres.set(vectors.subarray(chosen * dim, (chosen + 1) * dim), centre * dim);
    let total = 0;
    for (let row = 0; row < count; row++) {
      let distance = 0;
      for (let i = 0; i < dim; i++) {
        const difference = vectors[row * dim + i]! - centres[centre * dim + i]!;
        distance += difference * difference;
      }
      nearest[row] = Math.min(nearest[row]!, distance);
      total += nearest[row]!;
    }
    if (centre + 1 === centreCount) break;
    // Every vector already a centre (fewer distinct vectors than centres): repeat one at random.
    let target = (draws[centre + 1] as number) * total;
    chosen = Math.min(count - 1, Math.floor((draws[centre + 1] as number) * count));
    if (total > 0) {
      for (let row = 0; row < count; row++) {
        target -= nearest[row]!;
        if (target <= 0 && nearest[row]! > 0) {
          chosen = row;
          break;
        }
      }
    }
  }
  return centres;
}

/**
 * K centres of N vectors (N, d) by Lloyd's algorithm (Lloyd 1982) from k-means++ seeds; a centre left without
 * vectors keeps its place. The initialisation of a VQ codebook from the first batch (as in Łańcucki et al.
 * 2020, "Robust training of vector quantized bottleneck models"). Returns (K, d).
 */
export function kMeans(
  vectors: Float32Array,
  dim: number,
  centreCount: number,
  rng: Rng,
  iterations = 10,
): Float32Array {
  const count = vectors.length / dim;
  if (!Number.isInteger(count) || count === 0) {
    throw new RangeError(`kMeans: ${vectors.length} values are not whole (N, ${dim}) vectors`);
  }
  const centres = kMeansPlusPlusSeeds(vectors, dim, centreCount, rng);
  for (let iteration = 0; iteration < iterations; iteration++) {
    const assignment = nearestCentres(vectors, centres, dim);
    const sums = new Float64Array(centreCount * dim);
    const sizes = new Float64Array(centreCount);
    for (let row = 0; row < count; row++) {
      const centre = assignment[row]!;
      sizes[centre]! += 1;
      for (let i = 0; i < dim; i++) sums[centre * dim + i]! += vectors[row * dim + i]!;
    }
    for (let centre = 0; centre < centreCount; centre++) {
      if (sizes[centre] === 0) continue;
      for (let i = 0; i < dim; i++) centres[centre * dim + i] = sums[centre * dim + i]! / sizes[centre]!;
    }
  }
  return centres;
}
