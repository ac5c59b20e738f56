/** Gauss–Legendre nodes and weights on [−1, 1], 3 points: exact for polynomials up to degree 5. */
const NODES = [-Math.sqrt(3 / 5), 0, Math.sqrt(3 / 5)];
const WEIGHTS = [5 / 9, 8 / 9, 5 / 9];

/**
 * The linear multistep coefficients of one step from s_i to s_next: with the history nodes
 * `nodes` = [s_i, s_{i−1}, …] (newest first, order = nodes.length), coefficient j is the integral over
 * [s_i, s_next] of the Lagrange basis polynomial ℓ_j(τ) = ∏_{k≠j} (τ − s_{i−k}) / (s_{i−j} − s_{i−k}), so
 * that y_{i+1} = y_i + Σ_j c_j·d_{i−j} integrates the polynomial through the last `order` slopes exactly (the
 * Adams–Bashforth construction on a non-uniform grid, as k-diffusion's `linear_multistep_coeff`). ℓ_j has
 * degree order − 1 ≤ 3, so 3-point Gauss–Legendre quadrature is exact.
 */
export function multistepCoefficients(nodes: readonly number[], next: number): number[] {
  const start = nodes[0]!;
  const [half, centre] = [(next - start) / 2, (next + start) / 2];
  return nodes.map((node, j) => {
    let integral = 0;
    NODES.forEach((point, q) => {
      const tau = centre + half * point;
      let basis = 1;
      nodes.forEach((other, k) => {
        if (k !== j) basis *= (tau - other) / (node - other);
      });
      integral += WEIGHTS[q]! * basis;
    });
    return half * integral;
  });
}
