import { TfjsOps } from '@latentlab/tfjs';
import { describe, expect, it } from 'vitest';
import { checkParity } from './compare.js';
import { opCases } from './op-cases.js';

/** Every computing method of the Ops interface, read off the tfjs implementation. */
function opsMethods(): string[] {
  const instance = new TfjsOps() as unknown as Record<string, unknown>;
  const prototypeMethods = Object.getOwnPropertyNames(TfjsOps.prototype);
  const fieldMethods = Object.keys(instance).filter((key) => typeof instance[key] === 'function');
  return [...new Set([...prototypeMethods, ...fieldMethods])].filter(
    (name) => name !== 'constructor' && name !== 'shape' && name !== 'dtype',
  );
}

describe('op-level parity: tfjs vs onnxruntime-node', () => {
  it('covers every op of the Ops interface', () => {
    const tested = new Set(opCases.map((testCase) => testCase.op));
    const untested = opsMethods().filter((name) => !tested.has(name));
    expect(untested).toEqual([]);
  });

  it.each(opCases.map((testCase) => [testCase.title, testCase] as const))('%s', async (_title, testCase) => {
    const report = await checkParity(testCase.model, testCase.params ?? new Map(), testCase.inputs, {
      dynamicBatch: testCase.dynamicBatch ?? false,
    });
    expect(report.maxAbsDiff).toBeLessThanOrEqual(testCase.tolerance ?? 1e-5);
  });
});
