import { stackLabels, withGuidance } from '@latentlab/samplers';
import { coefficientsAt, processByName } from '@latentlab/schedules';
import {
  conditionalVelocity,
  guidedVelocity,
  mixtureDenoiser,
  TWO_CLASS_MIXTURE,
  unconditionalVelocity,
} from '../math/gaussian-mixture-flow.js';
import { countNearest, meanDistanceFrom } from '../math/point-sets.js';
import { sampleTrajectories, startingNoise, type Trajectories } from '../math/trajectories.js';
import { gridPoints } from '../math/velocity-grid.js';
import { markDrawn, prepareCanvas, redrawOnResize } from '../plots/canvas-surface.js';
import { classColour, PALETTE } from '../plots/palette.js';
import {
  type Bounds,
  drawAxes,
  drawCircle,
  drawDots,
  drawQuiver,
  drawTitle,
  drawTrajectory,
  inset,
  Panel,
  quiverScale,
  type Rect,
} from '../plots/plot.js';
import { rangeControl, selectControl } from './controls.js';
import { sectionShell, showSectionError } from './section-shell.js';

const BOUNDS: Bounds = { xMin: -4, xMax: 4, yMin: -3.75, yMax: 4.25 };
const TICKS = [-4, -2, 0, 2, 4];
const QUIVER_CELLS = 13;
const POINT_COUNT = 64;
const NOISE_SEED = 3;
/** Euler steps of the guided trajectories. */
const GUIDED_STEPS = 50;

/** Section 3: classifier-free guidance on a two-Gaussian mixture, every field in closed form. */
export async function mountCfgSection(parent: HTMLElement): Promise<void> {
  const shell = sectionShell(parent, {
    name: 'cfg',
    title: '3 · Classifier-free guidance on a two-class mixture',
    explanation:
      'The data here are two Gaussian blobs, so the best possible conditional and unconditional velocity fields ' +
      'have exact formulas, and guidance combines them as uncond + w·(cond − uncond). At w = 1 the samples are ' +
      'the class itself; a larger w extrapolates away from the unconditional field, pushing samples away from the ' +
      'other class into a tighter, shifted clump.',
    canvasLabel:
      'Conditional, unconditional and guided velocity fields of a two-Gaussian mixture, and guided samples',
  });
  shell.canvas.classList.add('learn-canvas-square');
  const process = processByName('rf');
  const grid = gridPoints(BOUNDS, QUIVER_CELLS, QUIVER_CELLS);
  const noise = startingNoise(process, POINT_COUNT, NOISE_SEED);
  const state = { label: 0, scale: 3, t: 0.5 };
  let trajectories: Trajectories | null = null;
  let computation = 0;

  selectControl<'0' | '1'>(shell.controls, {
    label: 'Class',
    options: [
      { value: '0', text: 'class 0 (left)' },
      { value: '1', text: 'class 1 (right)' },
    ],
    value: '0',
    onChange: (value) => {
      state.label = Number(value);
      void recompute();
    },
  });
  rangeControl(shell.controls, {
    label: 'Guidance scale w',
    min: 0,
    max: 8,
    step: 0.1,
    value: state.scale,
    format: (value) => value.toFixed(1),
    onInput: (value) => {
      state.scale = value;
      void recompute();
    },
  });
  rangeControl(shell.controls, {
    label: 'Field time t',
    min: 0.05,
    max: 1,
    step: 0.01,
    value: state.t,
    format: (value) => value.toFixed(2),
    onInput: (value) => {
      state.t = value;
      draw();
    },
  });

  function draw(): void {
    const surface = prepareCanvas(shell.canvas, 1);
    const [cellWidth, cellHeight] = [surface.width / 2, surface.height / 2];
    const panelIn = (column: number, row: number): Panel => {
      const cell: Rect = {
        left: column * cellWidth,
        top: row * cellHeight,
        width: cellWidth,
        height: cellHeight,
      };
      const area = inset(cell, 20, 6, 18, 28);
      const side = Math.min(area.width, area.height);
      return new Panel(surface.context, { ...area, width: side, height: side }, BOUNDS);
    };
    const coefficients = coefficientsAt(process, state.t);
    const conditional = conditionalVelocity(TWO_CLASS_MIXTURE, state.label, grid, coefficients);
    const unconditional = unconditionalVelocity(TWO_CLASS_MIXTURE, grid, coefficients);
    const guided = guidedVelocity(TWO_CLASS_MIXTURE, state.label, grid, coefficients, state.scale);
    const fieldPanels = [panelIn(0, 0), panelIn(1, 0), panelIn(0, 1)];
    const cell = fieldPanels[0]!.rect.width / QUIVER_CELLS;
    // One scale for all three, so arrow lengths compare across the panels.
    const pixelsPerUnit = quiverScale(Float64Array.from([...conditional, ...unconditional]), 0.8 * cell);
    const fields = [
      { field: conditional, title: `class ${state.label}`, colour: classColour(state.label) },
      { field: unconditional, title: 'unconditional', colour: PALETTE.purple },
      { field: guided, title: `guided, w = ${state.scale.toFixed(1)}`, colour: PALETTE.ink },
    ];
    fields.forEach(({ field, title, colour }, index) => {
      const panel = fieldPanels[index]!;
      drawAxes(panel, { xTicks: TICKS, yTicks: TICKS, zeroLines: true });
      drawMarginals(panel, state.t);
      drawQuiver(panel, grid, field, { color: colour, width: 1, pixelsPerUnit, maxPixels: 1.4 * cell }, -1);
      drawTitle(panel, index === 0 ? `${title}, t = ${state.t.toFixed(2)}` : title);
    });
    const samplesPanel = panelIn(1, 1);
    drawAxes(samplesPanel, { xTicks: TICKS, yTicks: TICKS, zeroLines: true });
    drawMarginals(samplesPanel, 0);
    if (trajectories) {
      const colour = classColour(state.label);
      for (let index = 0; index < POINT_COUNT; index++) {
        drawTrajectory(samplesPanel, trajectories.frames, index, GUIDED_STEPS, {
          color: colour,
          width: 0.8,
          alpha: 0.35,
        });
      }
      drawDots(samplesPanel, trajectories.frames.at(-1)!, { color: colour, radius: 2.2 });
    }
    drawTitle(samplesPanel, `samples (Euler ${GUIDED_STEPS})`);
    markDrawn(shell.canvas);
  }

  /** Each class's x_t distribution at time t: a dashed circle at α·μ_k of radius 2·√(α²s² + σ²). */
  function drawMarginals(panel: Panel, t: number): void {
    const { alpha, sigma } = coefficientsAt(process, t);
    TWO_CLASS_MIXTURE.forEach((component, k) => {
      const spread = Math.sqrt(alpha * alpha * component.std * component.std + sigma * sigma);
      const [x, y] = [alpha * component.mean[0], alpha * component.mean[1]];
      drawCircle(panel, x, y, 2 * spread, { color: classColour(k), width: 1.2, dash: [4, 3], alpha: 0.8 });
      drawDots(panel, [x, y], { color: classColour(k), radius: 3 });
    });
  }

  async function recompute(): Promise<void> {
    const request = ++computation;
    const { label, scale } = state;
    try {
      const nullClass = TWO_CLASS_MIXTURE.length;
      const result = await sampleTrajectories({
        process,
        model: withGuidance(mixtureDenoiser(TWO_CLASS_MIXTURE, process), {
          scale,
          unconditional: new Int32Array(POINT_COUNT).fill(nullClass),
          stack: stackLabels,
        }),
        target: 'velocity',
        condition: new Int32Array(POINT_COUNT).fill(label),
        noise,
        steps: GUIDED_STEPS,
        sampler: 'euler',
      });
      if (request !== computation) return;
      trajectories = result;
      const samples = result.frames.at(-1)!;
      const centres = TWO_CLASS_MIXTURE.map((component) => component.mean);
      const other = centres[1 - label]!;
      shell.status.textContent =
        `w = ${scale.toFixed(1)}: ${countNearest(samples, centres, label)} of ${POINT_COUNT} samples end nearer ` +
        `class ${label}’s centre; mean distance from the other class’s centre ${meanDistanceFrom(samples, other).toFixed(2)}, ` +
        `from their own ${meanDistanceFrom(samples, centres[label]!).toFixed(2)} (the data: about ${(TWO_CLASS_MIXTURE[label]!.std * Math.sqrt(Math.PI / 2)).toFixed(2)}).`;
      draw();
    } catch (error) {
      showSectionError(
        shell,
        `Guided sampling failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  redrawOnResize(shell.canvas, draw);
  draw();
  await recompute();
}
