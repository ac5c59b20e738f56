import { initializers, linear, type Ops, type Params } from '@latentlab/tensor';

/**
 * Adaptive LayerNorm modulation (Peebles & Xie 2023 §3.2, "adaLN"; Perez et al. 2018 FiLM):
 * modulate(x, shift, scale) = x · (1 + scale) + shift, one shift/scale per sample.
 * x (B, T, D), shift (B, D), scale (B, D) → (B, T, D).
 */
export function modulate<T>(ops: Ops<T>, x: T, shift: T, scale: T): T {
  const width = ops.shape(x).at(-1) as number;
  const perSampleScale = ops.reshape(scale, [-1, 1, width]); // (B, 1, D)
  const perSampleShift = ops.reshape(shift, [-1, 1, width]); // (B, 1, D)
  return ops.add(ops.mul(x, ops.add(ops.scalar(1), perSampleScale)), perSampleShift); // (B, T, D)
}

/** gate ⊙ branch with one gate per sample (adaLN-Zero's α). gate (B, D), branch (B, T, D) → (B, T, D). */
export function gated<T>(ops: Ops<T>, gate: T, branch: T): T {
  const width = ops.shape(branch).at(-1) as number;
  return ops.mul(ops.reshape(gate, [-1, 1, width]), branch); // (B, T, D)
}

/**
 * The adaLN regression `<prefix>.1` of SiLU → Linear(D, chunks · D) (named as DiT's
 * `adaLN_modulation = Sequential(SiLU(), Linear)`), cut into `chunks` pieces along the last axis (PyTorch's
 * `chunk(chunks, dim=1)`, written as slices of the feature axis so the batch axis stays dynamic). With
 * `zeroInit` (adaLN-Zero) the Linear starts at zero, so every shift, scale and gate starts at 0; otherwise
 * Xavier-uniform. condition (B, D) → chunks × (B, D).
 */
export function adaLNModulation<T>(
  ops: Ops<T>,
  params: Params<T>,
  prefix: string,
  condition: T,
  chunks: number,
  zeroInit: boolean,
): T[] {
  const width = ops.shape(condition).at(-1) as number;
  const weightInit = zeroInit ? initializers.zeros() : initializers.xavierUniform();
  const modulation = linear(ops, params, `${prefix}.1`, ops.silu(condition), chunks * width, { weightInit }); // (B, chunks · D)
  return Array.from({ length: chunks }, (_, index) =>
    ops.slice(modulation, -1, index * width, (index + 1) * width),
  ); // chunks × (B, D)
}
