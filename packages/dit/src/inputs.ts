import type { Ops } from '@latentlab/tensor';
import type { DitConfig } from './config.js';

/** The named inputs of a DiT model function. */
export interface DitInputs<T> {
  /** Noisy images (B, C, H, W), float32. */
  readonly x: T;
  /** Times (B) in [0, 1], float32 (scaled by `timestepScale` inside). */
  readonly t: T;
  /** Class labels (B), int32 in [0, classes]; `classes` is the null class. */
  readonly y: T;
  /** Conditioning sequence (B, S, D), float32; only when `contextLength` S > 0. */
  readonly context?: T;
  /** The config's scalar conditions (B) float32, by name. */
  readonly scalars: Readonly<Record<string, T>>;
}

/** Thrown when a model input is missing or has the wrong shape or dtype; `input` names it. */
export class DitInputError extends Error {
  override name = 'DitInputError';
  constructor(
    readonly input: string,
    problem: string,
  ) {
    super(`DiT input '${input}': ${problem}`);
  }
}

/** Picks and checks the inputs against the config: ranks, sizes, dtypes and one batch size for all. */
export function checkDitInputs<T>(
  ops: Ops<T>,
  inputs: Readonly<Record<string, T>>,
  config: DitConfig,
): DitInputs<T> {
  const { channels, imageSize, contextLength, hiddenSize } = config;
  const x = expectInput(ops, inputs, 'x', 'float32', [null, channels, imageSize, imageSize]);
  const batch = ops.shape(x)[0] as number;
  const t = expectInput(ops, inputs, 't', 'float32', [batch]);
  const y = expectInput(ops, inputs, 'y', 'int32', [batch]);
  const scalars: Record<string, T> = {};
  for (const { name } of config.scalarConditions ?? []) {
    scalars[name] = expectInput(ops, inputs, name, 'float32', [batch]);
  }
  if (contextLength === 0) {
    if (inputs['context'] !== undefined) {
      throw new DitInputError(
        'context',
        'was given but the config has contextLength 0 (no conditioning sequence)',
      );
    }
    return { x, t, y, scalars };
  }
  const context = expectInput(ops, inputs, 'context', 'float32', [batch, contextLength, hiddenSize]);
  return { x, t, y, context, scalars };
}

function expectInput<T>(
  ops: Ops<T>,
  inputs: Readonly<Record<string, T>>,
  name: string,
  dtype: 'float32' | 'int32',
  shape: readonly (number | null)[],
): T {
  const describe = () => `[${shape.map((size, axis) => size ?? (axis === 0 ? 'B' : '?')).join(', ')}]`;
  const value = inputs[name];
  if (value === undefined) {
    throw new DitInputError(name, `is missing; expected ${dtype} of shape ${describe()}`);
  }
  const actual = ops.shape(value);
  const fits =
    actual.length === shape.length && shape.every((size, axis) => size === null || size === actual[axis]);
  if (!fits) {
    throw new DitInputError(name, `has shape [${actual.join(', ')}]; expected ${describe()}`);
  }
  if (ops.dtype(value) !== dtype) {
    throw new DitInputError(name, `has dtype ${ops.dtype(value)}; expected ${dtype}`);
  }
  return value;
}
