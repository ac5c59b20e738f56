import { type Rng, tensor } from '@latentlab/tensor';
import { DataArgumentError } from '../errors.js';
import { checkNonNegative, checkPointCount, type LabeledPoints } from './labeled-points.js';

export interface GaussianMixtureShape {
  /** Number of equally weighted components, centred evenly on a circle (default 8). */
  components?: number;
  /** Radius of that circle (default 2). */
  radius?: number;
  /** Standard deviation of each isotropic component (default 0.1). */
  std?: number;
}

/** (components, 2) float32 centres: component k at angle 2πk / components, starting on the positive x axis. */
export function gaussianMixtureCenters(components: number, radius: number): Float32Array {
  const centers = new Float32Array(2 * components); // (K, 2)
  for (let k = 0; k < components; k++) {
    const angle = (2 * Math.PI * k) / components;
    centers[2 * k] = radius * Math.cos(angle);
    centers[2 * k + 1] = radius * Math.sin(angle);
  }
  return centers;
}

/**
 * A mixture of `components` equally weighted isotropic Gaussians on a circle (the "8 Gaussians" toy set).
 * Label = component index. Random numbers used, in order: n components (`randint`), 2n values (`normal`).
 */
export function gaussianMixture2d(
  n: number,
  rng: Rng,
  { components = 8, radius = 2, std = 0.1 }: GaussianMixtureShape = {},
): LabeledPoints {
  checkPointCount(n, 'gaussianMixture2d');
  if (!Number.isSafeInteger(components) || components < 1) {
    throw new DataArgumentError(`gaussianMixture2d: components = ${components}; expected a positive integer`);
  }
  checkNonNegative(radius, 'radius', 'gaussianMixture2d');
  checkNonNegative(std, 'std', 'gaussianMixture2d');
  const centers = gaussianMixtureCenters(components, radius); // (K, 2)
  const labels = rng.randint(n, 0, components); // (n)
  const noise = rng.normal(2 * n); // (n, 2)
  const points = new Float32Array(2 * n); // (n, 2)
  for (let i = 0; i < n; i++) {
    const component = labels[i]!;
    points[2 * i] = centers[2 * component]! + std * noise[2 * i]!;
    points[2 * i + 1] = centers[2 * component + 1]! + std * noise[2 * i + 1]!;
  }
  return { points: tensor(points, [n, 2]), labels: tensor(labels, [n], 'int32') };
}
