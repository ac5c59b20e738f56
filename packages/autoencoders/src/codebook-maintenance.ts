import { type ParameterMaintenance, type Tensor, tensor } from '@latentlab/tensor';
import { CodeUsageTracker, restartDeadCodes } from './dead-code-restart.js';
import { kMeans } from './kmeans.js';
import { codebookUsage } from './vector-quantize.js';
import { CODEBOOK_PARAMETER } from './vqvae.js';

/** How a VQ codebook is kept: updated by its loss or by EMA, dead codes restarted, optionally k-means started. */
export interface CodebookMaintenanceOptions {
  codebookSize: number;
  codeDim: number;
  /**
   * 'loss': the codebook loss moves the codes (nothing to do here but restarts); 'ema': each code becomes
   * the moving average of the encoder outputs assigned to it (van den Oord et al. 2017, appendix A.1) —
   * train without the codebook loss then.
   */
  update: 'loss' | 'ema';
  /** Decay of the EMA update (0.99). */
  emaDecay?: number;
  /** Restart codes that fell out of use at encoder outputs of the batch (default true). */
  restartDeadCodes?: boolean;
  /** Decay of the moving average of uses per step (0.95) and the average below which a code is dead (0.01). */
  usageDecay?: number;
  deadThreshold?: number;
  /** Set the codebook to k-means centres of the first batch's encoder outputs (default false). */
  kMeansInit?: boolean;
  /** The codebook parameter and the kept outputs (token indices, looked-up vectors (N, d)). */
  parameter?: string;
  tokensName?: string;
  vectorsName?: string;
}

/** Laplace smoothing of the EMA cluster sizes, so a code with no assignments never divides by zero. */
const SMOOTHING = 1e-5;

/**
 * The `ParameterMaintenance` of a VQ codebook (give it to `fit`): k-means initialisation, EMA updates and
 * dead-code restarts, with the batch's codebook usage and perplexity as metrics (`codebookUsage`,
 * `codebookPerplexity`, `restartedCodes`). Needs the objective to keep the token indices and the vectors
 * that were looked up.
 */
export function codebookMaintenance(options: CodebookMaintenanceOptions): ParameterMaintenance {
  const { codebookSize: K, codeDim: d } = options;
  const parameter = options.parameter ?? CODEBOOK_PARAMETER;
  const tracker = new CodeUsageTracker(K, options.usageDecay ?? 0.95, options.deadThreshold ?? 0.01);
  const emaDecay = options.emaDecay ?? 0.99;
  let clusterSize = new Float32Array(K).fill(1);
  let embeddingSum: Float32Array | undefined; // (K, d), from the codebook at the first EMA step

  const kept = (context: { kept: Readonly<Record<string, Tensor>> }, name: string) => {
    const value = context.kept[name];
    if (!value) throw new RangeError(`codebook maintenance: the objective kept no '${name}'`);
    return value;
  };

  return {
    name: 'codebook',
    afterStep(context) {
      const indices = kept(context, options.tokensName ?? 'tokens').data as Int32Array;
      const vectors = kept(context, options.vectorsName ?? 'vectors').data as Float32Array;
      let codebook = context.read(parameter).data as Float32Array;
      let changed = false;
      if (options.kMeansInit && context.step === 1) {
        codebook = kMeans(vectors, d, K, context.rng.split(1));
        changed = true;
      }
      if (options.update === 'ema') {
        if (!embeddingSum) embeddingSum = codebook.slice();
        const counts = new Float64Array(K);
        const sums = new Float64Array(K * d);
        for (let row = 0; row < indices.length; row++) {
          const code = indices[row]!;
          counts[code]! += 1;
          for (let i = 0; i < d; i++) sums[code * d + i]! += vectors[row * d + i]!;
        }
        const total = counts.reduce((sum, count) => sum + count, 0);
        let sizeSum = 0;
        for (let code = 0; code < K; code++) {
          clusterSize[code] = emaDecay * clusterSize[code]! + (1 - emaDecay) * counts[code]!;
          sizeSum += clusterSize[code]!;
          for (let i = 0; i < d; i++) {
            const at = code * d + i;
            embeddingSum[at] = emaDecay * embeddingSum[at]! + (1 - emaDecay) * sums[at]!;
          }
        }
        codebook = new Float32Array(K * d);
        for (let code = 0; code < K; code++) {
          const smoothed = ((clusterSize[code]! + SMOOTHING) / (sizeSum + K * SMOOTHING)) * sizeSum;
          for (let i = 0; i < d; i++) codebook[code * d + i] = embeddingSum[code * d + i]! / smoothed;
        }
        changed = total > 0;
      }
      tracker.update(indices);
      const dead = options.restartDeadCodes === false ? [] : tracker.deadCodes();
      if (dead.length > 0) {
        codebook = restartDeadCodes(codebook, d, dead, vectors, context.rng.split(2));
        tracker.revive(dead);
        for (const code of dead) {
          clusterSize[code] = 1;
          embeddingSum?.set(codebook.subarray(code * d, (code + 1) * d), code * d);
        }
        changed = true;
      }
      if (changed) context.write(parameter, tensor(codebook, [K, d]));
      const usage = codebookUsage(indices, K);
      return {
        codebookUsage: usage.usage,
        codebookPerplexity: usage.perplexity,
        restartedCodes: dead.length,
      };
    },
    state() {
      const state = new Map<string, Tensor>([
        ['usage', tensor(tracker.usage.slice(), [K])],
        ['clusterSize', tensor(clusterSize.slice(), [K])],
      ]);
      if (embeddingSum) state.set('embeddingSum', tensor(embeddingSum.slice(), [K, d]));
      return state;
    },
    load(state) {
      const usage = state.get('usage');
      const sizes = state.get('clusterSize');
      if (!usage || usage.shape[0] !== K || !sizes || sizes.shape[0] !== K) {
        throw new RangeError(`codebook maintenance: the saved state does not describe ${K} codes`);
      }
      tracker.usage.set(usage.data as Float32Array);
      clusterSize = Float32Array.from(sizes.data as Float32Array);
      const sum = state.get('embeddingSum');
      embeddingSum = sum ? Float32Array.from(sum.data as Float32Array) : undefined;
    },
  };
}
