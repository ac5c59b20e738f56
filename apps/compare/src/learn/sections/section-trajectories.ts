import {
  sampleTrajectories,
  startingNoise,
  type Trajectories,
  type TrajectorySampler,
} from '../math/trajectories.js';
import { gridPoints, velocityField } from '../math/velocity-grid.js';
import type { MoonsModel } from '../moons-model.js';
import { markDrawn, redrawOnResize } from '../plots/canvas-surface.js';
import {
  drawModelLoading,
  MOONS_BOUNDS,
  moonsPanel,
  QUIVER_CELLS,
  showModelUnavailable,
} from '../plots/moons-plot.js';
import { drawMoons } from '../plots/moons-reference.js';
import { classColour, PALETTE } from '../plots/palette.js';
import { drawDots, drawQuiver, drawTitle, drawTrajectory, quiverScale } from '../plots/plot.js';
import { buttonControl, rangeControl, selectControl } from './controls.js';
import { sectionShell, showSectionError } from './section-shell.js';

/** 'null' asks the model for its unconditional field (the card's null class). */
type ClassChoice = '0' | '1' | 'null';

const POINT_COUNT = 64;
const NOISE_SEED = 7;

/** Section 1: the shipped model's samples walking from noise to the moons over its velocity field. */
export async function mountTrajectoriesSection(
  parent: HTMLElement,
  modelReady: Promise<MoonsModel>,
): Promise<void> {
  const shell = sectionShell(parent, {
    name: 'trajectories',
    title: '1 · Sampling: trajectories over the velocity field',
    explanation:
      'A rectified-flow model learns a velocity v(x, t): sampling starts from Gaussian noise at t = 1 and ' +
      'follows −v step by step down to t = 0, where the points land on the two moons. The grey arrows are −v at ' +
      'the shown step’s time, so you can watch the field turn from a blurry pull towards the middle into two thin moons.',
    canvasLabel: 'Sample paths of the two-moons model from noise to data, over its velocity field',
  });
  shell.canvas.classList.add('learn-canvas-square');
  const state = { choice: '0' as ClassChoice, steps: 20, sampler: 'euler' as TrajectorySampler, frame: 20 };
  let model: MoonsModel | null = null;
  let trajectories: Trajectories | null = null;
  const grid = gridPoints(MOONS_BOUNDS, QUIVER_CELLS, QUIVER_CELLS);
  const fields = new Map<string, Float64Array>();
  let computation = 0;
  let playing = false;

  const labelOf = (choice: ClassChoice) => (choice === 'null' ? (model?.nullClass ?? 2) : Number(choice));

  const classSelect = selectControl<ClassChoice>(shell.controls, {
    label: 'Class',
    options: [
      { value: '0', text: 'class 0 (upper moon)' },
      { value: '1', text: 'class 1 (lower moon)' },
      { value: 'null', text: 'unconditional' },
    ],
    value: state.choice,
    onChange: (choice) => {
      state.choice = choice;
      void recompute();
    },
  });
  const stepsSlider = rangeControl(shell.controls, {
    label: 'Steps',
    min: 1,
    max: 50,
    step: 1,
    value: state.steps,
    onInput: (steps) => {
      state.steps = steps;
      void recompute();
    },
  });
  const samplerSelect = selectControl<TrajectorySampler>(shell.controls, {
    label: 'Sampler',
    options: [
      { value: 'euler', text: 'Euler' },
      { value: 'heun', text: 'Heun' },
    ],
    value: state.sampler,
    onChange: (sampler) => {
      state.sampler = sampler;
      void recompute();
    },
  });
  const frameSlider = rangeControl(shell.controls, {
    label: 'Shown step',
    min: 0,
    max: state.steps,
    step: 1,
    value: state.frame,
    format: (frame) => `${frame} / ${state.steps}`,
    onInput: (frame) => {
      stop();
      void show(frame);
    },
  });
  const buttons = document.createElement('div');
  buttons.className = 'learn-buttons';
  shell.controls.append(buttons);
  const playButton = buttonControl(buttons, 'Play', () => (playing ? stop() : play()));
  const stepButton = buttonControl(buttons, 'Step', () => {
    stop();
    void show(state.frame >= state.steps ? 0 : state.frame + 1);
  });
  const inputs = [classSelect, stepsSlider.input, samplerSelect, frameSlider.input, playButton, stepButton];

  /** The field at frame `frame`'s time, from the cache or one batched model call. */
  async function fieldAt(frame: number): Promise<Float64Array | null> {
    if (!model || !trajectories) return null;
    const t = trajectories.times[Math.min(frame, trajectories.times.length - 1)] ?? 0;
    const key = `${state.choice}:${t}`;
    const cached = fields.get(key);
    if (cached) return cached;
    const field = await velocityField(
      model.denoiser,
      model.process,
      model.target,
      t,
      labelOf(state.choice),
      grid,
    );
    fields.set(key, field);
    return field;
  }

  function draw(field: Float64Array | null): void {
    const { panel } = moonsPanel(shell.canvas);
    const label = labelOf(state.choice);
    const colour = state.choice === 'null' ? PALETTE.purple : classColour(label);
    drawMoons(panel, state.choice === 'null' ? null : label, classColour);
    if (field) {
      const cell = panel.rect.width / QUIVER_CELLS;
      drawQuiver(
        panel,
        grid,
        field,
        {
          color: PALETTE.field,
          width: 1,
          pixelsPerUnit: quiverScale(field, 0.8 * cell),
          maxPixels: 1.2 * cell,
        },
        -1,
      );
    }
    if (trajectories) {
      // While new paths are computed, the old ones may have fewer frames than the slider now allows.
      const frame = Math.min(state.frame, trajectories.frames.length - 1);
      for (let index = 0; index < POINT_COUNT; index++) {
        drawTrajectory(panel, trajectories.frames, index, frame, {
          color: colour,
          width: 1,
          alpha: 0.45,
        });
      }
      drawDots(panel, trajectories.frames[0]!, { color: PALETTE.muted, radius: 1.5, alpha: 0.6 });
      drawDots(panel, trajectories.frames[frame]!, { color: colour, radius: 2.6 });
      const t = trajectories.times[frame] ?? 0;
      drawTitle(
        panel,
        `step ${frame} of ${trajectories.frames.length - 1} · t = ${t.toFixed(3)} · arrows: −v(x, t)`,
      );
    }
    markDrawn(shell.canvas);
  }

  /** Shows frame `frame` (fetching its field first) unless a newer request came in meanwhile. */
  async function show(frame: number): Promise<void> {
    const request = computation;
    state.frame = Math.max(0, Math.min(frame, state.steps));
    frameSlider.set(state.frame);
    try {
      const field = await fieldAt(state.frame);
      if (request === computation) draw(field);
    } catch (error) {
      fail(error);
    }
  }

  async function recompute(): Promise<void> {
    if (!model) return;
    stop();
    const request = ++computation;
    fields.clear();
    frameSlider.input.max = String(state.steps);
    try {
      const result = await sampleTrajectories({
        process: model.process,
        model: model.denoiser,
        target: model.target,
        condition: new Int32Array(POINT_COUNT).fill(labelOf(state.choice)),
        noise: startingNoise(model.process, POINT_COUNT, NOISE_SEED),
        steps: state.steps,
        sampler: state.sampler,
      });
      if (request !== computation) return;
      trajectories = result;
      shell.status.textContent =
        `${state.sampler === 'euler' ? 'Euler' : 'Heun'}, ${state.steps} step${state.steps === 1 ? '' : 's'}: ` +
        `${result.evaluations} model evaluations for ${POINT_COUNT} points (one batched call each).`;
      await show(state.steps);
    } catch (error) {
      fail(error);
    }
  }

  function play(): void {
    if (!trajectories) return;
    if (state.frame >= state.steps) state.frame = 0;
    playing = true;
    playButton.textContent = 'Pause';
    const interval = Math.min(400, Math.max(60, 2400 / state.steps));
    let last = 0;
    let busy = false;
    const tick = (now: number) => {
      if (!playing) return;
      if (!busy && now - last >= interval) {
        last = now;
        if (state.frame >= state.steps) return stop();
        busy = true;
        void show(state.frame + 1).finally(() => {
          busy = false;
        });
      }
      requestAnimationFrame(tick);
    };
    void show(state.frame).then(() => requestAnimationFrame(tick));
  }

  function stop(): void {
    playing = false;
    playButton.textContent = 'Play';
  }

  function fail(error: unknown): void {
    stop();
    showSectionError(
      shell,
      `The model could not run: ${error instanceof Error ? error.message : String(error)}`,
    );
  }

  drawModelLoading(shell.canvas);
  try {
    model = await modelReady;
  } catch (error) {
    for (const input of inputs) input.disabled = true;
    showModelUnavailable(shell, error);
    return;
  }
  redrawOnResize(shell.canvas, () => void show(state.frame));
  await recompute();
}
