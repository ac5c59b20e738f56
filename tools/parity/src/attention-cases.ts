import {
  attentionWithCache,
  MASKED_SCORE,
  type ParamStore,
  scaledDotProductAttention,
  selfAttention,
  selfAttentionWithCache,
  type Tensor,
  tensor,
} from '@latentlab/tensor';
import type { OpCase } from './op-cases.js';
import { RandomTensors } from './random-tensors.js';

/**
 * Attention layers of @latentlab/tensor (composed from Ops) under masks, causal masking and a KV cache,
 * checked like the op cases: tfjs vs onnxruntime-node, and tfjs gradients vs finite differences.
 * `op` names the layer function.
 */

type Inputs<T> = Readonly<Record<string, T>>;
const input = <T>(inputs: Inputs<T>, name: string): T => inputs[name] as T;

const random = new RandomTensors(4242);
const cases: OpCase[] = [];

/** A 0 / MASKED_SCORE mask of `shape` with key 0 always allowed, so no row is fully masked. */
function randomKeyMask(shape: number[]): Tensor {
  const keep = random.uniform(shape, 0, 1);
  const keys = shape.at(-1) as number;
  const values = Float32Array.from(keep.data, (value, index) =>
    index % keys === 0 || value < 0.6 ? 0 : MASKED_SCORE,
  );
  return tensor(values, shape);
}

const [batch, heads, headDim] = [2, 2, 8];
const heads4 = (tokens: number) => [batch, heads, tokens, headDim];

cases.push({
  op: 'scaledDotProductAttention',
  title: 'attention with an additive mask (B, 1, Tq, Tk)',
  model: (ops, _params, inputs) =>
    scaledDotProductAttention(ops, input(inputs, 'q'), input(inputs, 'k'), input(inputs, 'v'), {
      mask: input(inputs, 'mask'),
    }),
  inputs: {
    q: random.normal(heads4(4)),
    k: random.normal(heads4(6)),
    v: random.normal(heads4(6)),
    mask: randomKeyMask([batch, 1, 4, 6]),
  },
});
cases.push({
  op: 'scaledDotProductAttention',
  title: 'causal attention (Tq = Tk = 5), dynamic batch',
  model: (ops, _params, inputs) =>
    scaledDotProductAttention(ops, input(inputs, 'q'), input(inputs, 'k'), input(inputs, 'v'), {
      causal: true,
    }),
  inputs: { q: random.normal(heads4(5)), k: random.normal(heads4(5)), v: random.normal(heads4(5)) },
  dynamicBatch: true,
});
cases.push({
  op: 'scaledDotProductAttention',
  title: 'causal attention with more queries than keys: the first rows have no key (finite, uniform)',
  model: (ops, _params, inputs) =>
    scaledDotProductAttention(ops, input(inputs, 'q'), input(inputs, 'k'), input(inputs, 'v'), {
      causal: true,
    }),
  inputs: { q: random.normal(heads4(5)), k: random.normal(heads4(3)), v: random.normal(heads4(3)) },
});
cases.push({
  op: 'attentionWithCache',
  title: 'causal attention of 3 new positions over a cache of 4, dynamic batch',
  model: (ops, _params, inputs) => {
    const { output, cache } = attentionWithCache(
      ops,
      input(inputs, 'q'),
      input(inputs, 'k'),
      input(inputs, 'v'),
      { keys: input(inputs, 'cacheKeys'), values: input(inputs, 'cacheValues') },
      { causal: true },
    );
    return { output, keys: cache.keys, values: cache.values };
  },
  inputs: {
    q: random.normal(heads4(3)),
    k: random.normal(heads4(3)),
    v: random.normal(heads4(3)),
    cacheKeys: random.normal(heads4(4)),
    cacheValues: random.normal(heads4(4)),
  },
  dynamicBatch: true,
});
cases.push({
  op: 'attentionWithCache',
  title: 'causal attention over a cache with a key-padding mask (B, 1, 1, P + Tq)',
  model: (ops, _params, inputs) =>
    attentionWithCache(
      ops,
      input(inputs, 'q'),
      input(inputs, 'k'),
      input(inputs, 'v'),
      { keys: input(inputs, 'cacheKeys'), values: input(inputs, 'cacheValues') },
      { causal: true, mask: input(inputs, 'mask') },
    ).output,
  inputs: {
    q: random.normal(heads4(2)),
    k: random.normal(heads4(2)),
    v: random.normal(heads4(2)),
    cacheKeys: random.normal(heads4(3)),
    cacheValues: random.normal(heads4(3)),
    mask: randomKeyMask([batch, 1, 1, 5]),
  },
});

const width = heads * headDim;
/** `<prefix>.qkv` and `<prefix>.proj` of one attention layer, scaled as initialised weights are. */
function attentionParams(prefix: string): ParamStore {
  return new Map([
    [`${prefix}.qkv.weight`, random.normal([3 * width, width], 1 / Math.sqrt(width))],
    [`${prefix}.qkv.bias`, random.normal([3 * width], 0.1)],
    [`${prefix}.proj.weight`, random.normal([width, width], 1 / Math.sqrt(width))],
    [`${prefix}.proj.bias`, random.normal([width], 0.1)],
  ]);
}

cases.push({
  op: 'selfAttention',
  title: 'causal self-attention (B, 6, D), dynamic batch',
  model: (ops, params, inputs) =>
    selfAttention(ops, params, 'attn', input(inputs, 'x'), heads, { causal: true }),
  inputs: { x: random.normal([batch, 6, width]) },
  params: attentionParams('attn'),
  dynamicBatch: true,
});
cases.push({
  op: 'selfAttentionWithCache',
  title: 'cached causal self-attention: 2 new positions after a cache of 5',
  model: (ops, params, inputs) => {
    const { output, cache } = selfAttentionWithCache(
      ops,
      params,
      'attn',
      input(inputs, 'x'),
      heads,
      { keys: input(inputs, 'cacheKeys'), values: input(inputs, 'cacheValues') },
      { causal: true },
    );
    return { output, keys: cache.keys, values: cache.values };
  },
  inputs: {
    x: random.normal([batch, 2, width]),
    cacheKeys: random.normal(heads4(5)),
    cacheValues: random.normal(heads4(5)),
  },
  params: attentionParams('attn'),
});

export const attentionCases: readonly OpCase[] = cases;
