import { processByName } from '@latentlab/schedules';
import { describe, expect, it } from 'vitest';
import { targetsAtTime } from './prediction-targets.js';

const x0 = [1.2, -0.4] as const;
const epsilon = [-0.7, 1.9] as const;

function reading(result: ReturnType<typeof targetsAtTime>, target: string) {
  const found = result.readings.find((entry) => entry.target === target);
  if (!found) throw new Error(`no reading for ${target}`);
  return found;
}

describe('targetsAtTime', () => {
  it('rectified flow: x_t on the segment, v = α·ε − σ·x₀, velocity = ε − x₀, written out by hand', () => {
    const t = 0.3;
    const result = targetsAtTime(processByName('rf'), t, x0, epsilon);
    expect(Array.from(result.xt)).toEqual(
      [0.7 * 1.2 + 0.3 * -0.7, 0.7 * -0.4 + 0.3 * 1.9].map((v) => expect.closeTo(v, 12)),
    );
    expect(Array.from(reading(result, 'x0').prediction)).toEqual([...x0]);
    expect(Array.from(reading(result, 'epsilon').prediction)).toEqual([...epsilon]);
    const v = reading(result, 'v').prediction;
    expect(v[0]).toBeCloseTo(0.7 * -0.7 - 0.3 * 1.2, 12);
    expect(v[1]).toBeCloseTo(0.7 * 1.9 - 0.3 * -0.4, 12);
    const velocity = reading(result, 'velocity').prediction;
    expect(velocity[0]).toBeCloseTo(-0.7 - 1.2, 12);
    expect(velocity[1]).toBeCloseTo(1.9 - -0.4, 12);
  });

  it('VP cosine: the velocity is the time derivative of x_t (central finite difference)', () => {
    const process = processByName('vp-cosine');
    const t = 0.45;
    const step = 1e-5;
    const xtAt = (time: number) => targetsAtTime(process, time, x0, epsilon).xt;
    const [after, before] = [xtAt(t + step), xtAt(t - step)];
    const velocity = reading(targetsAtTime(process, t, x0, epsilon), 'velocity').prediction;
    for (const axis of [0, 1])
      expect(velocity[axis]).toBeCloseTo((after[axis]! - before[axis]!) / (2 * step), 6);
    // And α² + σ² = 1 makes v the rotation of (x₀, ε): |v|² + |x_t|² = |x₀|² + |ε|².
    const result = targetsAtTime(process, t, x0, epsilon);
    const v = reading(result, 'v').prediction;
    const squared = (p: ArrayLike<number>) => p[0]! ** 2 + p[1]! ** 2;
    expect(squared(v) + squared(result.xt)).toBeCloseTo(squared(x0) + squared(epsilon), 10);
  });

  it.each([
    ['rf', 0.05],
    ['rf', 0.5],
    ['rf', 0.95],
    ['vp-cosine', 0.2],
    ['vp-cosine', 0.8],
  ] as const)('%s at t = %s: every target converts back to the same x₀', (name, t) => {
    const result = targetsAtTime(processByName(name), t, x0, epsilon);
    for (const entry of result.readings) {
      expect(entry.failure).toBeNull();
      expect(entry.recoveredX0![0]).toBeCloseTo(x0[0], 10);
      expect(entry.recoveredX0![1]).toBeCloseTo(x0[1], 10);
    }
  });

  it('at rectified flow’s t = 1 (α = 0) an ε prediction cannot give x₀, and says so; the others still can', () => {
    const result = targetsAtTime(processByName('rf'), 1, x0, epsilon);
    expect(reading(result, 'epsilon').recoveredX0).toBeNull();
    expect(reading(result, 'epsilon').failure).toMatch(/α = 0/);
    for (const target of ['x0', 'v', 'velocity']) {
      expect(reading(result, target).recoveredX0![0]).toBeCloseTo(x0[0], 10);
    }
  });
});
