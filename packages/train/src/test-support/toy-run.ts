import { appendFileSync } from 'node:fs';
import { gaussianMixture2d } from '@latentlab/data';
import { rectifiedFlow } from '@latentlab/schedules';
import { createRng } from '@latentlab/tensor';
import { useBackend } from '@latentlab/tfjs';
import { labeledBatches } from '../batches/labeled-batches.js';
import { loadCheckpoint } from '../checkpoint/checkpoint.js';
import { fit } from '../fit.js';
import { diffusionObjective } from '../objectives/diffusion.js';
import { logitNormalTrainingTimes } from '../objectives/training-times.js';
import { warmupCosine } from '../schedules/learning-rate.js';
import { initToyDenoiser, toyDenoiser } from './toy-model.js';

/** A small rectified-flow run on 2-D points with every part of fit switched on (EMA, clipping, cosine lr). */
export async function toyRun(
  directory: string,
  steps: number,
  options: { resume?: boolean; losses?: string; signal?: AbortSignal } = {},
) {
  await useBackend('cpu');
  const data = gaussianMixture2d(1024, createRng(3), { components: 4 });
  return fit({
    model: toyDenoiser('rf', 'velocity'),
    params: initToyDenoiser(createRng(1)),
    objective: diffusionObjective({
      process: rectifiedFlow(),
      target: 'velocity',
      times: logitNormalTrainingTimes(),
    }),
    batches: labeledBatches(
      { examples: data.points.data, labels: data.labels.data, exampleShape: [2] },
      { batchSize: 64, seed: 7 },
    ),
    steps,
    rng: createRng(11),
    optimizer: { learningRate: 3e-3, weightDecay: 0.01 },
    learningRate: warmupCosine({ peak: 3e-3, warmupSteps: 5, totalSteps: 120 }),
    ema: 0.9,
    clipNorm: 0.5,
    checkpoint: { directory, every: 10, state: () => ({ note: 'toy' }) },
    ...(options.resume ? { resume: loadCheckpoint(directory) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    onStep: (report) => {
      if (options.losses)
        appendFileSync(options.losses, `${JSON.stringify({ step: report.step, loss: report.loss })}\n`);
    },
  });
}

// `node --import tsx toy-run.ts DIR STEPS LOSSES`: the child process the kill-and-resume test SIGKILLs.
if (process.argv[1]?.endsWith('toy-run.ts')) {
  const [directory, steps, losses] = process.argv.slice(2) as [string, string, string];
  await toyRun(directory, Number(steps), { losses });
}
