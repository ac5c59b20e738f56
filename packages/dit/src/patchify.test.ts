import { linear, paramsFromMap, type Tensor, tensor } from '@latentlab/tensor';
import { fromTf, type tf, tfjsOps, toTf } from '@latentlab/tfjs';
import { describe, expect, it } from 'vitest';
import { patchEmbedding } from './patch-embedding.js';
import { patchify, unpatchify } from './patchify.js';
import { RandomTensors } from './test-support/random.js';
import { tidyPlain } from './test-support/tfjs-run.js';

const withTf = (run: () => tf.Tensor): Tensor => tidyPlain(() => fromTf(run()));

describe('patchify / unpatchify', () => {
  it('lays out a hand-built 2×4×4 image as documented: row-major tokens, (i, j, c) inside a patch', () => {
    // Pixel value = 100·c + 10·row + column, so every value names its own position.
    const [channels, size, patch] = [2, 4, 2];
    const pixels: number[] = [];
    for (let c = 0; c < channels; c++)
      for (let row = 0; row < size; row++)
        for (let column = 0; column < size; column++) pixels.push(100 * c + 10 * row + column);
    const image = tensor(pixels, [1, channels, size, size]);
    const tokens = withTf(() => patchify(tfjsOps, toTf(image), patch));
    expect(tokens.shape).toEqual([1, 4, 8]);
    const rows = Array.from({ length: 4 }, (_, n) => Array.from(tokens.data.slice(n * 8, n * 8 + 8)));
    // Token 1 = patch row 0, patch column 1 (pixels rows 0–1, columns 2–3); within it (i, j, c).
    expect(rows[0]).toEqual([0, 100, 1, 101, 10, 110, 11, 111]);
    expect(rows[1]).toEqual([2, 102, 3, 103, 12, 112, 13, 113]);
    expect(rows[2]).toEqual([20, 120, 21, 121, 30, 130, 31, 131]);
    expect(rows[3]).toEqual([22, 122, 23, 123, 32, 132, 33, 133]);
  });

  it('round-trips exactly, for several batch sizes, channels and non-square images', () => {
    const random = new RandomTensors(1);
    for (const [batch, channels, height, width, patch] of [
      [1, 1, 28, 28, 4],
      [3, 4, 8, 8, 2],
      [2, 3, 6, 9, 3],
    ] as const) {
      const image = random.normal([batch, channels, height, width]);
      const restored = withTf(() => {
        const tokens = patchify(tfjsOps, toTf(image), patch);
        expect(tokens.shape).toEqual([batch, (height / patch) * (width / patch), patch * patch * channels]);
        return unpatchify(tfjsOps, tokens, { patchSize: patch, channels, height, width });
      });
      expect(restored.shape).toEqual(image.shape);
      expect(Array.from(restored.data)).toEqual(Array.from(image.data));
    }
  });

  it('unpatchify is the PyTorch peer’s (and DiT’s) reshape(B, h, w, p, p, C).permute(0, 5, 1, 3, 2, 4)', () => {
    // Token n, element k → value 1000·n + k; compare with an explicit index formula.
    const [rows, columns, patch, channels] = [2, 3, 2, 2];
    const width = patch * patch * channels;
    const values = Array.from(
      { length: rows * columns * width },
      (_, index) => 1000 * Math.floor(index / width) + (index % width),
    );
    const image = withTf(() =>
      unpatchify(tfjsOps, toTf(tensor(values, [1, rows * columns, width])), {
        patchSize: patch,
        channels,
        height: rows * patch,
        width: columns * patch,
      }),
    );
    for (let c = 0; c < channels; c++)
      for (let y = 0; y < rows * patch; y++)
        for (let x = 0; x < columns * patch; x++) {
          const token = Math.floor(y / patch) * columns + Math.floor(x / patch);
          const element = ((y % patch) * patch + (x % patch)) * channels + c;
          const index = (c * rows * patch + y) * columns * patch + x;
          expect(image.data[index]).toBe(1000 * token + element);
        }
  });

  it('rejects a patch size that does not divide the image, and tokens that do not fit the layout', () => {
    const random = new RandomTensors(2);
    expect(() => withTf(() => patchify(tfjsOps, toTf(random.normal([1, 1, 6, 6])), 4))).toThrow(
      'patchify: patch size 4 does not divide the image size 6×6',
    );
    expect(() =>
      withTf(() =>
        unpatchify(tfjsOps, toTf(random.normal([1, 5, 4])), {
          patchSize: 2,
          channels: 1,
          height: 4,
          width: 4,
        }),
      ),
    ).toThrow(/expected \[B, 4, 4\]/);
  });
});

describe('patch embedding (strided conv2d)', () => {
  it('equals patchify + Linear with the conv weight (D, C, p, p) permuted to (D, p, p, C)', () => {
    const random = new RandomTensors(3);
    const [width, channels, patch] = [5, 3, 2];
    const weight = random.normal([width, channels, patch, patch]);
    const bias = random.normal([width]);
    const permuted = new Float32Array(weight.data.length);
    for (let d = 0; d < width; d++)
      for (let c = 0; c < channels; c++)
        for (let i = 0; i < patch; i++)
          for (let j = 0; j < patch; j++)
            permuted[((d * patch + i) * patch + j) * channels + c] =
              weight.data[((d * channels + c) * patch + i) * patch + j]!;
    const image = random.normal([2, channels, 6, 4]);
    const store = new Map([
      ['embed.proj.weight', weight],
      ['embed.proj.bias', bias],
      ['linear.weight', tensor(permuted, [width, patch * patch * channels])],
      ['linear.bias', bias],
    ]);
    const [conv, viaLinear] = tidyPlain(() => {
      const params = paramsFromMap(new Map([...store].map(([name, value]) => [name, toTf(value)])));
      const x = toTf(image);
      return [
        fromTf(patchEmbedding(tfjsOps, params, 'embed', x, width, patch)),
        fromTf(linear(tfjsOps, params, 'linear', patchify(tfjsOps, x, patch), width)),
      ];
    });
    expect(conv!.shape).toEqual([2, 6, width]);
    expect(viaLinear!.shape).toEqual([2, 6, width]);
    for (let i = 0; i < conv!.data.length; i++) expect(conv!.data[i]).toBeCloseTo(viaLinear!.data[i]!, 5);
  });
});
