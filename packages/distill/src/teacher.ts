import type { NoiseProcess, PredictionTarget } from '@latentlab/schedules';
import {
  type ModelFunction,
  type Ops,
  type ParamStore,
  type Params,
  paramsFromMap,
  tensor,
} from '@latentlab/tensor';
import { perSample } from './per-sample.js';

/** A trained denoiser to learn from: a model function, its (frozen) weights and what its card says. */
export interface Teacher {
  model: ModelFunction;
  params: ParamStore;
  process: NoiseProcess;
  target: PredictionTarget;
  /** The unconditional label of classifier-free guidance; null when the teacher has none. */
  nullClass: number | null;
  /**
   * The teacher's guidance-scale input, when it is itself guidance-distilled (one call per guided
   * prediction); absent = guidance by two calls, conditional and unconditional.
   */
  guidanceInput?: string;
  /** Input names (DiT's by default: x, t, y) and the output read ('output'). */
  inputNames?: { sample?: string; time?: string; label?: string };
  outputName?: string;
}

/** A teacher's weights as constants of `ops`: no gradient reaches them. Build once per loss call. */
export function frozenParams<T>(ops: Ops<T>, store: ParamStore): Params<T> {
  return paramsFromMap(new Map([...store].map(([name, value]) => [name, ops.constant(value)])));
}

/** Runs a model function and picks one output. */
export function runOutput<T>(
  ops: Ops<T>,
  model: ModelFunction,
  params: Params<T>,
  inputs: Readonly<Record<string, T>>,
  outputName = 'output',
): T {
  const result = model(ops, params, inputs);
  const output = isRecord(result) ? result[outputName] : outputName === 'output' ? result : undefined;
  if (output === undefined) throw new RangeError(`distill: the model has no output '${outputName}'`);
  return output;
}

/**
 * A model's several outputs come back as a record of values; a single output is a framework value, which
 * (tfjs tensors and ONNX symbolic values alike) carries its dtype.
 */
function isRecord<T>(value: T | Readonly<Record<string, T>>): value is Readonly<Record<string, T>> {
  return typeof value === 'object' && value !== null && !('dtype' in value);
}

/** What a guided teacher prediction is asked for: B samples at their own times and labels. */
export interface TeacherQuery<T> {
  x: T; // (B, …)
  times: Float32Array; // (B)
  labels: Int32Array; // (B)
  /** Guidance scales per sample in diffusers' convention (1 = conditional only); absent = no guidance. */
  scales?: Float32Array; // (B)
}

/**
 * The teacher's prediction (of its own target) with classifier-free guidance, as a constant of `ops`:
 * p̂ = p_u + w·(p_c − p_u) (Ho & Salimans 2021 eq. 6 in diffusers' `guidance_scale` form), the conditional
 * and unconditional halves in one batched call; a guidance-distilled teacher gets w as its input instead.
 */
export function teacherPrediction<T>(
  ops: Ops<T>,
  teacher: Teacher,
  params: Params<T>,
  query: TeacherQuery<T>,
): T {
  const names = { sample: 'x', time: 't', label: 'y', ...teacher.inputNames };
  const batch = query.times.length;
  const run = (x: T, times: Float32Array, labels: Int32Array, extra: Record<string, T>) =>
    ops.stopGradient(
      runOutput(
        ops,
        teacher.model,
        params,
        {
          [names.sample]: x,
          [names.time]: ops.constant(tensor(times, [times.length])),
          [names.label]: ops.constant(tensor(labels, [labels.length], 'int32')),
          ...extra,
        },
        teacher.outputName,
      ),
    );
  const { scales } = query;
  if (teacher.guidanceInput) {
    const w = scales ?? new Float32Array(batch).fill(1);
    return run(query.x, query.times, query.labels, {
      [teacher.guidanceInput]: ops.constant(tensor(w, [batch])),
    });
  }
  if (!scales || scales.every((scale) => scale === 1)) return run(query.x, query.times, query.labels, {});
  if (teacher.nullClass === null) {
    throw new RangeError('distill: guidance needs a teacher with a null class (its card has nullClass null)');
  }
  const times = new Float32Array(2 * batch);
  times.set(query.times);
  times.set(query.times, batch);
  const labels = new Int32Array(2 * batch).fill(teacher.nullClass);
  labels.set(query.labels);
  const both = run(ops.concat([query.x, query.x], 0), times, labels, {}); // (2B, …)
  const conditional = ops.slice(both, 0, 0, batch); // (B, …)
  const unconditional = ops.slice(both, 0, batch, 2 * batch); // (B, …)
  const weight = perSample(ops, scales, ops.shape(query.x).length); // (B, 1, …)
  return ops.add(unconditional, ops.mul(weight, ops.sub(conditional, unconditional))); // (B, …)
}
