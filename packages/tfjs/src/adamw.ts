import type { ParamStore } from '@latentlab/tensor';
import { type AdamWUpdateAttrs, fusedAdamWUpdate } from '@latentlab/tfjs-native';
import { fromTf, toTf } from './convert.js';
import { tf } from './tf.js';
import type { TrainableParams } from './trainable-params.js';

export interface AdamWSettings {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Decoupled weight decay (Loshchilov & Hutter 2019); 0 gives plain Adam. */
  weightDecay?: number;
}

/** What an AdamW checkpoint holds: the step count and both moment estimates per parameter. */
export interface AdamWState {
  step: number;
  firstMoments: ParamStore;
  secondMoments: ParamStore;
}

/**
 * AdamW (Loshchilov & Hutter 2019, Algorithm 2), with bias correction as in Kingma & Ba 2015:
 *   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,
 *   θ ← θ − lr·( m/(1−β₁ᵗ) / (√(v/(1−β₂ᵗ)) + ε) + λθ ).
 * Its state round-trips through `state()` / `loadState()` so training resumes exactly.
 */
export class AdamW {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
  learningRate: number;
  step = 0;
  private readonly firstMoments = new Map<string, tf.Variable>();
  private readonly secondMoments = new Map<string, tf.Variable>();

  constructor(
    private readonly params: TrainableParams,
    settings: AdamWSettings,
  ) {
    this.learningRate = settings.learningRate;
    this.beta1 = settings.beta1 ?? 0.9;
    this.beta2 = settings.beta2 ?? 0.999;
    this.epsilon = settings.epsilon ?? 1e-8;
    this.weightDecay = settings.weightDecay ?? 0;
    for (const [name, variable] of params.variables) {
      if (!variable.trainable) continue;
      this.firstMoments.set(name, tf.variable(tf.zerosLike(variable), false));
      this.secondMoments.set(name, tf.variable(tf.zerosLike(variable), false));
    }
  }

  /** Applies one update from gradients keyed by parameter name, then disposes the gradients. */
  apply(gradients: Map<string, tf.Tensor>): void {
    this.step += 1;
    // The scalars of this step, shared by the fused kernel and the composite form below.
    const c: AdamWUpdateAttrs = {
      beta1: this.beta1,
      oneMinusBeta1: 1 - this.beta1,
      beta2: this.beta2,
      oneMinusBeta2: 1 - this.beta2,
      correction1: 1 - this.beta1 ** this.step,
      correction2: 1 - this.beta2 ** this.step,
      epsilon: this.epsilon,
      weightDecay: this.weightDecay,
      learningRate: this.learningRate,
    };
    tf.tidy(() => {
      for (const [name, gradient] of gradients) {
        const parameter = this.params.variables.get(name);
        const m = this.firstMoments.get(name);
        const v = this.secondMoments.get(name);
        if (!parameter || !m || !v) throw new Error(`AdamW: no trainable parameter named '${name}'`);
        // One kernel instead of fourteen on the native backend, bit-identical to the composite form.
        const fused = fusedAdamWUpdate(parameter, gradient, m, v, c);
        if (fused) {
          m.assign(fused.firstMoment);
          v.assign(fused.secondMoment);
          parameter.assign(fused.parameter);
          continue;
        }
        m.assign(tf.add(tf.mul(m, c.beta1), tf.mul(gradient, c.oneMinusBeta1)));
        v.assign(tf.add(tf.mul(v, c.beta2), tf.mul(tf.square(gradient), c.oneMinusBeta2)));
        const update = tf.div(tf.div(m, c.correction1), tf.add(tf.sqrt(tf.div(v, c.correction2)), c.epsilon));
        const decayed = c.weightDecay ? tf.add(update, tf.mul(parameter, c.weightDecay)) : update;
        parameter.assign(tf.sub(parameter, tf.mul(decayed, c.learningRate)));
      }
    });
    for (const gradient of gradients.values()) gradient.dispose();
  }

  state(): AdamWState {
    const copy = (moments: Map<string, tf.Variable>): ParamStore =>
      new Map([...moments].map(([name, value]) => [name, fromTf(value)]));
    return {
      step: this.step,
      firstMoments: copy(this.firstMoments),
      secondMoments: copy(this.secondMoments),
    };
  }

  loadState(state: AdamWState): void {
    const restore = (moments: Map<string, tf.Variable>, saved: ParamStore, which: string) => {
      for (const [name, variable] of moments) {
        const value = saved.get(name);
        if (!value) throw new Error(`AdamW state: ${which} moment for '${name}' is missing`);
        const incoming = toTf(value);
        variable.assign(incoming);
        incoming.dispose();
      }
    };
    restore(this.firstMoments, state.firstMoments, 'first');
    restore(this.secondMoments, state.secondMoments, 'second');
    this.step = state.step;
  }

  dispose(): void {
    for (const moment of [...this.firstMoments.values(), ...this.secondMoments.values()]) moment.dispose();
  }
}
