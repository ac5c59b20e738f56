import { type Ops, tensor } from '@latentlab/tensor';
import type { Teacher } from './teacher.js';

/** The named inputs of a DiT-like student at (x, t, y), plus its guidance input when it has one. */
export function studentInputs<T>(
  ops: Ops<T>,
  teacher: Teacher,
  x: T,
  times: Float32Array,
  labels: Int32Array,
  guidance?: { input: string; scales: Float32Array },
): Record<string, T> {
  const names = { sample: 'x', time: 't', label: 'y', ...teacher.inputNames };
  const count = times.length;
  return {
    [names.sample]: x,
    [names.time]: ops.constant(tensor(times, [count])),
    [names.label]: ops.constant(tensor(labels, [count], 'int32')),
    ...(guidance ? { [guidance.input]: ops.constant(tensor(guidance.scales, [count])) } : {}),
  };
}
