import type { DenoiserScalars } from '@latentlab/samplers';
import { rectifiedFlow } from '@latentlab/schedules';
import { describe, expect, it } from 'vitest';
import { classSamples } from './class-samples.js';
import type { Denoising } from './denoising.js';
import type { ClassDenoiser } from './tfjs-denoiser.js';

/** An x₀ model whose prediction is w + d (read from its scalar inputs) everywhere, recording every call. */
function recordingModel(calls: { batch: number; scalars?: DenoiserScalars }[]): ClassDenoiser {
  return async ({ x, shape, scalars }) => {
    calls.push({ batch: shape[0]!, ...(scalars ? { scalars } : {}) });
    return new Float32Array(x.length).fill((scalars?.guidanceScale ?? 0) + (scalars?.stepSize ?? 0));
  };
}

const base: Denoising = { process: rectifiedFlow(), target: 'x0', nullClass: 10 };
const request = { sampleShape: [2], rows: [1, 3], perRow: 2, steps: 4, sampler: 'euler', seed: 1 } as const;

describe('classSamples', () => {
  it('guides a plain model by CFG: conditional and unconditional halves in one call of 2B', async () => {
    const calls: { batch: number; scalars?: DenoiserScalars }[] = [];
    await classSamples({ ...request, model: recordingModel(calls), denoising: base, guidanceScale: 2 });
    expect(calls).toHaveLength(4);
    expect(calls.every((call) => call.batch === 8 && call.scalars === undefined)).toBe(true);
  });

  it('feeds a guidance-distilled student its scale: one call of B a step, no CFG pair', async () => {
    const calls: { batch: number; scalars?: DenoiserScalars }[] = [];
    const { samples } = await classSamples({
      ...request,
      model: recordingModel(calls),
      denoising: { ...base, takesGuidanceScale: true },
      guidanceScale: 2.5,
    });
    expect(calls).toEqual(Array.from({ length: 4 }, () => ({ batch: 4, scalars: { guidanceScale: 2.5 } })));
    // Euler on an x₀ model that always says 2.5 ends exactly at 2.5.
    for (const value of samples) expect(value).toBeCloseTo(2.5, 5);
  });

  it('feeds a shortcut model its step size d = 1/steps on the rectified-flow path', async () => {
    const calls: { batch: number; scalars?: DenoiserScalars }[] = [];
    await classSamples({
      ...request,
      steps: 8,
      model: recordingModel(calls),
      denoising: { ...base, takesStepSize: true },
      guidanceScale: 1,
    });
    expect(calls).toHaveLength(8);
    expect(calls.every((call) => call.scalars?.stepSize === 1 / 8)).toBe(true);
  });

  it('refuses a step-size model on uneven steps, naming the spacing', async () => {
    await expect(
      classSamples({
        ...request,
        model: recordingModel([]),
        denoising: { ...base, takesStepSize: true, spacing: 'karras' },
        guidanceScale: 1,
      }),
    ).rejects.toThrow(/needs evenly spaced steps; its spacing is 'karras'/);
  });
});
