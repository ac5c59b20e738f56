import { rectifiedFlow } from '@latentlab/schedules';
import { createRng } from '@latentlab/tensor';
import { fit, uniformTrainingTimes, warmupCosine } from '@latentlab/train';
import { describe, expect, it } from 'vitest';
import { guidanceDistillationObjective } from './guidance-distillation.js';
import type { Teacher } from './teacher.js';
import { gaussianBatches } from './test-support/gaussian-data.js';
import { gaussianMixturePosteriorMean, gaussianMixtureTeacher } from './test-support/gaussian-teachers.js';
import { runBatch } from './test-support/run-plain.js';
import { initToyStudent, toyStudent } from './test-support/toy-student.js';

const MEANS = [
  [-1.5, 0],
  [1.5, 0.75],
] as const;
const STD = 0.5;
const NULL_CLASS = 2;

/** The guided x̂₀ in closed form: p_u + w·(p_c − p_u) of the exact posterior means. */
function guidedMean(x: [number, number], t: number, label: number, w: number): [number, number] {
  const conditional = gaussianMixturePosteriorMean(MEANS, STD, x, t, label);
  const unconditional = gaussianMixturePosteriorMean(MEANS, STD, x, t, NULL_CLASS);
  return [0, 1].map((k) => unconditional[k]! + w * (conditional[k]! - unconditional[k]!)) as [number, number];
}

/** Euler (= DDIM) on rectified flow from noise with an x̂₀ function of the whole batch. */
function sampleMean(
  noise: Float32Array,
  steps: number,
  x0Of: (x: Float32Array, t: number) => Float32Array,
): [number, number] {
  let x = Float32Array.from(noise);
  for (let i = 0; i < steps; i++) {
    const [t, next] = [1 - i / steps, 1 - (i + 1) / steps];
    const x0 = x0Of(x, t);
    x = x.map((value, k) => (1 - next) * x0[k]! + next * ((value - (1 - t) * x0[k]!) / t));
  }
  const mean: [number, number] = [0, 0];
  for (let k = 0; k < x.length; k++) mean[k % 2]! += x[k]! / (x.length / 2);
  return mean;
}

describe('guidance distillation (Meng et al. 2023 §4.1) on a closed-form Gaussian mixture', () => {
  it('one student evaluation reproduces the guided teacher’s prediction and sample mean for w = 1, 2, 3 (trained on [1, 4])', async () => {
    const process = rectifiedFlow();
    const teacher: Teacher = {
      model: gaussianMixtureTeacher(MEANS, STD),
      params: new Map(),
      process,
      target: 'x0',
      nullClass: NULL_CLASS,
    };
    const student = toyStudent(2, ['w']);
    const steps = 2500;
    const result = await fit({
      model: student,
      params: initToyStudent(2, ['w'], createRng(1)),
      objective: guidanceDistillationObjective({
        teacher,
        times: uniformTrainingTimes(),
        guidance: { min: 1, max: 4 },
      }),
      batches: gaussianBatches(MEANS, STD, 256),
      steps,
      rng: createRng(2),
      optimizer: { learningRate: 3e-3, weightDecay: 0 },
      learningRate: warmupCosine({ peak: 3e-3, warmupSteps: 50, totalSteps: steps }),
    });
    const probe = createRng(4);
    const count = 256;
    const times = probe.uniform(count).map((u) => 0.02 + 0.96 * u);
    const labels = probe.randint(count, 0, 2);
    const clean = probe.normal(2 * count).map((v, k) => MEANS[labels[k >> 1]!]![k % 2]! + STD * v);
    const noise = probe.normal(2 * count);
    const points = clean.map((v, k) => (1 - times[k >> 1]!) * v + times[k >> 1]! * noise[k]!);
    const means: [number, number][] = [];
    for (const w of [1, 2, 3]) {
      const predicted = runBatch(student, result.params, {
        x: points,
        t: times,
        y: labels,
        scalars: { w: new Float32Array(count).fill(w) },
      });
      let squaredError = 0;
      let squaredEffect = 0;
      for (let row = 0; row < count; row++) {
        const x: [number, number] = [points[2 * row]!, points[2 * row + 1]!];
        const expected = guidedMean(x, times[row]!, labels[row]!, w);
        const unguided = guidedMean(x, times[row]!, labels[row]!, 1);
        for (const k of [0, 1]) {
          squaredError += (predicted[2 * row + k]! - expected[k]!) ** 2;
          squaredEffect += (expected[k]! - unguided[k]!) ** 2;
        }
      }
      const rms = Math.sqrt(squaredError / (2 * count));
      console.log(`guidance w = ${w}: RMS |student − guided teacher| = ${rms.toFixed(4)}`);
      // Within 0.07 of the closed form (the data's std is 0.5), and far closer than guidance moves it.
      expect(rms).toBeLessThan(0.07);
      if (w > 1) expect(Math.sqrt(squaredEffect / (2 * count))).toBeGreaterThan(5 * rms);
      // Samples: the student's 16-step ODE lands where the guided teacher's does (class 1, same noise).
      const start = createRng(5).normal(2 * 512);
      const classOne = new Int32Array(512).fill(1);
      const studentMean = sampleMean(start, 16, (x, t) =>
        runBatch(student, result.params, {
          x,
          t: new Float32Array(512).fill(t),
          y: classOne,
          scalars: { w: new Float32Array(512).fill(w) },
        }),
      );
      const teacherMean = sampleMean(start, 16, (x, t) => {
        const out = new Float32Array(x.length);
        for (let row = 0; row < 512; row++)
          out.set(guidedMean([x[2 * row]!, x[2 * row + 1]!], t, 1, w), 2 * row);
        return out;
      });
      console.log(
        `guidance w = ${w}: sample mean student (${studentMean.map((v) => v.toFixed(3))}) teacher (${teacherMean.map((v) => v.toFixed(3))})`,
      );
      expect(Math.hypot(studentMean[0] - teacherMean[0], studentMean[1] - teacherMean[1])).toBeLessThan(0.08);
      means.push(teacherMean);
    }
    // Guidance pushes class 1 away from class 0: the means the student matched are far apart.
    expect(means[2]![0] - means[0]![0]).toBeGreaterThan(0.5);
  }, 300_000); // 2,500 training steps: ~40 s alone, 134 s once beside two trainings on 2 cores
});
