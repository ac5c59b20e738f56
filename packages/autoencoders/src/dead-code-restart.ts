import type { Rng } from '@latentlab/tensor';

/**
 * Keeps a VQ codebook alive: an exponential moving average of how often each code is chosen, and the codes
 * whose average falls below a threshold ("dead": no encoder output is near them, so no loss moves them).
 * Such codes are restarted at encoder outputs of the current batch (codebook expiry: Dhariwal et al. 2020,
 * Jukebox §2.3; Zeghidour et al. 2021, SoundStream §3.2).
 */
export class CodeUsageTracker {
  /** Average uses per step of each code (float32, as checkpoints store it, so a resumed run decides alike). */
  readonly usage: Float32Array;

  constructor(
    readonly codebookSize: number,
    /** Decay of the moving average (0.99: about the last 100 steps). */
    readonly decay = 0.99,
    /** A code used on average fewer times than this per step is dead. */
    readonly threshold = 1e-3,
  ) {
    // Start as if every code were in use, so nothing is restarted before the average has seen some steps.
    this.usage = new Float32Array(codebookSize).fill(1);
  }

  /** Records one step's token indices. */
  update(indices: ArrayLike<number>): void {
    const counts = new Float64Array(this.codebookSize);
    for (let i = 0; i < indices.length; i++) counts[indices[i]!]! += 1;
    for (let code = 0; code < this.codebookSize; code++) {
      this.usage[code] = this.decay * this.usage[code]! + (1 - this.decay) * counts[code]!;
    }
  }

  /** The codes whose average use is below the threshold. */
  deadCodes(): number[] {
    return [...this.usage.keys()].filter((code) => this.usage[code]! < this.threshold);
  }

  /** Marks restarted codes as in use again. */
  revive(codes: readonly number[]): void {
    for (const code of codes) this.usage[code] = 1;
  }
}

/**
 * A copy of `codebook` (K, d) with each code in `dead` replaced by an encoder output of the batch `vectors`
 * (N, d), drawn without replacement where N allows (with replacement otherwise).
 */
export function restartDeadCodes(
  codebook: Float32Array,
  codeDim: number,
  dead: readonly number[],
  vectors: Float32Array,
  rng: Rng,
): Float32Array {
  const restarted = codebook.slice();
  const count = vectors.length / codeDim;
  if (!Number.isInteger(count) || count === 0) {
    throw new RangeError(`restartDeadCodes: ${vectors.length} values are not whole (N, ${codeDim}) vectors`);
  }
  const order = Array.from({ length: count }, (_, row) => row);
  const draws = rng.uniform(count);
  order.sort((a, b) => (draws[a] as number) - (draws[b] as number)); // a seeded shuffle
  dead.forEach((code, index) => {
    const row = order[index % count]!;
    restarted.set(vectors.subarray(row * codeDim, (row + 1) * codeDim), code * codeDim);
  });
  return restarted;
}
