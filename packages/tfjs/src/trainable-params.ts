import { type ParamStore, type Params, paramsFromMap } from '@latentlab/tensor';
import { fromTf, toTf } from './convert.js';
import { tf } from './tf.js';

/**
 * A parameter store as tfjs variables: the `Params` a model reads during training, and the variables an
 * optimizer updates. Names are latentlab's dotted names; tfjs's own variable names stay internal.
 */
export class TrainableParams {
  readonly variables: Map<string, tf.Variable>;
  readonly params: Params<tf.Tensor>;

  constructor(store: ParamStore) {
    this.variables = new Map();
    for (const [name, value] of store) {
      const initial = toTf(value);
      this.variables.set(name, tf.variable(initial, value.dtype === 'float32'));
      initial.dispose();
    }
    this.params = paramsFromMap<tf.Tensor>(this.variables);
  }

  /** The trainable (float32) variables in name order. */
  trainable(): tf.Variable[] {
    return [...this.variables.values()].filter((variable) => variable.trainable);
  }

  /** Copies the current values out as plain tensors (for checkpoints and ONNX export). */
  toStore(): ParamStore {
    const store: ParamStore = new Map();
    for (const [name, variable] of this.variables) store.set(name, fromTf(variable));
    return store;
  }

  /** Overwrites the values from a store with the same names and shapes. */
  assign(store: ParamStore): void {
    for (const [name, variable] of this.variables) {
      const value = store.get(name);
      if (!value) throw new Error(`assign: the store has no parameter '${name}'`);
      if (value.shape.join(',') !== variable.shape.join(',')) {
        throw new Error(
          `assign: parameter '${name}' has shape [${value.shape.join(', ')}], expected [${variable.shape.join(', ')}]`,
        );
      }
      const incoming = toTf(value);
      variable.assign(incoming);
      incoming.dispose();
    }
  }

  dispose(): void {
    for (const variable of this.variables.values()) variable.dispose();
  }
}
