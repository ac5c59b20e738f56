/** How a model's image space maps to pixels: model = scale · pixel + shift, pixel ∈ [0, 1]. */
export interface DataScaling {
  scale: number;
  shift: number;
}

/** Model-space images → pixels in [0, 1] (a new array), pixel = (value − shift) / scale, clamped. */
export function modelToPixels(values: Float32Array, scaling: DataScaling): Float32Array {
  const { scale, shift } = scaling;
  return values.map((value) => Math.min(1, Math.max(0, (value - shift) / scale)));
}
