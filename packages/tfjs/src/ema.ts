import type { ParamStore } from '@latentlab/tensor';
import { fromTf, toTf } from './convert.js';
import { tf } from './tf.js';
import type { TrainableParams } from './trainable-params.js';

/**
 * Exponential moving average of the parameters (the "EMA weights" diffusion models sample with):
 * θ̄ ← decay·θ̄ + (1 − decay)·θ after every optimizer step.
 */
export class ExponentialMovingAverage {
  private readonly averages = new Map<string, tf.Variable>();

  constructor(
    private readonly params: TrainableParams,
    readonly decay = 0.999,
  ) {
    for (const [name, variable] of params.variables) {
      this.averages.set(name, tf.variable(variable.clone(), false));
    }
  }

  update(): void {
    tf.tidy(() => {
      for (const [name, average] of this.averages) {
        const current = this.params.variables.get(name) as tf.Variable;
        average.assign(tf.add(tf.mul(average, this.decay), tf.mul(current, 1 - this.decay)));
      }
    });
  }

  /** The averaged parameters as plain tensors. */
  toStore(): ParamStore {
    return new Map([...this.averages].map(([name, value]) => [name, fromTf(value)]));
  }

  load(store: ParamStore): void {
    for (const [name, average] of this.averages) {
      const value = store.get(name);
      if (!value) throw new Error(`EMA state: parameter '${name}' is missing`);
      const incoming = toTf(value);
      average.assign(incoming);
      incoming.dispose();
    }
  }

  dispose(): void {
    for (const average of this.averages.values()) average.dispose();
  }
}
