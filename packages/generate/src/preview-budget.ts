import type { EvaluationCount } from './timed-runner.js';

/**
 * Previews may cost at most this share of the time the generation's own evaluations took. A preview of a
 * latent or token model is a decoder run: after every AR token on a slow backend (a software WebGPU
 * adapter: 0.5 s per decode beside 0.25 s per token) decoding each step would make the previews three
 * times the generation. Over budget, a step reports its progress without an image.
 */
export const PREVIEW_SHARE = 0.25;

/** Whether the next preview may be decoded: previews so far within PREVIEW_SHARE of the evaluations. */
export function previewAffordable(count: EvaluationCount, share = PREVIEW_SHARE): boolean {
  return count.previewMilliseconds <= share * count.milliseconds;
}
