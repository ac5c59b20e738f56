import {
  conv2d,
  declaredParameterShapes,
  declareParams,
  type InputSpec,
  linear,
  type ModelFunction,
  type Ops,
  type ParamStore,
  type Params,
  type Rng,
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

/** The classifier's input: (batch, 1, 28, 28) float32 in [−1, 1]. */
export const CLASSIFIER_INPUTS: Record<string, InputSpec> = {
  x: { shape: ['batch', 1, CLASSIFIER_IMAGE_SIZE, CLASSIFIER_IMAGE_SIZE], dtype: 'float32' },
};

/**
 * The layers and their parameters, declared once, in PyTorch layouts (conv OIHW, Linear (out, in)):
 * Glorot-uniform weights (Glorot & Bengio 2010), zero biases.
 */
function classifierForward<T>(ops: Ops<T>, params: Params<T>, x: T): { features: T; logits: T } {
  const [conv1, conv2] = CLASSIFIER_WIDTHS;
  let h = ops.silu(conv2d(ops, params, 'conv1', x, { outChannels: conv1, kernel: 4, stride: 2 })); // (B, 32, 13, 13)
  h = ops.silu(conv2d(ops, params, 'conv2', h, { outChannels: conv2, kernel: 3, stride: 2 })); // (B, 64, 6, 6)
  h = ops.reshape(h, [-1, FLAT]); // (B, 2304)
  const features = ops.silu(linear(ops, params, 'fc', h, CLASSIFIER_FEATURES)); // (B, 128)
  const logits = linear(ops, params, 'head', features, CLASSIFIER_CLASSES); // (B, 10)
  return { features, logits };
}

/** Every parameter of the classifier with its shape, from the model's declarations. */
export function classifierParameterShapes(): Map<string, number[]> {
  return declaredParameterShapes(classifierModel, CLASSIFIER_INPUTS);
}

/** Fresh parameters: Glorot-uniform weights, zero biases, drawn in declaration order. */
export function initClassifier(rng: Rng): ParamStore {
  return declareParams(classifierModel, CLASSIFIER_INPUTS, rng);
}
