import { type Rng, tensor } from '@latentlab/tensor';
import { checkNonNegative, checkPointCount, type LabeledPoints } from './labeled-points.js';

/**
 * Two interleaving half circles (scikit-learn's `make_moons`), each point an independent draw:
 * label 0 (upper moon) with probability ½: (cos πu, sin πu); label 1 (lower moon): (1 − cos πu, ½ − sin πu);
 * u uniform on (0, 1), then Gaussian noise of standard deviation `noise` on both coordinates.
 * Random numbers used, in order: n labels (`randint`), n angles (`uniform`), 2n noise values (`normal`).
 */
export function twoMoons(n: number, rng: Rng, noise = 0.05): LabeledPoints {
  checkPointCount(n, 'twoMoons');
  checkNonNegative(noise, 'noise', 'twoMoons');
  const labels = rng.randint(n, 0, 2); // (n)
  const angleFractions = rng.uniform(n); // (n)
  const jitter = rng.normal(2 * n); // (n, 2)
  const points = new Float32Array(2 * n); // (n, 2)
  for (let i = 0; i < n; i++) {
    const angle = Math.PI * angleFractions[i]!;
    const upper = labels[i] === 0;
    const x = upper ? Math.cos(angle) : 1 - Math.cos(angle);
    const y = upper ? Math.sin(angle) : 0.5 - Math.sin(angle);
    points[2 * i] = x + noise * jitter[2 * i]!;
    points[2 * i + 1] = y + noise * jitter[2 * i + 1]!;
  }
  return { points: tensor(points, [n, 2]), labels: tensor(labels, [n], 'int32') };
}
