import { rectifiedFlow } from '@latentlab/schedules';
import { createRng } from '@latentlab/tensor';
import { fit } from '@latentlab/train';
import { describe, expect, it } from 'vitest';
import { progressiveDistillationObjective } from './progressive-distillation.js';
import type { Teacher } from './teacher.js';
import { gaussianBatches } from './test-support/gaussian-data.js';
import { gaussianMixturePosteriorMean, gaussianMixtureTeacher } from './test-support/gaussian-teachers.js';
import { runPlain } from './test-support/run-plain.js';
import { affineStudent, initAffineStudent } from './test-support/toy-student.js';

const MEAN = [[1.5, -0.5]] as const;
const STD = 0.4;

/** The exact teacher's deterministic DDIM path over `times` in float64 JS: a second implementation. */
function teacherPath(z: readonly [number, number], times: readonly number[]): [number, number] {
  let x: [number, number] = [z[0], z[1]];
  for (let i = 0; i + 1 < times.length; i++) {
    const [t, next] = [times[i]!, times[i + 1]!];
    const x0 = gaussianMixturePosteriorMean(MEAN, STD, x, t, 0);
    const epsilon = x.map((value, k) => (value - (1 - t) * x0[k]!) / t);
    x = [(1 - next) * x0[0] + next * epsilon[0]!, (1 - next) * x0[1] + next * epsilon[1]!];
  }
  return x;
}

describe('progressive distillation (Salimans & Ho 2022, Algorithm 2) on a Gaussian with an exact teacher', () => {
  it.each([1, 2])('a %i-step student reproduces the teacher’s 2N-step DDIM output', async (studentSteps) => {
    const process = rectifiedFlow();
    const teacher: Teacher = {
      model: gaussianMixtureTeacher(MEAN, STD),
      params: new Map(),
      process,
      target: 'x0',
      nullClass: null,
    };
    const result = await fit({
      model: affineStudent,
      params: initAffineStudent(createRng(1)),
      objective: progressiveDistillationObjective({ teacher, studentSteps }),
      batches: gaussianBatches(MEAN, STD, 256),
      steps: 1500,
      rng: createRng(2),
      optimizer: { learningRate: 0.05, weightDecay: 0 },
    });
    const studentTimes = Array.from({ length: studentSteps + 1 }, (_, i) => 1 - i / studentSteps);
    const teacherTimes = Array.from({ length: 2 * studentSteps + 1 }, (_, i) => 1 - i / (2 * studentSteps));
    const noise = createRng(3).normal(2 * 64);
    let worst = 0;
    let spread = 0;
    for (let row = 0; row < 64; row++) {
      const z: [number, number] = [noise[2 * row]!, noise[2 * row + 1]!];
      const expected = teacherPath(z, teacherTimes);
      // The student's own DDIM path with its x̂₀.
      let x = z;
      for (let i = 0; i < studentSteps; i++) {
        const [t, next] = [studentTimes[i]!, studentTimes[i + 1]!];
        const x0 = runPlain(affineStudent, result.params, { x: [x[0], x[1]], t })!;
        const epsilon = x.map((value, k) => (value - (1 - t) * x0[k]!) / t);
        x = [(1 - next) * x0[0]! + next * epsilon[0]!, (1 - next) * x0[1]! + next * epsilon[1]!];
      }
      worst = Math.max(worst, Math.abs(x[0] - expected[0]), Math.abs(x[1] - expected[1]));
      // The teacher with only N steps lands elsewhere: the student learnt the 2N-step map, not the N-step one.
      const coarse = teacherPath(z, studentTimes);
      spread = Math.max(spread, Math.abs(coarse[0] - expected[0]), Math.abs(coarse[1] - expected[1]));
    }
    console.log(
      `progressive ${2 * studentSteps} → ${studentSteps}: max |student − teacher| ${worst.toExponential(2)}; teacher N vs 2N steps ${spread.toFixed(3)}`,
    );
    expect(spread).toBeGreaterThan(0.05);
    expect(worst).toBeLessThan(1e-5);
  });
});
