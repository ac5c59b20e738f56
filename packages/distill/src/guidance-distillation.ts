import { tensor } from '@latentlab/tensor';
import {
  type DiffusionBatch,
  noisyBatch,
  type Objective,
  type TrainingTimes,
  uniformWeighting,
} from '@latentlab/train';
import { drawGuidanceScales, type GuidanceRange } from './guidance-scales.js';
import { frozenParams, type Teacher, teacherPrediction } from './teacher.js';

export interface GuidanceDistillationOptions {
  teacher: Teacher;
  /** Where on the path the student learns (the teacher's training distribution is a good default). */
  times: TrainingTimes;
  /** The scales w drawn per sample (Meng et al. 2023 use [0, 4] in their 1 + w form, i.e. [1, 5] here). */
  guidance: GuidanceRange;
  /** The student's guidance input (default 'w', a DiT scalar condition). */
  guidanceInput?: string;
}

/**
 * Guidance distillation, stage one of Meng et al. 2023 ("On Distillation of Guided Diffusion Models", §4.1,
 * eq. 7): a student x̂_η(z_t, t, w) that takes the guidance scale as an input learns the guided teacher
 * p̂ = p_u + w·(p_c − p_u) at the same (z_t, t), in one evaluation instead of two:
 *   L = E_{w ~ U[w_min, w_max], t, x, ε} ‖x̂_η(z_t, w) − p̂_θ(z_t, w)‖²,
 * in the teacher's own prediction target, so the student's card is the teacher's with `w` added and it
 * runs with any sampler. z_t = α_t·x + σ_t·ε from the data, as the paper. Randomness: the noisy batch
 * (times, noise), then the scales.
 */
export function guidanceDistillationObjective(
  options: GuidanceDistillationOptions,
): Objective<DiffusionBatch> {
  const { teacher } = options;
  const guidanceInput = options.guidanceInput ?? 'w';
  const names = { sample: 'x', time: 't', label: 'y', ...teacher.inputNames };
  const settings = {
    process: teacher.process,
    target: teacher.target,
    times: options.times,
    weighting: uniformWeighting(),
  };
  return {
    name: `guidance-distillation(w ∈ [${options.guidance.min}, ${options.guidance.max}])`,
    loss({ ops, forward, rng }, batch) {
      const [count, ...sampleShape] = batch.x.shape as [number, ...number[]];
      if (!batch.labels) throw new RangeError('guidance distillation: the batches need class labels');
      const { noisy, times } = noisyBatch(batch.x.data, count, rng, settings);
      const scales = drawGuidanceScales(options.guidance, rng, count);
      const x = ops.constant(tensor(noisy, [count, ...sampleShape])); // (B, …)
      const labels = batch.labels.data;
      const guided = teacherPrediction(ops, teacher, frozenParams(ops, teacher.params), {
        x,
        times,
        labels,
        scales,
      }); // (B, …)
      const outputs = forward({
        [names.sample]: x,
        [names.time]: ops.constant(tensor(times, [count])),
        [names.label]: ops.constant(tensor(labels, [count], 'int32')),
        [guidanceInput]: ops.constant(tensor(scales, [count])),
      });
      const student = pick(outputs, teacher.outputName);
      return { loss: ops.mean(ops.square(ops.sub(student, guided))) };
    },
  };
}

/** The student's prediction among the forward pass's outputs. */
export function pick<T>(outputs: Record<string, T>, name = 'output'): T {
  const value = outputs[name];
  if (value === undefined) throw new RangeError(`distill: the student has no output '${name}'`);
  return value;
}
