import { SAMPLERS } from '@latentlab/samplers';
import type { ModelKind } from '../models/manifest.js';
import type { PanelSettings } from '../worker/protocol.js';
import type { ControlSpec, ControlValues } from './controls.js';

/** The Generate tab's three panels. */
export type PanelKind = Exclude<ModelKind, 'flow-2d'>;

export const PANEL_TITLES: Record<PanelKind, string> = {
  diffusion: 'Diffusion',
  autoregressive: 'Autoregressive',
  masked: 'Masked (MaskGIT)',
};

/** URL key prefix of each panel's settings. */
export const PANEL_PREFIX: Record<PanelKind, string> = { diffusion: 'd', autoregressive: 'a', masked: 'm' };

/**
 * The default scale: 1.5 for diffusion, where both shipped DiTs score their best FID near it at 20 Euler
 * steps (pixel 14.83 / 99.05%, latent 25.01 / 95.55% at 2,000 samples; 2 costs the pixel DiT 2× its FID),
 * 2 for the token models (their best).
 */
const guidance = (prefix: string, value = 2): ControlSpec => ({
  key: `${prefix}.cfg`,
  label: 'CFG scale',
  kind: 'number',
  min: 0,
  max: 10,
  step: 0.25,
  value,
  hint: 'classifier-free guidance: 1 = none, larger = closer to the class, less varied',
});

const temperature = (prefix: string): ControlSpec => ({
  key: `${prefix}.temperature`,
  label: 'Temperature',
  kind: 'number',
  min: 0,
  max: 3,
  step: 0.05,
  value: 1,
  hint: 'logits are divided by it; 0 = always the most likely token',
});

/** Each panel's knobs, beside its model choice. */
export function panelControls(kind: PanelKind): ControlSpec[] {
  const p = PANEL_PREFIX[kind];
  if (kind === 'diffusion') {
    return [
      {
        key: `${p}.sampler`,
        label: 'Sampler',
        kind: 'select',
        options: Object.keys(SAMPLERS).map((name) => ({ value: name, label: name })),
        value: 'euler',
      },
      { key: `${p}.steps`, label: 'Steps', kind: 'number', min: 1, max: 200, step: 1, value: 20 },
      guidance(p, 1.5),
      {
        key: `${p}.cfgLow`,
        label: 'Guide from t',
        kind: 'number',
        min: 0,
        max: 1,
        step: 0.05,
        value: 0,
        hint: 'guidance interval: guide only for process times in [from, to]',
      },
      { key: `${p}.cfgHigh`, label: 'Guide to t', kind: 'number', min: 0, max: 1, step: 0.05, value: 1 },
      {
        key: `${p}.shift`,
        label: 'Schedule shift',
        kind: 'number',
        min: 1,
        max: 10,
        step: 0.5,
        value: 1,
        hint: "SD3's timestep shift of the sampling times (1 = none)",
      },
    ];
  }
  if (kind === 'autoregressive') {
    return [
      guidance(p),
      temperature(p),
      { key: `${p}.topK`, label: 'Top-k (0 = off)', kind: 'number', min: 0, max: 1024, step: 1, value: 0 },
      { key: `${p}.topP`, label: 'Top-p', kind: 'number', min: 0.05, max: 1, step: 0.05, value: 1 },
      {
        key: `${p}.cfgFrom`,
        label: 'Guide from token',
        kind: 'number',
        min: 0,
        max: 1,
        step: 0.05,
        value: 0,
        hint: "LlamaGen's guidance interval: guide only this fraction of the raster positions",
      },
      { key: `${p}.cfgTo`, label: 'Guide to token', kind: 'number', min: 0, max: 1, step: 0.05, value: 1 },
    ];
  }
  return [
    { key: `${p}.steps`, label: 'Iterations', kind: 'number', min: 1, max: 49, step: 1, value: 12 },
    {
      key: `${p}.choice`,
      label: 'Choice temperature',
      kind: 'number',
      min: 0,
      max: 10,
      step: 0.5,
      value: 4.5,
      hint: 'Gumbel noise on the confidences that decide which tokens stay (annealed to 0)',
    },
    guidance(p),
    temperature(p),
  ];
}

/** The worker's settings of a panel from its control values. */
export function panelSettings(kind: PanelKind, values: ControlValues): PanelSettings {
  const p = PANEL_PREFIX[kind];
  const number = (key: string) => Number(values[`${p}.${key}`]);
  if (kind === 'diffusion') {
    return {
      kind,
      sampler: values[`${p}.sampler`] as keyof typeof SAMPLERS,
      steps: number('steps'),
      guidanceScale: number('cfg'),
      guidanceInterval: [number('cfgLow'), number('cfgHigh')],
      shift: number('shift'),
    };
  }
  return {
    kind,
    guidanceScale: number('cfg'),
    temperature: number('temperature'),
    topK: kind === 'autoregressive' ? number('topK') : 0,
    topP: kind === 'autoregressive' ? number('topP') : 1,
    guidanceInterval: kind === 'autoregressive' ? [number('cfgFrom'), number('cfgTo')] : [0, 1],
    iterations: kind === 'masked' ? number('steps') : 0,
    choiceTemperature: kind === 'masked' ? number('choice') : 0,
  };
}
