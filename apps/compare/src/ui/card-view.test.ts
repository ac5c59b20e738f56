import { describe, expect, it } from 'vitest';
import type { ManifestModel } from '../models/manifest.js';
import { qualityLine } from './card-view.js';

const model = (metrics: ManifestModel['metrics']): ManifestModel => ({
  name: 'm',
  kind: 'diffusion',
  title: 'm',
  dataset: 'mnist',
  recipe: 'r',
  steps: 1,
  trainingSeconds: null,
  commit: null,
  parameters: null,
  files: [],
  metrics,
});

describe('qualityLine', () => {
  it('quotes the best record beside the floor at its own sample count, with the ratio', () => {
    const line = qualityLine(
      model([
        {
          fid: 14.83,
          fid_floor: 5.97,
          floor_samples: 2000,
          samples: 2000,
          accuracy: 0.9905,
          cfg: 1.5,
          steps: 20,
        },
        {
          fid: 9.56,
          fid_floor: 5.97,
          floor_samples: 2000,
          samples: 2000,
          accuracy: 0.9755,
          cfg: 1.25,
          steps: 20,
        },
      ]),
    );
    expect(line).toBe(
      'FID 9.56 at 2,000 samples (1.6× the real-vs-real floor 5.97 at 2,000), accuracy 97.5% — CFG 1.25, 20 steps',
    );
  });

  it('says where an older record’s floor was measured (10,000 vs 10,000), with no ratio', () => {
    const line = qualityLine(
      model([
        { fid: 26.06, fid_floor: 4.3, samples: 2000, reference: 10000, accuracy: 0.9785, cfg: 2, steps: 49 },
      ]),
    );
    expect(line).toBe(
      'FID 26.06 at 2,000 samples (real-vs-real floor 4.30 at 10,000), accuracy 97.9% — CFG 2, 49 steps',
    );
  });

  it('says so when a model has no eval record', () => {
    expect(qualityLine(model([]))).toBe('not evaluated');
  });
});
