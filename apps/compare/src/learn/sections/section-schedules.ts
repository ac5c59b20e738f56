import { type NoiseProcess, processByName } from '@latentlab/schedules';
import { scheduleCurves, timeAtPosition } from '../math/schedule-curves.js';
import { displayedWidth, markDrawn, prepareCanvas, redrawOnResize } from '../plots/canvas-surface.js';
import { PALETTE } from '../plots/palette.js';
import { drawAxes, drawCurve, drawDots, drawLegend, drawTitle, inset, Panel } from '../plots/plot.js';
import { rangeControl, selectControl } from './controls.js';
import { sectionShell } from './section-shell.js';

type ProcessName = 'rf' | 'vp-cosine' | 'edm';

const CURVE_POINTS = 300;
/** The log-SNR axis: the curves run off to ±∞ at the ends of RF and VP. */
const LOG_SNR_RANGE = 14;

/** Section 5: α(t), σ(t) and λ(t) of three processes, from the schedules package. */
export function mountSchedulesSection(parent: HTMLElement): Promise<void> {
  const shell = sectionShell(parent, {
    name: 'schedules',
    title: '5 · Noise schedules: α(t), σ(t) and log-SNR',
    explanation:
      'Every process writes x_t = α(t)·x₀ + σ(t)·ε: rectified flow is a straight line (α = 1 − t, σ = t), ' +
      'VP cosine keeps α² + σ² = 1, and VE/EDM only adds noise (α = 1, σ = t up to 80). What matters to a sampler ' +
      'is the log signal-to-noise ratio λ = log(α²/σ²), which falls from clean to noisy at a different pace for ' +
      'each process (down to −∞ where α reaches 0).',
    canvasLabel:
      'Signal scale, noise scale and log signal-to-noise ratio of the chosen noise process over time',
  });
  const state = { name: 'rf' as ProcessName, position: 0.3 };
  let process: NoiseProcess = processByName(state.name);

  selectControl<ProcessName>(shell.controls, {
    label: 'Process',
    options: [
      { value: 'rf', text: 'rectified flow' },
      { value: 'vp-cosine', text: 'VP cosine' },
      { value: 'edm', text: 'VE / EDM (σ 0.002 … 80)' },
    ],
    value: state.name,
    onChange: (name) => {
      state.name = name;
      process = processByName(name);
      timeSlider.set(state.position);
      draw();
    },
  });
  const timeSlider = rangeControl(shell.controls, {
    label: 'Time t',
    min: 0,
    max: 1,
    step: 0.005,
    value: state.position,
    format: (position) => formatTime(timeAtPosition(process, position)),
    onInput: (position) => {
      state.position = position;
      draw();
    },
  });

  function draw(): void {
    const surface = prepareCanvas(shell.canvas, displayedWidth(shell.canvas) > 600 ? 0.6 : 0.8);
    const curves = scheduleCurves(process, CURVE_POINTS);
    const xScale = curves.logTime ? 'log' : 'linear';
    const timeBounds = { xMin: process.tMin, xMax: process.tMax };
    const half = surface.height / 2;
    const top = new Panel(
      surface.context,
      inset({ left: 0, top: 0, width: surface.width, height: half }, 40, 10, 24, 38),
      curves.logTime ? { ...timeBounds, yMin: 1e-3, yMax: 200 } : { ...timeBounds, yMin: 0, yMax: 1.1 },
      xScale,
      curves.logTime ? 'log' : 'linear',
    );
    const bottom = new Panel(
      surface.context,
      inset({ left: 0, top: half, width: surface.width, height: half }, 24, 10, 24, 38),
      { ...timeBounds, yMin: -LOG_SNR_RANGE, yMax: LOG_SNR_RANGE },
      xScale,
    );
    drawAxes(top, { xLabel: 't' });
    drawAxes(bottom, { xLabel: 't', yTicks: [-12, -6, 0, 6, 12], zeroLines: true });
    drawCurve(top, curves.times, curves.alpha, { color: PALETTE.blue, width: 2.2 });
    drawCurve(top, curves.times, curves.sigma, { color: PALETTE.orange, width: 2.2 });
    drawCurve(bottom, curves.times, curves.logSnr, { color: PALETTE.green, width: 2.2 });
    drawLegend(
      surface.context,
      [
        { label: 'α(t) signal', color: PALETTE.blue },
        { label: 'σ(t) noise', color: PALETTE.orange },
      ],
      top.rect.left,
      4,
      top.rect.width,
    );
    drawTitle(bottom, 'λ(t) = log(α²/σ²)', PALETTE.green);

    const t = timeAtPosition(process, state.position);
    const [alpha, sigma, logSnr] = [process.alpha(t), process.sigma(t), 2 * process.logSnr(t)];
    for (const panel of [top, bottom]) {
      drawCurve(panel, [t, t], [panel.bounds.yMin, panel.bounds.yMax], {
        color: PALETTE.ink,
        width: 1,
        dash: [3, 3],
      });
    }
    drawDots(top, [t, alpha, t, sigma], { color: PALETTE.ink, radius: 3.5 });
    if (Number.isFinite(logSnr))
      drawDots(bottom, [t, Math.max(-LOG_SNR_RANGE, Math.min(LOG_SNR_RANGE, logSnr))], {
        color: PALETTE.ink,
        radius: 3.5,
      });
    shell.status.textContent =
      `t = ${formatTime(t)}: α = ${alpha.toFixed(4)}, σ = ${formatTime(sigma)}, α² + σ² = ${(alpha * alpha + sigma * sigma).toPrecision(4)}, ` +
      `λ = ${Number.isFinite(logSnr) ? logSnr.toFixed(3) : logSnr > 0 ? '+∞' : '−∞'}.`;
    markDrawn(shell.canvas);
  }

  redrawOnResize(shell.canvas, draw);
  draw();
  return Promise.resolve();
}

function formatTime(t: number): string {
  return t >= 10 ? t.toFixed(1) : t >= 0.1 || t === 0 ? t.toFixed(3) : t.toPrecision(3);
}
