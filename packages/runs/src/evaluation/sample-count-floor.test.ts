import { gatherRows, loadMnist, toFloatImages } from '@latentlab/data';
import { classifierFeatures, featureFrechetDistance, realVsRealFloor } from '@latentlab/metrics';
import { useBackend } from '@latentlab/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetEvaluation } from '../recipes/datasets.js';
import { balancedSpreadRows, floorAtSampleCount } from './sample-count-floor.js';

describe('balancedSpreadRows', () => {
  it('takes count / classes rows of each class, spread evenly over that class', () => {
    const labels = [0, 1, 0, 1, 0, 1, 0, 1, 2, 2, 2, 2];
    // class 0 at rows 0 2 4 6, class 1 at 1 3 5 7, class 2 at 8 9 10 11: 2 of each, at k · 4 / 2
    expect(balancedSpreadRows(labels, 3, 6)).toEqual([0, 4, 1, 5, 8, 10]);
  });

  it('refuses a count that is not a multiple of the classes, or more than a class has', () => {
    expect(() => balancedSpreadRows([0, 1, 0, 1], 2, 3)).toThrow(/not a positive multiple of 2 classes/);
    expect(() => balancedSpreadRows([0, 1, 0, 0], 2, 4)).toThrow(/class 1 has 1 training images/);
  });
});

describe('floorAtSampleCount on MNIST', () => {
  const evaluation = datasetEvaluation('mnist')!;
  let reference: ReturnType<typeof classifierFeatures>['features'];
  beforeAll(async () => {
    await useBackend('auto');
    reference = classifierFeatures(evaluation.loadTestImages(), 'mnist').features; // (10000, F)
  });

  it('is the FID of the chosen real training images against the reference', () => {
    const floor = floorAtSampleCount(evaluation, 500, 10, reference);
    // Second route: the rows picked here from the raw split (k · n / 50 within each class of n images).
    const train = loadMnist({ split: 'train' });
    const rows: number[] = [];
    for (let label = 0; label < 10; label++) {
      const ofClass = [...train.labels.data.keys()].filter((row) => train.labels.data[row] === label);
      for (let k = 0; k < 50; k++) rows.push(ofClass[Math.floor((k * ofClass.length) / 50)]!);
    }
    const real = classifierFeatures(toFloatImages(gatherRows(train.images, rows)), 'mnist').features;
    expect(floor).toBeCloseTo(featureFrechetDistance(real, reference), 6);
  });

  it('falls as the count grows (FID is biased upwards at small counts) towards the 10,000 floor', () => {
    const at200 = floorAtSampleCount(evaluation, 200, 10, reference);
    const at2000 = floorAtSampleCount(evaluation, 2000, 10, reference);
    expect(at200).toBeGreaterThan(at2000);
    expect(at2000).toBeGreaterThan(realVsRealFloor('mnist'));
    expect(at2000).toBeCloseTo(5.97, 1); // the floor the distillation and app tables quote at 2,000
  });
});
