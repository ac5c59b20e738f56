import { createRng, type ParamStore, type Rng, sizeOf, type Tensor, tensor } from '@latentlab/tensor';

/** Seeded random test tensors. */
export class RandomTensors {
  readonly rng: Rng;

  constructor(seed: number) {
    this.rng = createRng(seed);
  }

  normal(shape: readonly number[], scale = 1): Tensor<'float32'> {
    const values = this.rng.normal(sizeOf(shape));
    for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) * scale;
    return tensor(values, shape);
  }

  uniform(shape: readonly number[], low = 0, high = 1): Tensor<'float32'> {
    const values = this.rng.uniform(sizeOf(shape));
    for (let i = 0; i < values.length; i++) values[i] = low + (high - low) * (values[i] as number);
    return tensor(values, shape);
  }

  integers(shape: readonly number[], low: number, high: number): Tensor<'int32'> {
    return tensor(this.rng.randint(sizeOf(shape), low, high), shape, 'int32');
  }

  /**
   * Every parameter replaced by N(0, scale²) noise (LayerNorm weights around 1), so that zero-initialised
   * modulation, gates and output layers hide nothing in a parity check.
   */
  randomizeParams(store: ParamStore, scale = 0.2): ParamStore {
    const randomized: ParamStore = new Map();
    for (const [name, value] of store) {
      const noise = this.normal(value.shape, scale);
      if (/norm\d?(_final)?\.weight$/.test(name))
        for (let i = 0; i < noise.data.length; i++) noise.data[i]! += 1;
      randomized.set(name, noise);
    }
    return randomized;
  }
}
