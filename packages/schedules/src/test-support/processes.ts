import type { NoiseProcess } from '../process.js';
import { PROCESS_NAMES, processByName } from '../processes/process-by-name.js';
import { vpCosine } from '../processes/vp-cosine.js';
import { vpLinear } from '../processes/vp-linear.js';

/** Every named process plus a few non-default parameterisations, labelled, for property tests. */
export function testProcessCases(): { label: string; process: NoiseProcess }[] {
  return [
    ...PROCESS_NAMES.map((name) => ({ label: name, process: processByName(name) })),
    { label: 'vp-linear (β 0 → 10)', process: vpLinear({ betaMin: 0, betaMax: 10 }) },
    { label: 'vp-linear (β 1 → 1)', process: vpLinear({ betaMin: 1, betaMax: 1 }) },
    { label: 'vp-cosine (s = 0)', process: vpCosine({ s: 0 }) },
  ];
}

/** The processes of `testProcessCases`. */
export function allTestProcesses(): NoiseProcess[] {
  return testProcessCases().map(({ process }) => process);
}

/** Whether α² + σ² = 1 for this process. */
export function isVariancePreserving(process: NoiseProcess): boolean {
  return process.name.startsWith('vp-');
}

/** A grid of `count` + 1 evenly spaced times across [tMin, tMax], both ends included. */
export function timeGrid(process: NoiseProcess, count: number): number[] {
  const span = process.tMax - process.tMin;
  return Array.from({ length: count + 1 }, (_, i) =>
    i === count ? process.tMax : process.tMin + (span * i) / count,
  );
}

/** Times at fractions of [tMin, tMax]. */
export function timesAt(process: NoiseProcess, fractions: readonly number[]): number[] {
  const span = process.tMax - process.tMin;
  return fractions.map((fraction) => process.tMin + span * fraction);
}
