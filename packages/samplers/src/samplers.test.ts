import { processByName, vpDiscrete } from '@latentlab/schedules';
import { createRng } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { ddim } from './ddim.js';
import { euler } from './euler.js';
import { eulerAncestral } from './euler-ancestral.js';
import { generate } from './generate.js';
import { initialNoise, samplingLevels } from './levels.js';
import { SAMPLERS } from './registry.js';
import type { Denoiser, SamplerProgress } from './types.js';
import { exactDenoiser } from './validation/exact-denoiser.js';
import { GAUSSIAN } from './validation/problems.js';

const samples = 64;
const shape = [samples, 2];

function setup(processName: string, steps = 12) {
  const process =
    processName === 'vp-linear-discrete' ? vpDiscrete({ schedule: 'linear' }) : processByName(processName);
  const levels = samplingLevels(process, { steps, spacing: processName === 'edm' ? 'karras' : 'linspace' });
  const rng = createRng(3);
  const x = initialNoise(levels[0]!, samples * 2, (n) => rng.normal(n));
  // ε-prediction does not determine x₀ at zero SNR (rectified flow's t = 1): predict the velocity there.
  const target = processName === 'rf' ? ('velocity' as const) : ('epsilon' as const);
  const model = exactDenoiser(process, target, () => GAUSSIAN);
  return { process, levels, x, model, target, condition: new Int32Array(samples), shape };
}

describe('samplers', () => {
  it.each(['rf', 'vp-linear', 'edm'])(
    'DDIM(η) and Euler-ancestral(η) agree (%s): two derivations, one method',
    async (name) => {
      for (const eta of [0.5, 1]) {
        const options = setup(name);
        const a = await ddim({ ...options, eta, rng: createRng(9) });
        const b = await eulerAncestral({ ...options, eta, rng: createRng(9) });
        let worst = 0;
        for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k]! - b[k]!));
        expect(worst).toBeLessThan(1e-5);
      }
    },
  );

  it('deterministic DDIM (η = 0) is the Euler step', async () => {
    const options = setup('vp-linear');
    expect(await ddim(options)).toEqual(await euler(options));
  });

  it.each(Object.keys(SAMPLERS))('%s reports every step with t, x and the x̂₀ estimate', async (name) => {
    const options = setup('rf', 6);
    const seen: SamplerProgress[] = [];
    await SAMPLERS[name as keyof typeof SAMPLERS]({
      ...options,
      rng: createRng(1),
      onStep: (p) => seen.push(p),
    });
    expect(seen.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seen.map((p) => p.t)).toEqual(options.levels.slice(1).map((level) => level.t));
    expect(seen.every((p) => p.x.length === samples * 2 && p.x0.length === samples * 2)).toBe(true);
  });

  it('clipDenoised clamps every x̂₀ (diffusers clip_sample) and keeps ε̂: an Euler step by hand', async () => {
    const {
      process,
      levels: allLevels,
      x,
      model,
      target,
      condition,
      shape: sampleShape,
    } = setup('vp-linear', 3);
    const levels = allLevels.slice(0, 2); // one step
    const overshooting: Denoiser<Int32Array> = async (input) =>
      (await model(input)).map((value) => 40 * value);
    const seen: SamplerProgress[] = [];
    const options = { process, levels, x, target, condition, shape: sampleShape, model: overshooting };
    const clipped = await euler({ ...options, clipDenoised: [-1, 1], onStep: (p) => seen.push(p) });
    const [current, next] = levels as [(typeof levels)[0], (typeof levels)[0]];
    const epsilon = (await overshooting({ x, shape: sampleShape, t: current.t, condition })).map(Number);
    for (let k = 0; k < x.length; k++) {
      const x0 = Math.min(1, Math.max(-1, (x[k]! - current.sigma * epsilon[k]!) / current.alpha));
      expect(seen[0]!.x0[k]).toBeCloseTo(x0, 5);
      expect(clipped[k]).toBeCloseTo(next.alpha * x0 + next.sigma * epsilon[k]!, 4);
    }
    expect(Math.max(...seen[0]!.x0.map(Math.abs))).toBe(1); // something was clamped
    await expect(euler({ ...options, clipDenoised: [1, -1] })).rejects.toThrow('euler: clipDenoised [1, -1]');
  });

  it('stops at an aborted signal with an AbortError, calling the model no more', async () => {
    const options = setup('rf', 20);
    const controller = new AbortController();
    let calls = 0;
    const counting: Denoiser<Int32Array> = async (input) => {
      calls += 1;
      return options.model(input);
    };
    const run = euler({
      ...options,
      model: counting,
      signal: controller.signal,
      onStep: (p) => p.step === 3 && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toBe(3);
  });

  it('says so when the model returns the wrong number of values', async () => {
    const options = setup('rf', 4);
    const broken: Denoiser<Int32Array> = async ({ x }) => x.subarray(1);
    await expect(euler({ ...options, model: broken })).rejects.toThrow(/returned 127 values for 128 inputs/);
  });

  it('generate: the same seed gives the same samples, another seed others', async () => {
    const process = processByName('rf');
    const model = exactDenoiser(process, 'velocity', () => GAUSSIAN);
    const run = (seed: number) =>
      generate({
        process,
        model,
        target: 'velocity',
        condition: new Int32Array(8),
        shape: [8, 2],
        steps: 8,
        seed,
        sampler: 'euler_ancestral',
      });
    expect(await run(1)).toEqual(await run(1));
    expect(await run(1)).not.toEqual(await run(2));
  });
});
