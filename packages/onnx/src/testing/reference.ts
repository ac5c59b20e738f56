import { broadcastShapes, type Tensor, tensor } from '@latentlab/tensor';

/**
 * Plain-JS reference implementations of the Ops contract (float64 arithmetic, float32 results), written
 * from the definitions only: what the ONNX graphs are checked against in tests.
 */

export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let axis = shape.length - 2; axis >= 0; axis--) strides[axis] = strides[axis + 1]! * shape[axis + 1]!;
  return strides;
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

function unravel(index: number, shape: readonly number[]): number[] {
  const position = new Array<number>(shape.length);
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    position[axis] = index % shape[axis]!;
    index = Math.floor(index / shape[axis]!);
  }
  return position;
}

/** Builds a tensor of `shape` from a function of each element's position. */
export function fromFunction(
  shape: readonly number[],
  valueAt: (position: number[]) => number,
  dtype: 'float32' | 'int32' = 'float32',
): Tensor {
  const data = dtype === 'float32' ? new Float32Array(sizeOf(shape)) : new Int32Array(sizeOf(shape));
  for (let index = 0; index < data.length; index++) data[index] = valueAt(unravel(index, shape));
  return tensor(data, shape, dtype);
}

/** The element of `x` at `position`. */
export function at(x: Tensor, position: readonly number[]): number {
  const strides = stridesOf(x.shape);
  let offset = 0;
  position.forEach((index, axis) => {
    offset += index * strides[axis]!;
  });
  return x.data[offset]!;
}

/** NumPy-broadcast elementwise op. */
export function broadcastBinary(
  a: Tensor,
  b: Tensor,
  fn: (x: number, y: number) => number,
  dtype: 'float32' | 'int32' = 'float32',
): Tensor {
  const shape = broadcastShapes(a.shape, b.shape);
  const pick = (x: Tensor, position: number[]) =>
    at(
      x,
      x.shape.map((size, axis) => (size === 1 ? 0 : position[axis + shape.length - x.shape.length]!)),
    );
  return fromFunction(shape, (position) => fn(pick(a, position), pick(b, position)), dtype);
}

export function mapUnary(
  x: Tensor,
  fn: (value: number) => number,
  dtype: 'float32' | 'int32' = 'float32',
): Tensor {
  return fromFunction(x.shape, (position) => fn(at(x, position)), dtype);
}

/** Swaps the last two axes. */
function transposedLastTwo(x: Tensor): Tensor {
  const rank = x.shape.length;
  const perm = x.shape.map((_, axis) => (axis < rank - 2 ? axis : 2 * rank - 3 - axis));
  return transposeReference(x, perm);
}

export function matmulReference(a: Tensor, b: Tensor, transposeA = false, transposeB = false): Tensor {
  const left = transposeA ? transposedLastTwo(a) : a; // (…, M, K)
  const right = transposeB ? transposedLastTwo(b) : b; // (…, K, N)
  const [rows, inner] = left.shape.slice(-2) as [number, number];
  const columns = right.shape.at(-1)!;
  const batch = broadcastShapes(left.shape.slice(0, -2), right.shape.slice(0, -2));
  const batchIndex = (x: Tensor, position: number[]) => {
    const leading = x.shape.slice(0, -2);
    return leading.map((size, axis) => (size === 1 ? 0 : position[axis + batch.length - leading.length]!));
  };
  return fromFunction([...batch, rows, columns], (position) => {
    const outer = position.slice(0, -2);
    const [row, column] = position.slice(-2) as [number, number];
    let total = 0;
    for (let k = 0; k < inner; k++) {
      total +=
        at(left, [...batchIndex(left, outer), row, k]) * at(right, [...batchIndex(right, outer), k, column]);
    }
    return total;
  });
}

export function reduceReference(
  x: Tensor,
  axes: readonly number[],
  keepDims: boolean,
  kind: 'sum' | 'mean' | 'max',
): Tensor {
  const keptShape = x.shape.map((size, axis) => (axes.includes(axis) ? 1 : size));
  const reduced = fromFunction(
    keptShape,
    (position) => {
      const window = axes.map((axis) => x.shape[axis]!);
      let total = kind === 'max' ? Number.NEGATIVE_INFINITY : 0;
      for (let index = 0; index < sizeOf(window); index++) {
        const offsets = unravel(index, window);
        const source = position.map((value, axis) =>
          axes.includes(axis) ? offsets[axes.indexOf(axis)]! : value,
        );
        const value = at(x, source);
        total = kind === 'max' ? Math.max(total, value) : total + value;
      }
      return kind === 'mean' ? total / sizeOf(window) : total;
    },
    x.dtype === 'int32' && kind !== 'mean' ? 'int32' : 'float32',
  );
  const shape = keepDims ? keptShape : x.shape.filter((_, axis) => !axes.includes(axis));
  return tensor(reduced.data, shape, reduced.dtype);
}

/** Index of the largest / smallest element along `axis` (int32, axis removed); ties → the first index. */
export function argExtremeReference(x: Tensor, axis: number, kind: 'argmax' | 'argmin'): Tensor {
  const shape = x.shape.filter((_, other) => other !== axis);
  return fromFunction(
    shape,
    (position) => {
      let best = 0;
      for (let index = 1; index < x.shape[axis]!; index++) {
        const source = (at: number) => [...position.slice(0, axis), at, ...position.slice(axis)];
        const value = at(x, source(index));
        const bestValue = at(x, source(best));
        if (kind === 'argmax' ? value > bestValue : value < bestValue) best = index;
      }
      return best;
    },
    'int32',
  );
}

/** numpy.where(condition != 0, a, b) with the three broadcast together. */
export function whereReference(condition: Tensor, a: Tensor, b: Tensor, dtype: 'float32' | 'int32'): Tensor {
  const shape = broadcastShapes(broadcastShapes(condition.shape, a.shape), b.shape);
  const pick = (x: Tensor, position: number[]) =>
    at(
      x,
      x.shape.map((size, axis) => (size === 1 ? 0 : position[axis + shape.length - x.shape.length]!)),
    );
  return fromFunction(
    shape,
    (position) => (pick(condition, position) !== 0 ? pick(a, position) : pick(b, position)),
    dtype,
  );
}

export function transposeReference(x: Tensor, perm: readonly number[]): Tensor {
  return fromFunction(
    perm.map((axis) => x.shape[axis]!),
    (position) => {
      const source = new Array<number>(perm.length);
      perm.forEach((axis, index) => {
        source[axis] = position[index]!;
      });
      return at(x, source);
    },
    x.dtype === 'int32' ? 'int32' : 'float32',
  );
}

export function concatReference(xs: readonly Tensor[], axis: number): Tensor {
  const total = xs.reduce((sum, x) => sum + x.shape[axis]!, 0);
  const shape = xs[0]!.shape.map((size, other) => (other === axis ? total : size));
  return fromFunction(shape, (position) => {
    let index = position[axis]!;
    for (const x of xs) {
      if (index < x.shape[axis]!)
        return at(
          x,
          position.map((value, other) => (other === axis ? index : value)),
        );
      index -= x.shape[axis]!;
    }
    throw new Error('unreachable');
  });
}

export function sliceReference(x: Tensor, axis: number, from: number, to: number): Tensor {
  const shape = x.shape.map((size, other) => (other === axis ? Math.max(0, to - from) : size));
  return fromFunction(shape, (position) =>
    at(
      x,
      position.map((value, other) => (other === axis ? value + from : value)),
    ),
  );
}

export function gatherReference(x: Tensor, indices: Tensor, axis: number): Tensor {
  const shape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
  return fromFunction(shape, (position) => {
    const picked = at(indices, position.slice(axis, axis + indices.shape.length));
    return at(x, [...position.slice(0, axis), picked, ...position.slice(axis + indices.shape.length)]);
  });
}

export interface ConvReferenceOptions {
  stride?: [number, number];
  padding?: [number, number];
  dilation?: [number, number];
  groups?: number;
}

/** Direct convolution: y[n, o, i, j] = b[o] + Σ x[n, c, i·s + ki·d − p, j·s + kj·d − p] · w[o, c', ki, kj]. */
export function conv2dReference(
  x: Tensor,
  w: Tensor,
  b: Tensor | undefined,
  options: ConvReferenceOptions = {},
) {
  const [sH, sW] = options.stride ?? [1, 1];
  const [pH, pW] = options.padding ?? [0, 0];
  const [dH, dW] = options.dilation ?? [1, 1];
  const groups = options.groups ?? 1;
  const [n, , h, width] = x.shape as [number, number, number, number];
  const [o, cg, kH, kW] = w.shape as [number, number, number, number];
  const outH = Math.floor((h + 2 * pH - dH * (kH - 1) - 1) / sH) + 1;
  const outW = Math.floor((width + 2 * pW - dW * (kW - 1) - 1) / sW) + 1;
  const outPerGroup = o / groups;
  return fromFunction([n, o, outH, outW], ([batch, out, i, j]) => {
    const group = Math.floor(out! / outPerGroup);
    let total = b ? at(b, [out!]) : 0;
    for (let ci = 0; ci < cg; ci++) {
      for (let ki = 0; ki < kH; ki++) {
        for (let kj = 0; kj < kW; kj++) {
          const row = i! * sH + ki * dH - pH;
          const column = j! * sW + kj * dW - pW;
          if (row < 0 || row >= h || column < 0 || column >= width) continue;
          total += at(x, [batch!, group * cg + ci, row, column]) * at(w, [out!, ci, ki, kj]);
        }
      }
    }
    return total;
  });
}

/** Scatter form of PyTorch's ConvTranspose2d: every input pixel adds w·x at (i·s + ki − p, j·s + kj − p). */
export function convTranspose2dReference(
  x: Tensor,
  w: Tensor,
  b: Tensor | undefined,
  stride: [number, number],
  padding: [number, number],
  outputPadding: [number, number],
): Tensor {
  const [n, c, h, width] = x.shape as [number, number, number, number];
  const [, o, kH, kW] = w.shape as [number, number, number, number];
  const outH = (h - 1) * stride[0] - 2 * padding[0] + kH + outputPadding[0];
  const outW = (width - 1) * stride[1] - 2 * padding[1] + kW + outputPadding[1];
  const out = new Float64Array(n * o * outH * outW);
  for (let batch = 0; batch < n; batch++)
    for (let channel = 0; channel < c; channel++)
      for (let i = 0; i < h; i++)
        for (let j = 0; j < width; j++)
          for (let oc = 0; oc < o; oc++)
            for (let ki = 0; ki < kH; ki++)
              for (let kj = 0; kj < kW; kj++) {
                const row = i * stride[0] + ki - padding[0];
                const column = j * stride[1] + kj - padding[1];
                if (row < 0 || row >= outH || column < 0 || column >= outW) continue;
                out[((batch * o + oc) * outH + row) * outW + column]! +=
                  at(x, [batch, channel, i, j]) * at(w, [channel, oc, ki, kj]);
              }
  return fromFunction([n, o, outH, outW], ([batch, oc, row, column]) => {
    return out[((batch! * o + oc!) * outH + row!) * outW + column!]! + (b ? at(b, [oc!]) : 0);
  });
}

export function upsampleNearestReference(x: Tensor, scale: number): Tensor {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  return fromFunction([n, c, h * scale, w * scale], ([batch, channel, i, j]) =>
    at(x, [batch!, channel!, Math.floor(i! / scale), Math.floor(j! / scale)]),
  );
}

export function avgPoolReference(x: Tensor, size: number): Tensor {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  return fromFunction([n, c, Math.floor(h / size), Math.floor(w / size)], ([batch, channel, i, j]) => {
    let total = 0;
    for (let di = 0; di < size; di++)
      for (let dj = 0; dj < size; dj++) total += at(x, [batch!, channel!, i! * size + di, j! * size + dj]);
    return total / (size * size);
  });
}

/** Mean and biased variance of `values`. */
function moments(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
  return { mean, variance };
}

export function layerNormReference(
  x: Tensor,
  weight: Tensor | undefined,
  bias: Tensor | undefined,
  eps: number,
) {
  const features = x.shape.at(-1)!;
  return fromFunction(x.shape, (position) => {
    const row = Array.from({ length: features }, (_, k) => at(x, [...position.slice(0, -1), k]));
    const { mean, variance } = moments(row);
    const feature = position.at(-1)!;
    const normalized = (at(x, position) - mean) / Math.sqrt(variance + eps);
    return normalized * (weight ? at(weight, [feature]) : 1) + (bias ? at(bias, [feature]) : 0);
  });
}

export function groupNormReference(
  x: Tensor,
  groups: number,
  weight: Tensor | undefined,
  bias: Tensor | undefined,
  eps: number,
): Tensor {
  const [, channels, ...spatial] = x.shape as [number, number, ...number[]];
  const perGroup = channels / groups;
  const spatialSize = sizeOf(spatial);
  return fromFunction(x.shape, (position) => {
    const [batch, channel] = position as [number, number];
    const group = Math.floor(channel / perGroup);
    const values: number[] = [];
    for (let c = group * perGroup; c < (group + 1) * perGroup; c++) {
      for (let index = 0; index < spatialSize; index++)
        values.push(at(x, [batch, c, ...unravel(index, spatial)]));
    }
    const { mean, variance } = moments(values);
    const normalized = (at(x, position) - mean) / Math.sqrt(variance + eps);
    return normalized * (weight ? at(weight, [channel]) : 1) + (bias ? at(bias, [channel]) : 0);
  });
}

export function softmaxReference(x: Tensor, axis: number, logarithm = false): Tensor {
  return fromFunction(x.shape, (position) => {
    const line = Array.from({ length: x.shape[axis]! }, (_, k) =>
      at(
        x,
        position.map((value, other) => (other === axis ? k : value)),
      ),
    );
    const largest = Math.max(...line);
    const total = line.reduce((sum, value) => sum + Math.exp(value - largest), 0);
    const shifted = at(x, position) - largest;
    return logarithm ? shifted - Math.log(total) : Math.exp(shifted) / total;
  });
}

/** erf by its Maclaurin series (|x| < 3) or continued fraction tail: accurate to ~1e-12 here. */
export function erf(x: number): number {
  const sign = Math.sign(x);
  const value = Math.abs(x);
  if (value < 3) {
    let term = value;
    let total = value;
    for (let n = 1; n < 80; n++) {
      term *= (-value * value) / n;
      total += term / (2 * n + 1);
    }
    return (sign * 2 * total) / Math.sqrt(Math.PI);
  }
  // erfc(x) ≈ exp(−x²)/(x√π) · (1 − 1/(2x²) + 3/(4x⁴) − …), good to < 1e-6 for x ≥ 3.
  const inverse = 1 / (2 * value * value);
  const series = 1 - inverse + 3 * inverse * inverse - 15 * inverse ** 3;
  return sign * (1 - (Math.exp(-value * value) / (value * Math.sqrt(Math.PI))) * series);
}

export const geluTanhReference = (x: number) =>
  0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
export const geluExactReference = (x: number) => 0.5 * x * (1 + erf(x / Math.SQRT2));
