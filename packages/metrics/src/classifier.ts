import {
  linear,
  type ModelFunction,
  type Ops,
  type ParamStore,
  type Params,
  type Rng,
  xavierUniform,
  zeros,
} from '@latentlab/tensor';

/** Image size the classifiers take: (B, 1, 28, 28) in [−1, 1]. */
export const CLASSIFIER_IMAGE_SIZE = 28;
/** Width of the penultimate layer: the features the Fréchet distance is computed on. */
export const CLASSIFIER_FEATURES = 128;
export const CLASSIFIER_CLASSES = 10;

/** Channel widths of the two stride-2 convolutions; the flattened size they feed follows. */
export const CLASSIFIER_WIDTHS = [32, 64] as const;
const FLAT = CLASSIFIER_WIDTHS[1] * 6 * 6;

/**
 * The feature classifier: a small all-convolutional net (stride-2 convolutions instead of pooling, as
 * Springenberg et al. 2015) with SiLU activations (Elfwing et al. 2018).
 * x (B, 1, 28, 28) → { features (B, 128), logits (B, 10) }.
 */
export const classifierModel: ModelFunction = (ops, params, inputs) => {
  const x = inputs['x'];
  if (x === undefined) throw new TypeError("classifier: missing input 'x' (B, 1, 28, 28)");
  return classifierForward(ops, params, x);
};

function classifierForward<T>(ops: Ops<T>, params: Params<T>, x: T): { features: T; logits: T } {
  const conv = (name: string, h: T) =>
    ops.silu(ops.conv2d(h, params.get(`${name}.weight`), params.get(`${name}.bias`), { stride: 2 }));
  let h = conv('conv1', x); // (B, 32, 13, 13): 4×4 kernel, stride 2, no padding
  h = conv('conv2', h); // (B, 64, 6, 6): 3×3 kernel, stride 2, no padding
  h = ops.reshape(h, [-1, FLAT]); // (B, 2304)
  const features = ops.silu(linear(ops, params, 'fc', h)); // (B, 128)
  const logits = linear(ops, params, 'head', features); // (B, 10)
  return { features, logits };
}

/** Every parameter of the classifier with its shape, in PyTorch layouts (conv OIHW, Linear (out, in)). */
export function classifierParameterShapes(): Map<string, number[]> {
  const [w1, w2] = CLASSIFIER_WIDTHS;
  return new Map([
    ['conv1.weight', [w1, 1, 4, 4]],
    ['conv1.bias', [w1]],
    ['conv2.weight', [w2, w1, 3, 3]],
    ['conv2.bias', [w2]],
    ['fc.weight', [CLASSIFIER_FEATURES, FLAT]],
    ['fc.bias', [CLASSIFIER_FEATURES]],
    ['head.weight', [CLASSIFIER_CLASSES, CLASSIFIER_FEATURES]],
    ['head.bias', [CLASSIFIER_CLASSES]],
  ]);
}

/** Glorot-uniform weights (Glorot & Bengio 2010), zero biases. */
export function initClassifier(rng: Rng): ParamStore {
  const store: ParamStore = new Map();
  for (const [name, shape] of classifierParameterShapes()) {
    store.set(name, name.endsWith('.weight') ? xavierUniform(rng, shape) : zeros(shape));
  }
  return store;
}
