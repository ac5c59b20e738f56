import { rectifiedFlow } from '@latentlab/schedules';
import { type Rng, tensor } from '@latentlab/tensor';
import { type DiffusionBatch, dropLabels, type Objective } from '@latentlab/train';
import { pick } from './guidance-distillation.js';
import { checkGuidanceRange, type GuidanceRange } from './guidance-scales.js';
import { perSample } from './per-sample.js';
import { frozenParams, type Teacher, teacherPrediction } from './teacher.js';

export interface ShortcutOptions {
  /** The smallest step 1/M (M = 128 in Frans et al. 2024): the flow's d, and the half steps 1/M … 1/2. */
  baseSteps?: number;
  /** The share of each batch trained on self-consistency targets (the paper's k = 1/4). */
  selfConsistencyFraction?: number;
  /** Label dropout for classifier-free guidance (flow-matching rows, no teacher), as the diffusion objective. */
  labelDropout?: { probability: number; nullClass: number };
  /**
   * What the network predicts: the velocity s = ε − x₀ (the paper's) or x₀, whose velocity on the path is
   * s = (x_t − x̂₀)/t; the step x_{t−d} = x_t − d·s is the same, and the loss is on the network's own output.
   */
  target?: 'velocity' | 'x0';
  /**
   * Distillation instead of training from data: the flow-matching rows (d = 1/M) learn this rectified-flow
   * teacher's prediction at (x_t, t) — guided at one fixed `guidance` scale, which is then baked into every
   * step size — in place of the data's target. Its target must be the student's.
   */
  teacher?: Teacher;
  guidance?: GuidanceRange;
  /** Input names (DiT's x, t, y and the step-size condition 'd'). */
  inputNames?: { sample?: string; time?: string; label?: string; stepSize?: string };
  outputName?: string;
}

/**
 * Shortcut models (Frans et al. 2024, "One Step Diffusion via Shortcut Models", §3, eq. 5 and Algorithm 1):
 * one rectified-flow network s(x_t, t, d) conditioned on the step size d, with x_{t−d} = x_t − d·s
 * (t = 1 is noise here). Two targets share each batch:
 * - flow matching at the smallest step d = 1/M: s(x_t, t, 1/M) → ε − x₀ (x_t = (1 − t)·x₀ + t·ε), or the
 *   teacher's prediction (the paper writes d = 0; its code, kvfrans/shortcut-models, trains the flow at
 *   d = 1/M, which is what makes the 1/M half steps the bootstrap queries trained ones);
 * - self-consistency: one step of 2d equals two steps of d,
 *   s(x_t, t, 2d) → stopgrad[(s(x_t, t, d) + s(x_t − d·s(x_t, t, d), t − d, d)) / 2],
 *   with d ∈ {1/M, 2/M, …, 1/2} (powers of two) and t a multiple of 2d in (0, 1], so a sampler with 2^k
 *   steps visits exactly the times it was trained at.
 * An x₀ network is read as the velocity (x_t − x̂₀)/t and its self-consistency target turned back into the
 * x̂₀ whose step is that velocity's: x_t − t·s̄. Without a teacher the model bootstraps its own large steps
 * from its small ones and the data.
 */
export function shortcutObjective(options: ShortcutOptions = {}): Objective<DiffusionBatch> {
  const baseSteps = options.baseSteps ?? 128;
  const levels = Math.log2(baseSteps);
  if (!(Number.isInteger(levels) && levels >= 1)) {
    throw new RangeError(`shortcut: baseSteps ${baseSteps}; expected a power of two ≥ 2`);
  }
  const fraction = options.selfConsistencyFraction ?? 0.25;
  const target = options.target ?? 'velocity';
  const { teacher } = options;
  if (teacher && (teacher.process.name !== 'rf' || teacher.target !== target)) {
    throw new RangeError(
      `shortcut: the teacher is a ${teacher.process.name} model of ${teacher.target}; expected a rectified-flow (rf) model of ${target}, the student's target`,
    );
  }
  if (options.guidance) {
    checkGuidanceRange(options.guidance);
    if (options.guidance.min !== options.guidance.max) {
      throw new RangeError('shortcut: the teacher is guided at one scale (guidance.min = guidance.max)');
    }
  }
  const names = { sample: 'x', time: 't', label: 'y', stepSize: 'd', ...options.inputNames };
  const process = rectifiedFlow();
  return {
    name: `shortcut(M = ${baseSteps}, k = ${fraction}${teacher ? ', from a teacher' : ''})`,
    loss({ ops, forward, rng }, batch) {
      const [count, ...sampleShape] = batch.x.shape as [number, ...number[]];
      const size = sampleShape.reduce((a, b) => a * b, 1);
      const rank = sampleShape.length + 1;
      const bootstrap = Math.min(count - 1, Math.max(1, Math.round(count * fraction)));
      const plan = drawShortcutTimes(rng, count, bootstrap, levels);
      const epsilon = rng.normal(count * size);
      const noisy = new Float32Array(count * size);
      const flowTarget = new Float32Array((count - bootstrap) * size);
      for (let row = 0; row < count; row++) {
        const t = plan.times[row]!;
        for (let k = 0; k < size; k++) {
          const index = row * size + k;
          const x0 = batch.x.data[index]!;
          noisy[index] = process.alpha(t) * x0 + process.sigma(t) * epsilon[index]!;
          if (row >= bootstrap) {
            flowTarget[index - bootstrap * size] = target === 'velocity' ? epsilon[index]! - x0 : x0;
          }
        }
      }
      const labels = batch.labels?.data ?? new Int32Array(count);
      const dropout = teacher ? undefined : options.labelDropout;
      const trainLabels = dropout ? dropLabels(labels, dropout.nullClass, dropout.probability, rng) : labels;
      type T = ReturnType<typeof ops.constant>;
      const run = (x: T, times: Float32Array, rows: Int32Array, steps: Float32Array) =>
        pick(
          forward({
            [names.sample]: x,
            [names.time]: ops.constant(tensor(times, [times.length])),
            [names.label]: ops.constant(tensor(rows, [rows.length], 'int32')),
            [names.stepSize]: ops.constant(tensor(steps, [steps.length])),
          }),
          options.outputName,
        );
      // The network's output as a velocity at (x, t), and a velocity back as the network's output.
      const velocityOf = (output: T, x: T, times: ArrayLike<number>) =>
        target === 'velocity' ? output : ops.div(ops.sub(x, output), perSample(ops, times, rank));
      const outputOf = (velocity: T, x: T, times: ArrayLike<number>) =>
        target === 'velocity' ? velocity : ops.sub(x, ops.mul(perSample(ops, times, rank), velocity));
      // Self-consistency targets from two half steps of the current model, without gradients.
      const scX = ops.constant(tensor(noisy.subarray(0, bootstrap * size), [bootstrap, ...sampleShape]));
      const scTimes = plan.times.subarray(0, bootstrap);
      const halfSteps = plan.steps.subarray(0, bootstrap);
      const midTimes = scTimes.map((t, row) => t - halfSteps[row]!);
      const scLabels = labels.subarray(0, bootstrap);
      const first = velocityOf(ops.stopGradient(run(scX, scTimes, scLabels, halfSteps)), scX, scTimes); // (b, …)
      const midway = ops.sub(scX, ops.mul(perSample(ops, halfSteps, rank), first));
      const second = velocityOf(
        ops.stopGradient(run(midway, midTimes, scLabels, halfSteps)),
        midway,
        midTimes,
      );
      const scTarget = outputOf(ops.mul(ops.add(first, second), ops.scalar(0.5)), scX, scTimes); // (b, …)
      // One training call for both kinds of rows: d = 2·d_half on the first b rows, 1/M on the others.
      const trainSteps = new Float32Array(count).fill(1 / baseSteps);
      for (let row = 0; row < bootstrap; row++) trainSteps[row] = 2 * halfSteps[row]!;
      const x = ops.constant(tensor(noisy, [count, ...sampleShape])); // (B, …)
      const prediction = run(x, plan.times, trainLabels, trainSteps);
      const flowRows = ops.slice(x, 0, bootstrap, count);
      const flow = teacher
        ? teacherPrediction(ops, teacher, frozenParams(ops, teacher.params), {
            x: flowRows,
            times: plan.times.subarray(bootstrap),
            labels: labels.subarray(bootstrap),
            ...(options.guidance
              ? { scales: new Float32Array(count - bootstrap).fill(options.guidance.min) }
              : {}),
          })
        : ops.constant(tensor(flowTarget, [count - bootstrap, ...sampleShape]));
      const targets = ops.concat([scTarget, flow], 0); // (B, …)
      const squared = ops.square(ops.sub(prediction, targets));
      const scLoss = ops.mean(ops.slice(squared, 0, 0, bootstrap));
      const flowLoss = ops.mean(ops.slice(squared, 0, bootstrap, count));
      return { loss: ops.mean(squared), metrics: { selfConsistency: scLoss, flowMatching: flowLoss } };
    },
  };
}

/**
 * Times and half-step sizes: self-consistency rows get d = 2^−j (j uniform in 1 … log2 M, so 2d ≤ 1) and t
 * a multiple of 2d in (0, 1]; flow-matching rows get t uniform in (0, 1] (d = 1/M).
 */
function drawShortcutTimes(rng: Rng, count: number, bootstrap: number, levels: number) {
  const times = new Float32Array(count);
  const steps = new Float32Array(count);
  const exponents = rng.randint(bootstrap, 1, levels + 1);
  const uniform = rng.uniform(count);
  for (let row = 0; row < count; row++) {
    if (row < bootstrap) {
      const half = 2 ** -exponents[row]!;
      const slots = Math.round(1 / (2 * half)); // multiples of 2d in (0, 1]
      steps[row] = half;
      times[row] = (Math.min(slots - 1, Math.floor(uniform[row]! * slots)) + 1) * 2 * half;
    } else {
      times[row] = 1 - uniform[row]!; // (0, 1]
    }
  }
  return { times, steps };
}
