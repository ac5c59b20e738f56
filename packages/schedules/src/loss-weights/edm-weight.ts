/**
 * EDM loss weight λ(σ) = (σ² + σ_data²)/(σ·σ_data)² (Karras et al. 2022, Table 1, "Loss weighting", and §5),
 * applied to ‖D(x; σ) − x₀‖², the denoiser (x₀-prediction) error. It makes the effective training target of
 * the preconditioned network F have unit variance at every σ. σ_data = 0.5 in the paper.
 */
export function edmLossWeight(sigma: number, sigmaData = 0.5): number {
  if (!(sigma > 0 && sigmaData > 0)) {
    throw new RangeError(`edmLossWeight: σ = ${sigma}, σ_data = ${sigmaData}; expected both > 0`);
  }
  return (sigma * sigma + sigmaData * sigmaData) / (sigma * sigmaData) ** 2;
}
