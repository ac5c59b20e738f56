import { createRng } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { CONDITIONINGS } from './config.js';
import { initDit } from './init.js';
import { countParameters, countStoreParameters, parameterCounts } from './param-count.js';
import { DIT_PRESETS, ditImageNetXL2, ditS4, ditTiny2 } from './presets.js';

/**
 * `params` printed by `python3 tools/bench/torch/dit_training_step.py tools/bench/configs/dit-mnist-s.json` (PyTorch 1.13).
 * By hand, D = 128, C = 1, p = 4, T = 49, MLP 512, 11 class rows:
 *   patch conv 128·16 + 128 = 2,176;  learned pos 49·128 = 6,272;
 *   t MLP (256·128 + 128) + (128·128 + 128) = 49,408;  class table 11·128 = 1,408;
 *   per block qkv 49,536 + proj 16,512 + fc1 66,048 + fc2 65,664 + adaLN 99,072 = 296,832, × 4 = 1,187,328;
 *   final adaLN 128·256 + 256 = 33,024 + linear 128·16 + 16 = 2,064.
 *   Total 1,281,680.
 */
const DIT_REF_PARAMS = 1_281_680;

/** DiT-XL/2's count as DiT's train.py prints it ("DiT Parameters: 675,129,632"), frozen pos_embed included. */
const DIT_XL2_OFFICIAL_PARAMS = 675_129_632;

describe('parameter counts', () => {
  it('ditS4 with a learned position embedding has exactly the PyTorch peer’s parameter count', () => {
    const config = ditS4({ positionEmbedding: 'learned' });
    expect(countParameters(config)).toBe(DIT_REF_PARAMS);
    expect(countStoreParameters(initDit(config, createRng(0)))).toBe(DIT_REF_PARAMS);
    expect(parameterCounts(config)).toEqual({
      patchEmbedding: 2_176,
      positionEmbedding: 6_272,
      timestepEmbedding: 49_408,
      classEmbedding: 1_408,
      blocks: 1_187_328,
      finalLayer: 35_088,
      total: DIT_REF_PARAMS,
    });
  });

  it('ditS4 with the (constant) sin-cos embedding has 49·128 fewer', () => {
    expect(countParameters(ditS4())).toBe(DIT_REF_PARAMS - 49 * 128);
  });

  it('DiT-XL/2 matches the official count once the frozen sin-cos pos_embed (256·1152) is added back', () => {
    expect(countParameters(ditImageNetXL2()) + 256 * 1152).toBe(DIT_XL2_OFFICIAL_PARAMS);
    expect(countParameters(ditImageNetXL2({ positionEmbedding: 'learned' }))).toBe(DIT_XL2_OFFICIAL_PARAMS);
  });

  it('the closed form equals the initialised store for every design and the small presets', () => {
    for (const conditioning of CONDITIONINGS) {
      for (const positionEmbedding of ['sincos', 'learned'] as const) {
        const contextLength = conditioning === 'adaLN-zero' ? 0 : 2;
        const config = ditTiny2({
          conditioning,
          positionEmbedding,
          contextLength,
          channels: 3,
          outputChannels: 6,
        });
        expect(
          countStoreParameters(initDit(config, createRng(0))),
          `${conditioning} ${positionEmbedding}`,
        ).toBe(countParameters(config));
      }
    }
    for (const preset of [DIT_PRESETS.ditS2, DIT_PRESETS.ditB4]) {
      const config = preset();
      expect(countStoreParameters(initDit(config, createRng(0)))).toBe(countParameters(config));
    }
  });
});
