import { readAnyRunState } from '../checkpoint/run-state.js';
import { CliError } from '../errors.js';
import type { StreamSampleRequest } from '../families/model-family.js';
import { familyOfCard, familyOfRun } from '../families/registry.js';
import { gatherBatches } from '../sampling/batched-samples.js';
import { readOnnxModel } from '../sampling/onnx-file.js';
import type { SamplePlan } from '../sampling/sample-run.js';
import { EVAL_DEFAULTS } from './evaluate-trained-run.js';

/** What to sample: a run's checkpoint (a denoiser) or an exported `.onnx` (a denoiser or a token model). */
export type SampleSource = { checkpoint: string } | { onnx: string; decoder?: string };

/** `drawSamples`' options, each with `latentlab sample`'s default. */
export type DrawSamplesOptions = Partial<Omit<StreamSampleRequest, 'checkpoint' | 'onnx' | 'decoder'>>;

/**
 * Class rows of samples from a run or an exported file, through its family's sampling (the batched
 * samplers, or for a token model the app's pipeline): samples (N, …sampleShape) in model space ([−1, 1] for
 * images), their labels, and the plan (rows, per class).
 */
export async function drawSamples(
  source: SampleSource,
  options: DrawSamplesOptions = {},
): Promise<SamplePlan & { samples: Float32Array; labels: Int32Array }> {
  const onnx = 'onnx' in source ? readOnnxModel(source.onnx) : undefined;
  const family = onnx
    ? familyOfCard(onnx.card, onnx.path)
    : familyOfRun(readAnyRunState((source as { checkpoint: string }).checkpoint));
  if (!family.streamSamples) {
    throw new CliError(`${onnx?.path ?? 'this run'}: ${family.noun} is not sampled in batches`);
  }
  let drawn: (SamplePlan & { samples: Float32Array; labels: Int32Array }) | undefined;
  await family.streamSamples(
    {
      // `latentlab sample`'s defaults, the same as an evaluation's (one setting: its first steps and scale).
      engine: EVAL_DEFAULTS.engine,
      backend: EVAL_DEFAULTS.backend,
      sampler: EVAL_DEFAULTS.sampler,
      steps: EVAL_DEFAULTS.stepsList[0],
      guidanceScale: EVAL_DEFAULTS.guidanceScales[0],
      seed: EVAL_DEFAULTS.seed,
      batchSize: EVAL_DEFAULTS.batchSize,
      ...options,
      ...(onnx ? { onnx } : { checkpoint: (source as { checkpoint: string }).checkpoint }),
      ...('decoder' in source && source.decoder !== undefined ? { decoder: source.decoder } : {}),
    },
    async (plan, draw) => {
      const size = plan.sampleShape.reduce((product, dim) => product * dim, 1);
      drawn = { ...plan, ...(await gatherBatches(plan.total, size, draw)) };
    },
  );
  return drawn!;
}
