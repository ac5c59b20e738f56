import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeAddon } from '../native-addon.js';
import { outputArray } from '../output-buffers.js';
import { float32Values } from './native-mat-mul.js';
import { middleAxisView, normalizeAxes } from './reduce-view.js';

/** Codes of the reductions native/reduce.h implements. */
export const REDUCTION_CODES = { sum: 0, mean: 1, max: 2 } as const;

type ReductionName = keyof typeof REDUCTION_CODES;

/**
 * A reduction kernel (Sum, Mean: attrs axis/keepDims; Max: reductionIndices/keepDims) that runs natively
 * when the input is float32 and non-empty and its reduced axes form one contiguous run; anything else (other
 * dtypes, scattered axes, invalid axes) goes to the cpu kernel.
 */
function nativeReduction(reduction: ReductionName, axisAttribute: 'axis' | 'reductionIndices') {
  return (cpuKernel: KernelFunc): KernelFunc =>
    (call) => {
      const addon = nativeAddon();
      const x = (call.inputs as unknown as { x: TensorInfo }).x;
      const attrs = call.attrs as unknown as Record<string, unknown>;
      const backend = call.backend as MathBackendCPU;
      const xValues = addon && x.shape.length > 0 ? float32Values(backend, x) : null;
      if (!addon || !xValues || xValues.length === 0) return cpuKernel(call);
      const axes = normalizeAxes(attrs[axisAttribute] as number | number[] | null, x.shape.length);
      if (!axes) return cpuKernel(call);
      const view = middleAxisView(x.shape, axes, attrs['keepDims'] === true);
      if (!view) {
        // Scattered axes, e.g. a conv bias gradient (N, C, H, W) over [0, 2, 3]: one pass per run of axes.
        const runs = reducedRuns(x.shape, axes);
        const outputShape = reducedShape(x.shape, axes, attrs['keepDims'] === true);
        const output = outputArray(
          backend,
          outputShape.reduce((product, size) => product * size, 1),
        );
        reduceRuns(xValues, x.shape, runs, output, REDUCTION_CODES[reduction]);
        return backend.makeTensorInfo(outputShape, 'float32', output);
      }
      // output: (outer, inner), reshaped to tfjs's output shape
      const output = outputArray(backend, view.outer * view.inner);
      addon.reduceMiddleAxis(
        xValues,
        output,
        view.outer,
        view.reduce,
        view.inner,
        REDUCTION_CODES[reduction],
      );
      return backend.makeTensorInfo(view.outputShape, 'float32', output);
    };
}

/** The reduced axes as runs [start, end) of consecutive axes, first to last. */
export function reducedRuns(shape: readonly number[], axes: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const axis of axes) {
    const last = runs.at(-1);
    if (last && last[1] === axis) last[1] = axis + 1;
    else runs.push([axis, axis + 1]);
  }
  return runs.filter(([start, end]) => start < end && end <= shape.length);
}

function reducedShape(shape: readonly number[], axes: readonly number[], keepDims: boolean): number[] {
  const reduced = new Set(axes);
  return keepDims
    ? shape.map((size, axis) => (reduced.has(axis) ? 1 : size))
    : shape.filter((_, axis) => !reduced.has(axis));
}

const product = (sizes: readonly number[]) => sizes.reduce((total, size) => total * size, 1);

/**
 * Reduces `values` of `shape` over each run of axes, the innermost run first, each pass a native
 * (outer, reduce, inner) reduction into a smaller buffer; the last pass writes `output`. Sums of partial
 * sums, means of equal-sized partial means and maxima of partial maxima equal the whole reduction.
 */
function reduceRuns(
  values: Float32Array,
  shape: readonly number[],
  runs: readonly [number, number][],
  output: Float32Array,
  code: number,
): void {
  const addon = nativeAddon()!;
  const current = [...shape];
  let input = values;
  for (let index = runs.length - 1; index >= 0; index--) {
    const [start, end] = runs[index]!;
    const outer = product(current.slice(0, start));
    const reduce = product(current.slice(start, end));
    const inner = product(current.slice(end));
    const target = index === 0 ? output : new Float32Array(outer * inner);
    addon.reduceMiddleAxis(input, target, outer, reduce, inner, code);
    for (let axis = start; axis < end; axis++) current[axis] = 1;
    input = target;
  }
}

export const nativeSum = nativeReduction('sum', 'axis');
export const nativeMean = nativeReduction('mean', 'axis');
export const nativeMax = nativeReduction('max', 'reductionIndices');
