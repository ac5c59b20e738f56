import { rectifiedFlow } from '@latentlab/schedules';
import {
  createRng,
  type ModelFunction,
  type Ops,
  type Params,
  paramsFromMap,
  tensor,
} from '@latentlab/tensor';
import { runModel, type tf, tfjsOps } from '@latentlab/tfjs';
import { uniformTrainingTimes } from '@latentlab/train';
import { describe, expect, it } from 'vitest';
import { pairExamples, reflowObjective } from './reflow.js';

const SCALE = 0.6;
const SHIFT = [1, -2] as const;

/**
 * The exact x₀ of a deterministic affine coupling sample = A·z + b on rectified flow:
 * x_t = (1 − t)·(A·z + b) + t·z, so z = (x_t − (1 − t)·b)/((1 − t)·A + t) and x₀ = A·z + b; plus `offset`.
 */
function couplingModel(offset: number): ModelFunction {
  return <T>(ops: Ops<T>, _params: Params<T>, inputs: Readonly<Record<string, T>>) => {
    const t = ops.reshape(inputs['t']!, [-1, 1]); // (B, 1)
    const keep = ops.sub(ops.scalar(1), t);
    const shift = ops.constant(tensor(Float32Array.from(SHIFT), [1, 2]));
    const z = ops.div(
      ops.sub(inputs['x']!, ops.mul(keep, shift)),
      ops.add(ops.mul(keep, ops.scalar(SCALE)), t),
    ); // (B, 2)
    return ops.add(ops.add(ops.mul(z, ops.scalar(SCALE)), shift), ops.scalar(offset)); // (B, 2)
  };
}

function reflowLoss(offset: number): number {
  const count = 64;
  const noise = createRng(2).normal(2 * count);
  const samples = noise.map((z, k) => SCALE * z + SHIFT[k % 2]!);
  const pairs = tensor(pairExamples(noise, samples, count), [count, 2, 2]);
  const objective = reflowObjective({
    process: rectifiedFlow(),
    target: 'x0',
    times: uniformTrainingTimes(),
  });
  const result = objective.loss<tf.Tensor>(
    {
      ops: tfjsOps,
      forward: (inputs) => runModel(couplingModel(offset), paramsFromMap(new Map()), inputs),
      rng: createRng(5),
      step: 1,
    },
    { pairs },
  );
  return result.loss.dataSync()[0] as number;
}

describe('reflow (Liu et al. 2022) on a coupling whose straight interpolation is known', () => {
  it('the exact predictor of the straight paths has zero loss; an offset c costs exactly c²', () => {
    expect(reflowLoss(0)).toBeLessThan(1e-10);
    expect(reflowLoss(0.1)).toBeCloseTo(0.01, 6);
  });

  it('pairs noise first, sample second, row by row; a size mismatch is refused', () => {
    const pairs = pairExamples(Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6, 7, 8), 2);
    expect(Array.from(pairs)).toEqual([1, 2, 5, 6, 3, 4, 7, 8]);
    expect(() => pairExamples(Float32Array.of(1, 2), Float32Array.of(1), 1)).toThrow(
      /2 noise and 1 sample values/,
    );
  });
});
