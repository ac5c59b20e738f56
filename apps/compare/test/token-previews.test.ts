// @latentlab/generate's token pipeline on the app's shipped AR model, with a decoder slowed as a slow
// adapter runs it: previews stay within their budget of the generation's own time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateTokenImages, PREVIEW_SHARE } from '@latentlab/generate';
import { readModelCard } from '@latentlab/onnx';
import { createNodeRunner, type OnnxRunner } from '@latentlab/onnx/node';
import { describe, expect, it } from 'vitest';

const MODELS = join(import.meta.dirname, '../public/models');

describe('token generation previews on a slow decoder', () => {
  it('decodes previews only within the budget, reports every step, and keeps the final images', async () => {
    const file = (name: string) => new Uint8Array(readFileSync(join(MODELS, 'ar-mnist', name)));
    const tokens = await createNodeRunner(file('tokens.onnx'));
    const decoder = await createNodeRunner(file('decoder.onnx'));
    // The decoder as a slow adapter runs it: 40 ms more per call than the token steps' few ms.
    let decodes = 0;
    const slowDecoder: OnnxRunner = {
      ...decoder,
      async run(feeds) {
        decodes++;
        await new Promise((resolve) => setTimeout(resolve, 40));
        return decoder.run(feeds);
      },
    };
    const steps: number[] = [];
    let decodedPreviews = 0;
    const request = { labels: Int32Array.from([3, 7]), seed: 1, guidanceScale: 1 };
    try {
      const result = await generateTokenImages(
        {
          tokens,
          card: readModelCard(file('tokens.onnx')),
          decoder: { runner: slowDecoder, card: readModelCard(file('decoder.onnx')) },
        },
        {
          ...request,
          onPreview: (done, _total, image, undecoded) => {
            steps.push(done);
            if (image) {
              decodedPreviews++;
              expect(undecoded).not.toBeNull();
            }
          },
        },
      );
      const positions = readModelCard(file('tokens.onnx')).tokenModel!.sequenceLength;
      expect(steps).toEqual(Array.from({ length: positions }, (_, i) => i + 1)); // every step, in order
      expect(decodedPreviews).toBeGreaterThanOrEqual(1);
      // Each decoded preview took ≥ 40 ms, so the budget holds at most share · evaluation time of them
      // (one more: a preview is allowed while within the budget, and then crosses it).
      expect(decodedPreviews).toBeLessThanOrEqual(
        1 + Math.floor((PREVIEW_SHARE * result.count.milliseconds) / 40),
      );
      expect(decodedPreviews).toBeLessThan(positions / 2);
      expect(decodes).toBe(decodedPreviews + 1); // and the final decode
      // Without a preview the final images are those of a run that decodes nothing on the way.
      const plain = await generateTokenImages(
        {
          tokens,
          card: readModelCard(file('tokens.onnx')),
          decoder: { runner: decoder, card: readModelCard(file('decoder.onnx')) },
        },
        request,
      );
      expect(result.pixels).toEqual(plain.pixels);
    } finally {
      await tokens.release();
      await decoder.release();
    }
  });
});
