import type { NoiseProcess } from '../process.js';
import { edm } from './edm.js';
import { rectifiedFlow } from './rectified-flow.js';
import { vpCosine } from './vp-cosine.js';
import { vpDiscrete } from './vp-discrete.js';
import { vpLinear } from './vp-linear.js';

/** Every process `processByName` knows, each with its paper defaults. */
const PROCESS_FACTORIES: Readonly<Record<string, () => NoiseProcess>> = {
  rf: () => rectifiedFlow(),
  'vp-linear': () => vpLinear(),
  'vp-cosine': () => vpCosine(),
  'vp-linear-discrete': () => vpDiscrete({ schedule: 'linear' }),
  'vp-cosine-discrete': () => vpDiscrete({ schedule: 'cosine' }),
  'vp-linear-discrete-zero-terminal-snr': () => vpDiscrete({ schedule: 'linear', zeroTerminalSnr: true }),
  'vp-cosine-discrete-zero-terminal-snr': () => vpDiscrete({ schedule: 'cosine', zeroTerminalSnr: true }),
  edm: () => edm(),
};

/** The names `processByName` accepts. */
export const PROCESS_NAMES: readonly string[] = Object.keys(PROCESS_FACTORIES);

/** Thrown by `processByName` for a name it does not know; the message lists the valid names. */
export class UnknownProcessError extends Error {
  override name = 'UnknownProcessError';
  constructor(readonly processName: string) {
    super(`unknown noise process '${processName}'; expected one of: ${PROCESS_NAMES.join(', ')}`);
  }
}

/**
 * The process with this name and its default parameters: 'rf', 'vp-linear', 'vp-cosine',
 * 'vp-linear-discrete', 'vp-cosine-discrete' (1000 steps), their '-zero-terminal-snr' variants, 'edm'.
 * `processByName(process.name)` rebuilds any default process.
 */
export function processByName(name: string): NoiseProcess {
  const factory = Object.hasOwn(PROCESS_FACTORIES, name) ? PROCESS_FACTORIES[name] : undefined;
  if (factory === undefined) throw new UnknownProcessError(name);
  return factory();
}
