import type { ModelFunction } from '@latentlab/tensor';
import { tensor } from '@latentlab/tensor';
import { type DiffusionBatch, noisyBatch, type Objective } from '@latentlab/train';
import { type AffineEstimates, ddimStep, estimatesFromPrediction } from './affine-prediction.js';
import { pick } from './guidance-distillation.js';
import { drawGuidanceScales, type GuidanceRange } from './guidance-scales.js';
import { perSample } from './per-sample.js';
import { studentInputs } from './student-inputs.js';
import type { TargetNetwork } from './target-network.js';
import { frozenParams, runOutput, type Teacher, teacherPrediction } from './teacher.js';
import { linearTimeGrid } from './time-grid.js';

export interface ConsistencyDistillationOptions {
  teacher: Teacher;
  /** The student's model function — the consistency function (`consistencyFunction`) fit trains. */
  student: ModelFunction;
  /** The N + 1 discretisation times, noisiest first, ending at t_min (default: linear, N = 18 as CIFAR-10 CD). */
  times?: ArrayLike<number>;
  /** The teacher's ODE step between adjacent times: 'euler' (DDIM) or 'heun' (Song et al. 2023 use Heun). */
  solver?: 'euler' | 'heun';
  /** θ⁻ as an EMA of the student (`TargetNetwork`); absent = the student itself under stop-gradient (iCT). */
  target?: TargetNetwork;
  /** d(·,·): squared L2 (CD) or iCT's Pseudo-Huber √(‖a − b‖² + c²) − c, c = 0.00054·√dim. */
  distance?: 'l2' | 'pseudo-huber';
  /** λ(t_n): 1 (CD) or 1/(t_{n+1} − t_n) (iCT §3.4). */
  weighting?: 'uniform' | 'inverse-step';
  /** Guidance baked in: the teacher's ODE is the guided one; the student takes `guidanceInput` when w varies. */
  guidance?: GuidanceRange;
  guidanceInput?: string;
}

/**
 * Consistency distillation (Song et al. 2023, Algorithm 2): for adjacent times t_{n+1} > t_n, x_{t_{n+1}} from
 * the data, one teacher ODE step gives x̂_{t_n}, and the student at the noisier point is pulled toward the
 * target network at the cleaner one:
 *   L = λ(t_n)·d(f_θ(x_{t_{n+1}}, t_{n+1}), stopgrad f_θ⁻(x̂_{t_n}, t_n)).
 * n is uniform; the outputs are x₀ estimates (the consistency function's), so d is in data space.
 */
export function consistencyDistillationObjective(
  options: ConsistencyDistillationOptions,
): Objective<DiffusionBatch> {
  const { teacher, student } = options;
  const { process } = teacher;
  const grid = Float64Array.from(options.times ?? linearTimeGrid(process, 18));
  const intervals = grid.length - 1;
  if (intervals < 1) throw new RangeError('consistency distillation: needs at least 2 times');
  const solver = options.solver ?? 'euler';
  const guidanceInput = options.guidanceInput ?? 'w';
  const settings = { process, target: teacher.target, weighting: { name: 'uniform', weight: () => 1 } };
  return {
    name: `consistency-distillation(N = ${intervals}, ${solver}, ${options.target ? `EMA μ ${options.target.decay}` : 'stopgrad target'})`,
    loss({ ops, forward, rng }, batch) {
      const [count, ...sampleShape] = batch.x.shape as [number, ...number[]];
      const labels = batch.labels?.data ?? new Int32Array(count).fill(teacher.nullClass ?? 0);
      const index = rng.randint(count, 0, intervals); // (B) n: from grid[n] (noisier) to grid[n + 1]
      const noisier = Float32Array.from(index, (n) => grid[n]!);
      const cleaner = Float32Array.from(index, (n) => grid[n + 1]!);
      const noise = noisyBatch(batch.x.data, count, rng, {
        ...settings,
        times: { name: 'grid', sample: () => noisier },
      });
      const scales = options.guidance ? drawGuidanceScales(options.guidance, rng, count) : undefined;
      const guidance =
        scales && options.guidance!.min !== options.guidance!.max
          ? { input: guidanceInput, scales }
          : undefined;
      const frozen = frozenParams(ops, teacher.params);
      const x = ops.constant(tensor(noise.noisy, [count, ...sampleShape])); // (B, …) x_{t_{n+1}}
      const estimate = (at: typeof x, times: Float32Array): AffineEstimates<typeof x> =>
        estimatesFromPrediction(
          ops,
          process,
          teacher.target,
          at,
          teacherPrediction(ops, teacher, frozen, { x: at, times, labels, ...(scales ? { scales } : {}) }),
          times,
        );
      const first = estimate(x, noisier);
      let cleanerX = ddimStep(ops, process, first, cleaner); // (B, …) Euler/DDIM step
      if (solver === 'heun')
        cleanerX = heunCorrection(ops, process, x, first, cleanerX, noisier, cleaner, estimate);
      cleanerX = ops.stopGradient(cleanerX);
      const targetInputs = studentInputs(ops, teacher, cleanerX, cleaner, labels, guidance);
      const targetOutput = options.target
        ? runOutput(ops, student, frozenParams(ops, options.target.weights), targetInputs, teacher.outputName)
        : pick(forward(targetInputs), teacher.outputName);
      const online = pick(
        forward(studentInputs(ops, teacher, x, noisier, labels, guidance)),
        teacher.outputName,
      );
      const difference = ops.sub(online, ops.stopGradient(targetOutput)); // (B, …)
      const size = sampleShape.reduce((a, b) => a * b, 1);
      const axes = sampleShape.map((_, axis) => axis + 1);
      let perExample: typeof x; // (B)
      if ((options.distance ?? 'l2') === 'l2') perExample = ops.mean(ops.square(difference), axes);
      else {
        const c = 0.00054 * Math.sqrt(size);
        const squaredNorm = ops.sum(ops.square(difference), axes);
        perExample = ops.sub(ops.sqrt(ops.add(squaredNorm, ops.scalar(c * c))), ops.scalar(c));
      }
      if ((options.weighting ?? 'uniform') === 'inverse-step') {
        const weights = Array.from(noisier, (t, row) => 1 / (t - cleaner[row]!));
        perExample = ops.mul(perExample, perSample(ops, weights, 1));
      }
      return { loss: ops.mean(perExample) };
    },
  };
}

/**
 * Heun's correction on the probability-flow ODE dx/dt = α'(t)·x̂₀ + σ'(t)·ε̂ (the marginal velocity of
 * x_t = α·x₀ + σ·ε): the average of the slopes at both ends (Karras et al. 2022, Algorithm 1); the step
 * into t_min stays Euler, where x̂₀ and ε̂ of an x₀ network leave the slope undefined (σ = 0).
 */
function heunCorrection<T>(
  ops: import('@latentlab/tensor').Ops<T>,
  process: import('@latentlab/schedules').NoiseProcess,
  x: T,
  first: AffineEstimates<T>,
  euler: T,
  from: Float32Array,
  to: Float32Array,
  estimate: (at: T, times: Float32Array) => AffineEstimates<T>,
): T {
  const rank = ops.shape(x).length;
  const interior = Array.from(to, (t) => (process.sigma(t) > 0 ? 1 : 0));
  if (interior.every((flag) => flag === 0)) return euler;
  const slope = (estimates: AffineEstimates<T>, times: Float32Array) =>
    ops.add(
      ops.mul(
        perSample(
          ops,
          Array.from(times, (t) => process.alphaDerivative(t)),
          rank,
        ),
        estimates.x0,
      ),
      ops.mul(
        perSample(
          ops,
          Array.from(times, (t) => process.sigmaDerivative(t)),
          rank,
        ),
        estimates.epsilon,
      ),
    );
  const start = slope(first, from);
  const end = slope(estimate(euler, to), to);
  const step = perSample(
    ops,
    Array.from(from, (t, row) => to[row]! - t),
    rank,
  );
  const heun = ops.add(x, ops.mul(step, ops.mul(ops.add(start, end), ops.scalar(0.5)))); // (B, …)
  const mask = perSample(ops, interior, rank);
  return ops.add(ops.mul(mask, heun), ops.mul(ops.sub(ops.scalar(1), mask), euler));
}
