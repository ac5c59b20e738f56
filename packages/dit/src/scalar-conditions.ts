import { initializers, linear, type Ops, type Params } from '@latentlab/tensor';
import { timestepFeatures } from './timestep-embedding.js';

/**
 * A float32 (B) model input embedded like the timestep and added to it: the guidance scale w of a
 * guidance-distilled student (Meng et al. 2023 §4.1: "we condition the student on w … with a Fourier
 * embedding, as the timestep") or the step size d of a shortcut model (Frans et al. 2024 §3).
 */
export interface ScalarCondition {
  /** The input's name, e.g. 'w'; its parameters are `<name>_embedder.mlp.{0,2}`. */
  readonly name: string;
  /** The value is multiplied by this before the sinusoidal features (as `timestepScale` for t). */
  readonly scale: number;
}

/** Names a scalar condition may not take: DiT's own inputs. */
export const RESERVED_INPUT_NAMES: readonly string[] = ['x', 't', 'y', 'context'];

/**
 * The embedding of one scalar condition: sinusoidal features → Linear → SiLU → Linear (the timestep
 * embedder's design), the last Linear zero-initialised so that a model with a new condition starts as the
 * model without it — a student initialised from its teacher computes exactly the teacher at step 0.
 * value (B) → (B, D).
 */
export function scalarConditionEmbedding<T>(
  ops: Ops<T>,
  params: Params<T>,
  condition: ScalarCondition,
  value: T,
  frequencyEmbeddingSize: number,
  width: number,
): T {
  const prefix = `${condition.name}_embedder`;
  const features = timestepFeatures(ops, value, frequencyEmbeddingSize, condition.scale); // (B, 256)
  const hidden = ops.silu(
    linear(ops, params, `${prefix}.mlp.0`, features, width, { weightInit: initializers.normal(0.02) }),
  ); // (B, D)
  return linear(ops, params, `${prefix}.mlp.2`, hidden, width, { weightInit: initializers.zeros() }); // (B, D)
}
