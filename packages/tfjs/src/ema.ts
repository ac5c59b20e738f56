import type { ParamStore } from '@latentlab/tensor';
import { fusedEmaUpdate } from '@latentlab/tfjs-native';
import { fromTf, toTf } from './convert.js';
import { tf } from './tf.js';
import type { TrainableParams } from './trainable-params.js';

/**
 * Exponential moving average of the parameters (the "EMA weights" diffusion models sample with):
 * θ̄ ← d·θ̄ + (1 − d)·θ after every optimizer step. Given the 1-based optimizer step n, the decay warms up
 * as d = min(decay, (1 + n) / (10 + n)) — the schedule of diffusers' EMAModel.get_decay (and TensorFlow's
 * ExponentialMovingAverage with num_updates) — so a short run's average is not dominated by the
 * initialisation (DiT's zero-initialised output layer would otherwise keep early samples near noise).
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

  /** The decay used at 1-based optimizer step `step` (the constant `decay` without a step). */
  decayAt(step?: number): number {
    if (step === undefined) return this.decay;
    return Math.min(this.decay, (1 + step) / (10 + step));
  }

  /** One averaging step after optimizer step `step` (1-based); without it the decay is constant. */
  update(step?: number): void {
    const decay = this.decayAt(step);
    const oneMinusDecay = 1 - decay;
    tf.tidy(() => {
      for (const [name, average] of this.averages) {
        const current = this.params.variables.get(name) as tf.Variable;
        // One kernel on the native backend, bit-identical to these three.
        const fused = fusedEmaUpdate(average, current, { decay, oneMinusDecay });
        average.assign(fused ?? tf.add(tf.mul(average, decay), tf.mul(current, oneMinusDecay)));
      }
    });
  }

  /** The averaged copy of one parameter (undefined for a name it does not average). */
  variable(name: string): tf.Variable | undefined {
    return this.averages.get(name);
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
