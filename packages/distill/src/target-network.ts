import type { MaintenanceContext, ParameterMaintenance, ParamStore, Tensor } from '@latentlab/tensor';

/**
 * The target network θ⁻ of consistency training (Song et al. 2023, Algorithm 2): after every optimizer step
 * θ⁻ ← stopgrad(μ·θ⁻ + (1 − μ)·θ). A `fit` maintenance, so it is checkpointed and resumes exactly; the
 * objective runs the model with `weights`. (μ = 0 is iCT's choice, Song & Dhariwal 2023 §3.2: no copy —
 * pass no target network to the objective instead.)
 */
export class TargetNetwork implements ParameterMaintenance {
  readonly name = 'consistency-target';
  #weights: ParamStore;

  constructor(
    initial: ParamStore,
    readonly decay: number,
  ) {
    if (!(decay >= 0 && decay < 1))
      throw new RangeError(`target network: decay μ = ${decay}; expected 0 ≤ μ < 1`);
    this.#weights = copyParamStore(initial);
  }

  /** θ⁻ now. */
  get weights(): ParamStore {
    return this.#weights;
  }

  afterStep({ read }: MaintenanceContext): Record<string, number> {
    const mu = this.decay;
    for (const [name, average] of this.#weights) {
      const current = read(name).data;
      const values = average.data as Float32Array;
      for (let i = 0; i < values.length; i++) values[i] = mu * values[i]! + (1 - mu) * current[i]!;
    }
    return {};
  }

  state(): Map<string, Tensor> {
    return copyParamStore(this.#weights);
  }

  load(state: Map<string, Tensor>): void {
    for (const name of this.#weights.keys()) {
      if (!state.has(name)) throw new RangeError(`target network: the saved state has no '${name}'`);
    }
    this.#weights = copyParamStore(state);
  }
}

/** A deep copy of a parameter store (a student starting from its teacher's weights, θ⁻ from θ). */
export function copyParamStore(store: ReadonlyMap<string, Tensor>): ParamStore {
  return new Map([...store].map(([name, value]) => [name, { ...value, data: value.data.slice() } as Tensor]));
}
