import type { NoiseProcess } from '../process.js';
import { type DdpmTableOptions, ddpmAlphasCumprod } from './ddpm-tables.js';
import { discreteVpProcess } from './discrete-vp.js';
import { zeroTerminalSnr } from './zero-terminal-snr.js';

export interface VpDiscreteOptions extends DdpmTableOptions {
  /** Rescale the table to zero terminal SNR (Lin et al. 2024, Algorithm 1). */
  zeroTerminalSnr?: boolean;
}

/**
 * The discrete DDPM process: the ᾱ table of `ddpmAlphasCumprod` (linear betas, Ho et al. 2020; or cosine
 * betas clipped at 0.999, Nichol & Dhariwal 2021), optionally rescaled by `zeroTerminalSnr`
 * (Lin et al. 2024), as a `NoiseProcess` whose time is the table index t ∈ [0, steps − 1]. Fractional t
 * interpolates linearly in log-SNR between neighbouring entries; see `discreteVpProcess`.
 *
 * Named 'vp-linear-discrete' or 'vp-cosine-discrete', with '-zero-terminal-snr' appended when rescaled.
 */
export function vpDiscrete(options: VpDiscreteOptions): NoiseProcess {
  const table = ddpmAlphasCumprod(options);
  const baseName = `vp-${options.schedule}-discrete`;
  if (options.zeroTerminalSnr === true) {
    return discreteVpProcess(zeroTerminalSnr(table), `${baseName}-zero-terminal-snr`);
  }
  return discreteVpProcess(table, baseName);
}
