import { createRng, type Rng, sizeOf, type Tensor, tensor } from '@latentlab/tensor';

/** Seeded random test inputs. */
export class RandomTensors {
  private readonly rng: Rng;

  constructor(seed: number) {
    this.rng = createRng(seed);
  }

  normal(shape: readonly number[], scale = 1): Tensor<'float32'> {
    const values = this.rng.normal(sizeOf(shape));
    for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) * scale;
    return tensor(values, shape);
  }

  uniform(shape: readonly number[], low: number, high: number): Tensor<'float32'> {
    const values = this.rng.uniform(sizeOf(shape));
    for (let i = 0; i < values.length; i++) values[i] = low + (high - low) * (values[i] as number);
    return tensor(values, shape);
  }

  integers(shape: readonly number[], low: number, high: number): Tensor<'int32'> {
    return tensor(this.rng.randint(sizeOf(shape), low, high), shape, 'int32');
  }
}
