import type { Tensor } from '@latentlab/tensor';
import { expect } from 'vitest';
import { exportOnnx } from '../export.js';
import type { OnnxRunner } from '../runner.js';
import type { OpCase } from './op-cases.js';

/** Exports a case with static input shapes. */
export function exportCase(opCase: OpCase): Uint8Array {
  const inputs = Object.fromEntries(
    Object.entries(opCase.inputs).map(([name, value]) => [
      name,
      { shape: value.shape, dtype: value.dtype as 'float32' | 'int32' },
    ]),
  );
  return exportOnnx(opCase.model, new Map(Object.entries(opCase.params ?? {})), inputs);
}

/** Exports a case, runs it with `createRunner` and returns the single output. */
export async function runCase(
  opCase: OpCase,
  createRunner: (bytes: Uint8Array) => Promise<OnnxRunner>,
): Promise<Tensor> {
  const runner = await createRunner(exportCase(opCase));
  try {
    const outputs = await runner.run({ ...opCase.inputs });
    return outputs['output']!;
  } finally {
    await runner.release();
  }
}

/** |actual − expected| ≤ tolerance · (1 + |expected|) elementwise, same shape and dtype. */
export function expectClose(actual: Tensor, expected: Tensor, tolerance = 1e-5): void {
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.dtype).toBe(expected.dtype);
  let worst = 0;
  let worstIndex = -1;
  for (let index = 0; index < expected.data.length; index++) {
    const want = expected.data[index]!;
    const excess = Math.abs(actual.data[index]! - want) / (1 + Math.abs(want));
    if (!(excess <= worst)) {
      worst = Number.isNaN(excess) ? Number.POSITIVE_INFINITY : excess;
      worstIndex = index;
    }
  }
  if (worst > tolerance) {
    expect.fail(
      `element ${worstIndex}: got ${actual.data[worstIndex]}, expected ${expected.data[worstIndex]} ` +
        `(relative error ${worst.toExponential(2)} > ${tolerance})`,
    );
  }
}
