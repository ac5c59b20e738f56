import { exportOnnx, readModelCard } from '@latentlab/onnx';
import { createNodeRunner } from '@latentlab/onnx/node';
import { type Denoiser, generate, stackLabels } from '@latentlab/samplers';
import { processByName } from '@latentlab/schedules';
import { MODEL_CARD_FORMAT, type ModelCard, type ModelFunction, tensor } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { generateDiffusion } from './diffusion-generation.js';
import { GenerationStopped } from './stopped.js';

// A closed-form "denoiser" on 2×2 images of 2 classes (+ the null class 2): prediction = x · t + offset[y].
const OFFSETS = [0.5, -0.25, 0.1, 0.3, -0.4, 0.2, 0.05, -0.15, 0, 0, 0, 0]; // (3, 4)
const model: ModelFunction = (ops, params, { x, t, y }) =>
  ops.add(
    ops.mul(x!, ops.reshape(t!, [-1, 1, 1, 1])),
    ops.reshape(ops.gather(params.get('offset'), y!), [-1, 1, 2, 2]),
  );

function exported(target: 'velocity' | 'x0'): { bytes: Uint8Array; card: ModelCard } {
  const card: ModelCard = {
    format: MODEL_CARD_FORMAT,
    kind: 'denoiser',
    name: 'closed-form',
    inputs: [
      { name: 'x', role: 'sample', shape: ['batch', 1, 2, 2], dtype: 'float32' },
      { name: 't', role: 'time', shape: ['batch'], dtype: 'float32' },
      { name: 'y', role: 'class', shape: ['batch'], dtype: 'int32' },
    ],
    outputs: [{ name: 'prediction', role: 'prediction', shape: ['batch', 1, 2, 2], dtype: 'float32' }],
    denoiser: {
      process: 'rf',
      target,
      classes: 2,
      nullClass: 2,
      sampleShape: [1, 2, 2],
      dataScaling: { scale: 2, shift: -1, description: 'pixels in [−1, 1]' },
      sampling: { spacing: 'linspace' },
    },
    parameters: 12,
    training: { recipe: 'test', dataset: 'none', steps: 0, batchSize: 1, seed: 0, seconds: 0, settings: {} },
    software: { package: '@latentlab/generate', version: '0.0.0', commit: null },
    metrics: [{ fid: null, note: 'closed form' }],
    classLabels: ['a', 'b'],
  };
  const bytes = exportOnnx(
    model,
    new Map([['offset', tensor(Float32Array.from(OFFSETS), [3, 4])]]),
    {
      x: { shape: ['batch', 1, 2, 2], dtype: 'float32' },
      t: { shape: ['batch'], dtype: 'float32' },
      y: { shape: ['batch'], dtype: 'int32' },
    },
    { outputNames: ['prediction'], card },
  );
  return { bytes, card: readModelCard(bytes, 'closed-form.onnx') };
}

/** The same function in float64 JS, as a sampler's Denoiser over stacked (x, t, labels). */
const reference: Denoiser<Int32Array> = async ({ x, t, condition }) => {
  const size = 4;
  return x.map((value, index) => {
    const row = Math.floor(index / size);
    return value * t + OFFSETS[condition[row]! * size + (index % size)]!;
  });
};

describe('generateDiffusion', () => {
  it.each(['velocity', 'x0'] as const)(
    'samples an exported %s denoiser by its card as @latentlab/samplers does with the same function',
    async (target) => {
      const { bytes, card } = exported(target);
      const runner = await createNodeRunner(bytes);
      try {
        const labels = Int32Array.from([0, 1, 1]);
        const images = await generateDiffusion(
          { denoiser: runner, card },
          { labels, seed: 3, steps: 6, sampler: 'dpmpp_2m', guidanceScale: 1.5 },
        );
        // The card's process, target, spacing and null class; CFG pairs each label with the null class.
        const expected = await generate({
          process: processByName('rf'),
          model: reference,
          target,
          condition: labels,
          shape: [3, 1, 2, 2],
          steps: 6,
          spacing: 'linspace',
          sampler: 'dpmpp_2m',
          seed: 3,
          guidance: {
            scale: 1.5,
            unconditional: new Int32Array(3).fill(2),
            stack: stackLabels,
          },
        });
        expect([images.height, images.width]).toEqual([2, 2]);
        expect(images.count.evaluations).toBe(6); // one batched (cond + uncond) call per step
        let largest = 0;
        for (const [index, value] of expected.entries()) {
          const pixel = Math.min(1, Math.max(0, (value + 1) / 2)); // the card's data scaling, clipped
          largest = Math.max(largest, Math.abs(images.pixels[index]! - pixel));
        }
        expect(largest).toBeLessThan(1e-5);
      } finally {
        await runner.release();
      }
    },
  );

  it('stops when its signal is aborted, and refuses a card without a null class', async () => {
    const { bytes, card } = exported('velocity');
    const runner = await createNodeRunner(bytes);
    try {
      const stop = new AbortController();
      const request = {
        labels: Int32Array.from([0]),
        seed: 1,
        steps: 4,
        sampler: 'euler' as const,
        guidanceScale: 2,
      };
      const stopped = generateDiffusion(
        { denoiser: runner, card },
        { ...request, signal: stop.signal, onPreview: () => stop.abort() },
      );
      // The sampler gives up at its next step (an AbortError), or the engine after the last (GenerationStopped).
      await expect(stopped).rejects.toSatisfy(
        (error: Error) => error instanceof GenerationStopped || error.name === 'AbortError',
      );
      const unguided = { ...card, denoiser: { ...card.denoiser!, nullClass: null } };
      await expect(generateDiffusion({ denoiser: runner, card: unguided }, request)).rejects.toThrow(
        /no null class for guidance/,
      );
    } finally {
      await runner.release();
    }
  });
});
