import { logitNormalTimes, shiftTime, uniformTimes } from '@latentlab/schedules';
import { createRng } from '@latentlab/tensor';
import { densityHistogram } from '../math/histogram.js';
import {
  logitNormalTimeDensity,
  shiftedTimeDensity,
  type TimeDensity,
  uniformTimeDensity,
} from '../math/time-densities.js';
import { displayedWidth, markDrawn, prepareCanvas, redrawOnResize } from '../plots/canvas-surface.js';
import { PALETTE } from '../plots/palette.js';
import { drawAxes, drawCurve, drawLegend, inset, Panel } from '../plots/plot.js';
import { rangeControl, selectControl } from './controls.js';
import { sectionShell } from './section-shell.js';

type BaseDistribution = 'uniform' | 'logit-normal';

const CURVE_POINTS = 400;
const SAMPLE_COUNT = 20_000;
const HISTOGRAM_BINS = 40;
const SAMPLE_SEED = 5;

/** Section 4: how often training sees each time t, for the distributions of SD3 §3.1 and its time shift. */
export function mountTimesSection(parent: HTMLElement): Promise<void> {
  const shell = sectionShell(parent, {
    name: 'times',
    title: '4 · Training-time distributions',
    explanation:
      'Each training example gets a random time t, and its density decides which noise levels the model practises ' +
      'most: logit-normal(m, s) favours the hard middle, m moves the peak and s widens it. The SD3 shift ' +
      't′ = shift·t/(1 + (shift − 1)·t) moves that mass towards t = 1 (more noise), as larger images need; the ' +
      'bars are a histogram of 20,000 shifted draws.',
    canvasLabel: 'Densities of the training time: uniform, logit-normal and the shifted distribution',
  });
  const state = { base: 'logit-normal' as BaseDistribution, mean: 0, std: 1, shift: 3 };

  selectControl<BaseDistribution>(shell.controls, {
    label: 'Shifted base',
    options: [
      { value: 'logit-normal', text: 'logit-normal(m, s)' },
      { value: 'uniform', text: 'uniform' },
    ],
    value: state.base,
    onChange: (base) => {
      state.base = base;
      draw();
    },
  });
  rangeControl(shell.controls, {
    label: 'm (location)',
    min: -2,
    max: 2,
    step: 0.05,
    value: state.mean,
    format: (value) => value.toFixed(2),
    onInput: (value) => {
      state.mean = value;
      draw();
    },
  });
  rangeControl(shell.controls, {
    label: 's (scale)',
    min: 0.2,
    max: 2.5,
    step: 0.05,
    value: state.std,
    format: (value) => value.toFixed(2),
    onInput: (value) => {
      state.std = value;
      draw();
    },
  });
  rangeControl(shell.controls, {
    label: 'shift',
    min: 1,
    max: 8,
    step: 0.1,
    value: state.shift,
    format: (value) => value.toFixed(1),
    onInput: (value) => {
      state.shift = value;
      draw();
    },
  });

  /** Draws of the shifted base through the schedules package's own samplers. */
  function shiftedSamples(): Float64Array {
    const rng = createRng(SAMPLE_SEED);
    const base =
      state.base === 'uniform'
        ? uniformTimes(rng, SAMPLE_COUNT)
        : logitNormalTimes(rng, SAMPLE_COUNT, { mean: state.mean, std: state.std });
    return base.map((t) => shiftTime(t, state.shift));
  }

  function draw(): void {
    const surface = prepareCanvas(shell.canvas, displayedWidth(shell.canvas) > 600 ? 0.45 : 0.6);
    const logitNormal = logitNormalTimeDensity(state.mean, state.std);
    const base: TimeDensity = state.base === 'uniform' ? uniformTimeDensity : logitNormal;
    const shifted = shiftedTimeDensity(base, state.shift);
    const times = Float64Array.from({ length: CURVE_POINTS }, (_, i) => (i + 0.5) / CURVE_POINTS);
    const curves = {
      uniform: times.map(uniformTimeDensity),
      logitNormal: times.map(logitNormal),
      shifted: times.map(shifted),
    };
    const samples = shiftedSamples();
    const histogram = densityHistogram(samples, HISTOGRAM_BINS, 0, 1);
    const highest = Math.max(...curves.logitNormal, ...curves.shifted, ...histogram);
    const yMax = Math.min(8, Math.max(1.6, highest * 1.1));
    const rect = inset({ left: 0, top: 0, width: surface.width, height: surface.height }, 40, 10, 24, 34);
    const panel = new Panel(surface.context, rect, { xMin: 0, xMax: 1, yMin: 0, yMax });
    drawAxes(panel, { xLabel: 't', yLabel: 'density' });
    drawHistogram(panel, histogram);
    drawCurve(panel, times, curves.uniform, { color: PALETTE.muted, width: 1.5, dash: [5, 4] });
    drawCurve(panel, times, curves.logitNormal, { color: PALETTE.blue, width: 2 });
    drawCurve(panel, times, curves.shifted, { color: PALETTE.orange, width: 2.5 });
    drawLegend(
      surface.context,
      [
        { label: 'uniform', color: PALETTE.muted, dash: [5, 4] },
        { label: `logit-normal(${state.mean.toFixed(2)}, ${state.std.toFixed(2)})`, color: PALETTE.blue },
        { label: `${state.base} shifted by ${state.shift.toFixed(1)}`, color: PALETTE.orange },
      ],
      rect.left,
      4,
      rect.width,
    );
    let noisy = 0;
    for (const t of samples) if (t > 0.5) noisy++;
    shell.status.textContent =
      `Shifted ${state.base}: ${((100 * noisy) / samples.length).toFixed(1)}% of the ${SAMPLE_COUNT.toLocaleString('en')} ` +
      `draws have t > ½ (more noise than signal for rectified flow).`;
    markDrawn(shell.canvas);
  }

  /** Light bars of a density histogram on [0, 1]. */
  function drawHistogram(panel: Panel, density: Float64Array): void {
    const { context } = panel;
    const width = 1 / density.length;
    panel.clipped(() => {
      context.fillStyle = PALETTE.orange;
      context.globalAlpha = 0.18;
      density.forEach((value, bin) => {
        const [left, right] = [panel.x(bin * width), panel.x((bin + 1) * width)];
        const top = panel.y(value);
        context.fillRect(left + 0.5, top, right - left - 1, panel.y(0) - top);
      });
      context.globalAlpha = 1;
    });
  }

  redrawOnResize(shell.canvas, draw);
  draw();
  return Promise.resolve();
}
