import { tensor } from '@latentlab/tensor';
import { type DiffusionBatch, noisyBatch, type Objective, uniformTrainingTimes } from '@latentlab/train';
import { ddimStep, estimatesFromPrediction } from './affine-prediction.js';
import { pick } from './guidance-distillation.js';
import { drawGuidanceScales, type GuidanceRange } from './guidance-scales.js';
import { perSample } from './per-sample.js';
import { studentInputs } from './student-inputs.js';
import { frozenParams, type Teacher, teacherPrediction } from './teacher.js';
import { linearTimeGrid } from './time-grid.js';

export interface ProgressiveDistillationOptions {
  /** This round's teacher, sampled with 2·studentSteps DDIM steps (the previous round's student). */
  teacher: Teacher;
  /** The student's number of steps N: it learns to do in one step what the teacher does in two. */
  studentSteps: number;
  /** The 2N + 1 times of the teacher's path, noisiest first (default: `linearTimeGrid(process, 2N)`). */
  times?: ArrayLike<number>;
  /** Guidance scales drawn per sample (a guided teacher; the student then takes `guidanceInput` too). */
  guidance?: GuidanceRange;
  /** The student's guidance input when `guidance` is a range (default 'w'); a fixed scale is baked in. */
  guidanceInput?: string;
}

/**
 * One round of progressive distillation (Salimans & Ho 2022, Algorithm 2): at a student step from t to
 * t'' = t − 1/N, the teacher takes two DDIM steps z_t → z_t' → z_t'' (t' = t − 0.5/N), and the student's x̂
 * is trained toward the one x̃ whose single DDIM step from z_t lands exactly on z_t'':
 *   x̃ = (z_t'' − (σ_t''/σ_t)·z_t) / (α_t'' − (σ_t''/σ_t)·α_t),
 * with the "truncated SNR" weight max(α_t²/σ_t², 1) on ‖x̃ − x̂‖² (§4: stays finite at zero SNR, where the
 * student still learns). The student predicts the teacher's target; its x̂ comes through the affine map of
 * that target. Student steps start at t_{2j}, j uniform in 0 … N − 1; z_t = α_t·x + σ_t·ε from the data.
 */
export function progressiveDistillationObjective(
  options: ProgressiveDistillationOptions,
): Objective<DiffusionBatch> {
  const { teacher, studentSteps } = options;
  const { process } = teacher;
  const grid = Float64Array.from(options.times ?? linearTimeGrid(process, 2 * studentSteps));
  if (grid.length !== 2 * studentSteps + 1) {
    throw new RangeError(
      `progressive distillation: ${grid.length} times for ${studentSteps} student steps; expected ${2 * studentSteps + 1}`,
    );
  }
  const guidanceInput = options.guidanceInput ?? 'w';
  const settings = {
    process,
    target: teacher.target,
    times: uniformTrainingTimes(), // replaced per sample below: only the noise of noisyBatch is used
    weighting: { name: 'uniform', weight: () => 1 },
  };
  return {
    name: `progressive-distillation(${2 * studentSteps} → ${studentSteps} steps)`,
    loss({ ops, forward, rng }, batch) {
      const [count, ...sampleShape] = batch.x.shape as [number, ...number[]];
      const labels = batch.labels?.data ?? new Int32Array(count).fill(teacher.nullClass ?? 0);
      const starts = rng.randint(count, 0, studentSteps); // (B) student step j
      const at = (offset: number) => Float32Array.from(starts, (j) => grid[2 * j + offset]!);
      const [t, tMid, tEnd] = [at(0), at(1), at(2)];
      // z_t = α_t·x + σ_t·ε at each sample's own start time.
      const noise = noisyBatch(batch.x.data, count, rng, {
        ...settings,
        times: { name: 'grid', sample: () => t },
      });
      const scales = options.guidance ? drawGuidanceScales(options.guidance, rng, count) : undefined;
      const rank = sampleShape.length + 1;
      const frozen = frozenParams(ops, teacher.params);
      const z = ops.constant(tensor(noise.noisy, [count, ...sampleShape])); // (B, …)
      const teacherStep = (x: typeof z, from: Float32Array, to: Float32Array) => {
        const prediction = teacherPrediction(ops, teacher, frozen, {
          x,
          times: from,
          labels,
          ...(scales ? { scales } : {}),
        });
        return ops.stopGradient(
          ddimStep(
            ops,
            process,
            estimatesFromPrediction(ops, process, teacher.target, x, prediction, from),
            to,
          ),
        );
      };
      const zEnd = teacherStep(teacherStep(z, t, tMid), tMid, tEnd); // (B, …) z_t''
      // x̃ = (z'' − (σ''/σ)·z) / (α'' − (σ''/σ)·α).
      const ratio = Array.from(t, (time, row) => process.sigma(tEnd[row]!) / process.sigma(time));
      const denominator = Array.from(
        t,
        (time, row) => process.alpha(tEnd[row]!) - ratio[row]! * process.alpha(time),
      );
      const targetX0 = ops.div(
        ops.sub(zEnd, ops.mul(perSample(ops, ratio, rank), z)),
        perSample(ops, denominator, rank),
      ); // (B, …)
      // A fixed scale is baked in (the student has no w input); a range makes w the student's input.
      const guidance =
        scales && options.guidance!.min !== options.guidance!.max
          ? { input: guidanceInput, scales }
          : undefined;
      const prediction = pick(
        forward(studentInputs(ops, teacher, z, t, labels, guidance)),
        teacher.outputName,
      );
      const studentX0 = estimatesFromPrediction(ops, process, teacher.target, z, prediction, t).x0; // (B, …)
      const weights = Array.from(t, (time) =>
        Math.max(process.alpha(time) ** 2 / process.sigma(time) ** 2, 1),
      );
      const squared = ops.square(ops.sub(studentX0, ops.stopGradient(targetX0))); // (B, …)
      return { loss: ops.mean(ops.mul(perSample(ops, weights, rank), squared)) };
    },
  };
}
