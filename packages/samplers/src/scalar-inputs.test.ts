import { rectifiedFlow, vpCosine } from '@latentlab/schedules';
import { describe, expect, it } from 'vitest';
import { scalarFeeds } from './scalar-inputs.js';

const process = rectifiedFlow();

describe('scalarFeeds', () => {
  it('leaves a plain network to CFG', () => {
    expect(scalarFeeds({}, { process, steps: 4, guidanceScale: 2 })).toEqual({ guidanceScale: 2 });
  });

  it('feeds a guidance-distilled student its scale and turns CFG off', () => {
    expect(scalarFeeds({ takesGuidanceScale: true }, { process, steps: 4, guidanceScale: 2.5 })).toEqual({
      scalars: { guidanceScale: 2.5 },
      guidanceScale: 1,
    });
  });

  it('feeds a shortcut model d = (tStart − tMin)/steps and keeps CFG', () => {
    expect(scalarFeeds({ takesStepSize: true }, { process, steps: 8, guidanceScale: 1.5 })).toEqual({
      scalars: { stepSize: 0.125 },
      guidanceScale: 1.5,
    });
    const { scalars } = scalarFeeds(
      { takesStepSize: true },
      { process, steps: 4, guidanceScale: 1, tStart: 0.5 },
    );
    expect(scalars?.stepSize).toBe(0.125);
    const cosine = vpCosine();
    const span = cosine.tMax - cosine.tMin;
    expect(
      scalarFeeds({ takesStepSize: true }, { process: cosine, steps: 2, guidanceScale: 1 }).scalars,
    ).toEqual({
      stepSize: span / 2,
    });
  });

  it('refuses uneven steps for a step-size input, naming the cause', () => {
    const options = { process, steps: 4, guidanceScale: 1 };
    expect(() => scalarFeeds({ takesStepSize: true }, { ...options, spacing: 'karras' })).toThrow(
      /its spacing is 'karras'/,
    );
    expect(() => scalarFeeds({ takesStepSize: true }, { ...options, shift: 3 })).toThrow(
      /timestep shift of 3/,
    );
    expect(scalarFeeds({ takesGuidanceScale: true }, { ...options, shift: 3 }).guidanceScale).toBe(1);
  });
});
