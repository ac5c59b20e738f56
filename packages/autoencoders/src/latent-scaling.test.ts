import { describe, expect, it } from 'vitest';
import { latentsFromModelSpace, latentsToModelSpace } from './latent-scaling.js';

describe('latent scaling', () => {
  it('maps latents to scale · (z − shift) and back', () => {
    const scaling = { scale: 2.5, shift: -0.4 };
    const latents = Float32Array.from([-0.4, 0, 1.2, -3]);
    const scaled = latentsToModelSpace(latents, scaling);
    [0, 1, 4, -6.5].forEach((expected, i) => {
      expect(scaled[i]).toBeCloseTo(expected, 5);
    });
    const back = latentsFromModelSpace(scaled, scaling);
    for (let i = 0; i < latents.length; i++) expect(back[i]).toBeCloseTo(latents[i]!, 6);
  });
});
