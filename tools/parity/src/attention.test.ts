import { decodeModel, exportOnnx } from '@latentlab/onnx';
import {
  attentionWithCache,
  causalMask,
  type KeyValueCache,
  MASKED_SCORE,
  maxAbsDiff,
  paramsFromMap,
  scaledDotProductAttention,
  selfAttention,
  selfAttentionWithCache,
  type Tensor,
} from '@latentlab/tensor';
import { fromTf, tf, tfjsOps, toTf } from '@latentlab/tfjs';
import { describe, expect, it } from 'vitest';
import { attentionCases } from './attention-cases.js';
import { checkParity } from './compare.js';
import { checkCaseGradient } from './gradient-check.js';
import { RandomTensors } from './random-tensors.js';

const random = new RandomTensors(31);
const ops = tfjsOps;

/**
 * Float64 reference of softmax(Q Kᵀ / √d + causal) V (Vaswani et al. 2017, eq. 1) with query i at absolute
 * position Tk − Tq + i attending keys j ≤ Tk − Tq + i. q (B, H, Tq, d), k and v (B, H, Tk, d).
 */
function causalAttentionReference(q: Tensor, k: Tensor, v: Tensor): Float64Array {
  const [batch, heads, queries, headDim] = q.shape as [number, number, number, number];
  const keys = k.shape[2] as number;
  const offset = keys - queries;
  const output = new Float64Array(batch * heads * queries * headDim);
  for (let bh = 0; bh < batch * heads; bh++) {
    for (let i = 0; i < queries; i++) {
      const allowed = Math.min(keys, offset + i + 1);
      const scores: number[] = [];
      for (let j = 0; j < allowed; j++) {
        let dot = 0;
        for (let c = 0; c < headDim; c++) {
          dot +=
            (q.data[(bh * queries + i) * headDim + c] as number) *
            (k.data[(bh * keys + j) * headDim + c] as number);
        }
        scores.push(dot / Math.sqrt(headDim));
      }
      const largest = Math.max(...scores);
      const weights = scores.map((score) => Math.exp(score - largest));
      const total = weights.reduce((sum, weight) => sum + weight, 0);
      for (let c = 0; c < headDim; c++) {
        let value = 0;
        for (let j = 0; j < allowed; j++)
          value += ((weights[j] as number) / total) * (v.data[(bh * keys + j) * headDim + c] as number);
        output[(bh * queries + i) * headDim + c] = value;
      }
    }
  }
  return output;
}

/** Runs `work` in a tf.tidy scope (which takes only tensor results) and returns its plain result. */
function tidily<R>(work: () => R): R {
  let result: R | undefined;
  tf.tidy(() => {
    result = work();
  });
  return result as R;
}

/** Runs `compute` on tfjs tensors made from `inputs` and returns the result as a plain tensor. */
function withTfjs(inputs: Tensor[], compute: (...values: tf.Tensor[]) => tf.Tensor): Tensor {
  return tidily(() => fromTf(compute(...inputs.map(toTf))));
}

describe('attention parity: tfjs vs onnxruntime-node', () => {
  it.each(attentionCases.map((testCase) => [testCase.title, testCase] as const))(
    '%s',
    async (_title, testCase) => {
      const report = await checkParity(testCase.model, testCase.params ?? new Map(), testCase.inputs, {
        dynamicBatch: testCase.dynamicBatch ?? false,
      });
      expect(report.maxAbsDiff).toBeLessThanOrEqual(testCase.tolerance ?? 1e-5);
      expect(Number.isFinite(report.maxAbs)).toBe(true);
    },
  );
});

describe('finite-difference check of tfjs gradients through masked, causal and cached attention', () => {
  it.each(attentionCases.map((testCase) => [testCase.title, testCase] as const))('%s', (_title, testCase) => {
    const result = checkCaseGradient(testCase, 5, 1e-2);
    expect(result.relativeError, JSON.stringify(result)).toBeLessThan(2e-2);
  });
});

describe('causal attention', () => {
  it.each([
    [5, 5],
    [3, 7],
    [1, 6],
  ])('with %i queries over %i keys equals a float64 reference', (queries, keys) => {
    const q = random.normal([2, 3, queries, 4]);
    const k = random.normal([2, 3, keys, 4]);
    const v = random.normal([2, 3, keys, 4]);
    const actual = withTfjs([q, k, v], (qs, ks, vs) =>
      scaledDotProductAttention(ops, qs as tf.Tensor, ks as tf.Tensor, vs as tf.Tensor, { causal: true }),
    );
    expect(actual.shape).toEqual([2, 3, queries, 4]);
    expect(maxAbsDiff(actual, causalAttentionReference(q, k, v))).toBeLessThanOrEqual(1e-5);
  });

  it('builds the mask of the definition: (Tq, Tk) = (3, 5) allows keys j ≤ 2 + i', () => {
    const mask = causalMask(3, 5);
    expect(mask.dtype).toBe('int32');
    expect(mask.shape).toEqual([3, 5]);
    expect([...mask.data]).toEqual([1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1]);
    // More queries than keys: the first two queries have no key.
    expect([...causalMask(4, 2).data]).toEqual([0, 0, 0, 0, 1, 0, 1, 1]);
  });

  it('gives rows without any allowed key the uniform average of the values, not NaN', () => {
    const q = random.normal([1, 1, 4, 3]);
    const k = random.normal([1, 1, 2, 3], 5);
    const v = random.normal([1, 1, 2, 3]);
    const actual = withTfjs([q, k, v], (qs, ks, vs) =>
      scaledDotProductAttention(ops, qs as tf.Tensor, ks as tf.Tensor, vs as tf.Tensor, { causal: true }),
    );
    expect([...actual.data].every(Number.isFinite)).toBe(true);
    for (const row of [0, 1]) {
      for (let c = 0; c < 3; c++) {
        const mean = ((v.data[c] as number) + (v.data[3 + c] as number)) / 2;
        expect(actual.data[row * 3 + c]).toBeCloseTo(mean, 6);
      }
    }
  });
});

describe('KV-cached decoding', () => {
  const [batch, tokens, width, heads] = [2, 9, 16, 4];
  const params = paramsFromMap(
    new Map([
      ['attn.qkv.weight', toTf(random.normal([3 * width, width], 0.3))],
      ['attn.qkv.bias', toTf(random.normal([3 * width], 0.1))],
      ['attn.proj.weight', toTf(random.normal([width, width], 0.3))],
      ['attn.proj.bias', toTf(random.normal([width], 0.1))],
    ]),
  );
  const x = random.normal([batch, tokens, width]);

  it('a prefix at once, a chunk of 2, then one token at a time equals causal attention over the whole sequence', () => {
    const { full, decoded, cacheShape } = tidily(() => {
      const sequence = toTf(x);
      const full = selfAttention(ops, params, 'attn', sequence, heads, { causal: true }); // (B, T, D)
      let cache: KeyValueCache<tf.Tensor> | undefined;
      const outputs: tf.Tensor[] = [];
      // Positions [0, 4) at once, [4, 6) as a chunk over the cache, then 6, 7 and 8 one by one.
      for (const [start, end] of [
        [0, 4],
        [4, 6],
        [6, 7],
        [7, 8],
        [8, 9],
      ] as const) {
        const step = selfAttentionWithCache(
          ops,
          params,
          'attn',
          ops.slice(sequence, 1, start, end),
          heads,
          cache,
          {
            causal: true,
          },
        );
        outputs.push(step.output);
        cache = step.cache;
      }
      return {
        full: fromTf(full),
        decoded: fromTf(ops.concat(outputs, 1)),
        cacheShape: cache ? [ops.shape(cache.keys), ops.shape(cache.values)] : [],
      };
    });
    expect(decoded.shape).toEqual([batch, tokens, width]);
    expect(maxAbsDiff(decoded, full)).toBeLessThanOrEqual(1e-5);
    expect(cacheShape).toEqual([
      [batch, heads, tokens, width / heads],
      [batch, heads, tokens, width / heads],
    ]);
  });

  it('differs from full attention when decoding without the causal mask (the check can fail)', () => {
    const difference = tf.tidy(() => {
      const sequence = toTf(x);
      const full = selfAttention(ops, params, 'attn', sequence, heads, { causal: true });
      const prefix = selfAttentionWithCache(ops, params, 'attn', ops.slice(sequence, 1, 0, 4), heads);
      return maxAbsDiff(fromTf(prefix.output), fromTf(ops.slice(full, 1, 0, 4)));
    });
    expect(difference).toBeGreaterThan(1e-3);
  });
});

describe('attention options', () => {
  const q = random.normal([1, 2, 3, 4]);
  const k = random.normal([1, 2, 5, 4]);
  const v = random.normal([1, 2, 5, 4]);

  it('records exactly the unmasked graph without options (DiT checkpoints export as before)', () => {
    const bytes = exportOnnx(
      (graphOps, _params, inputs) =>
        scaledDotProductAttention(graphOps, inputs['q'] as never, inputs['k'] as never, inputs['v'] as never),
      new Map(),
      {
        q: { shape: [1, 2, 3, 4], dtype: 'float32' },
        k: { shape: [1, 2, 5, 4], dtype: 'float32' },
        v: { shape: [1, 2, 5, 4], dtype: 'float32' },
      },
    );
    const opTypes = decodeModel(bytes).graph.nodes.map((node) => node.opType);
    expect(opTypes).toEqual(['Transpose', 'MatMul', 'Mul', 'Softmax', 'MatMul']);
  });

  it('an all-zero mask changes nothing; a mask on a key removes it', () => {
    const unmasked = withTfjs([q, k, v], (qs, ks, vs) => scaledDotProductAttention(ops, qs!, ks!, vs!));
    const zeroMask = withTfjs([q, k, v], (qs, ks, vs) =>
      scaledDotProductAttention(ops, qs!, ks!, vs!, { mask: tf.zeros([3, 5]) }),
    );
    expect(maxAbsDiff(zeroMask, unmasked)).toBe(0);
    // Masking the last key equals attending the first four keys only.
    const maskLast = tf.tidy(() => tf.concat([tf.zeros([1, 4]), tf.fill([1, 1], MASKED_SCORE)], 1));
    const masked = withTfjs([q, k, v], (qs, ks, vs) =>
      scaledDotProductAttention(ops, qs!, ks!, vs!, { mask: maskLast }),
    );
    const firstFour = withTfjs([q, k, v], (qs, ks, vs) =>
      scaledDotProductAttention(ops, qs!, ops.slice(ks!, 2, 0, 4), ops.slice(vs!, 2, 0, 4)),
    );
    maskLast.dispose();
    expect(maxAbsDiff(masked, firstFour)).toBeLessThanOrEqual(1e-6);
    expect(maxAbsDiff(masked, unmasked)).toBeGreaterThan(1e-3);
  });

  it('names the mismatch when a mask or a cache does not fit', () => {
    tf.tidy(() => {
      const [qs, ks, vs] = [toTf(q), toTf(k), toTf(v)];
      expect(() => scaledDotProductAttention(ops, qs, ks, vs, { mask: tf.zeros([3, 4]) })).toThrow(
        'scaledDotProductAttention: mask [3, 4] does not broadcast to the scores (B, H, Tq, Tk) [1, 2, 3, 5]',
      );
      expect(() => scaledDotProductAttention(ops, qs, ks, vs, { mask: tf.zeros([3, 5], 'int32') })).toThrow(
        /scaledDotProductAttention: mask must be float32 .* got int32 \[3, 5\]/,
      );
      const badKeys = tf.zeros([1, 2, 6, 3]);
      expect(() =>
        attentionWithCache(ops, qs, ks, vs, { keys: badKeys, values: tf.zeros([1, 2, 6, 4]) }),
      ).toThrow(
        'attentionWithCache: cache.keys [1, 2, 6, 3] must be (B, H, P, d) with the B, H and d of k [1, 2, 5, 4]',
      );
      expect(() =>
        attentionWithCache(ops, qs, ks, vs, { keys: tf.zeros([1, 2, 6, 4]), values: tf.zeros([1, 2, 5, 4]) }),
      ).toThrow('attentionWithCache: cache.keys holds 6 positions but cache.values 5');
    });
  });
});
