import { PALETTE } from './palette.js';
import { drawCurve, type Panel } from './plot.js';

/**
 * The noise-free two moons the model was trained on (scikit-learn's `make_moons`, as
 * `@latentlab/data`'s `twoMoons`): class 0 (cos πu, sin πu), class 1 (1 − cos πu, ½ − sin πu), u ∈ [0, 1].
 */
export function moonCurve(label: number, count = 64): { xs: Float64Array; ys: Float64Array } {
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const angle = (Math.PI * i) / (count - 1);
    xs[i] = label === 0 ? Math.cos(angle) : 1 - Math.cos(angle);
    ys[i] = label === 0 ? Math.sin(angle) : 0.5 - Math.sin(angle);
  }
  return { xs, ys };
}

/** Both moons as wide, faint bands in the class colours (or grey for the unconditional model). */
export function drawMoons(
  panel: Panel,
  highlightLabel: number | null,
  colour: (label: number) => string,
): void {
  for (const label of [0, 1]) {
    const { xs, ys } = moonCurve(label);
    const highlighted = highlightLabel === null || highlightLabel === label;
    drawCurve(panel, xs, ys, {
      color: highlighted ? colour(label) : PALETTE.muted,
      width: 9,
      alpha: highlighted ? 0.18 : 0.1,
    });
  }
}
