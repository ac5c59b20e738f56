import { meanPointDistance } from '../math/point-sets.js';
import {
  sampleTrajectories,
  startingNoise,
  type Trajectories,
  type TrajectorySampler,
} from '../math/trajectories.js';
import type { MoonsModel } from '../moons-model.js';
import { markDrawn, redrawOnResize } from '../plots/canvas-surface.js';
import { drawModelLoading, moonsPanel, showModelUnavailable } from '../plots/moons-plot.js';
import { drawMoons } from '../plots/moons-reference.js';
import { classColour, PALETTE } from '../plots/palette.js';
import { drawDots, drawLegend, drawTitle, drawTrajectory } from '../plots/plot.js';
import { rangeControl, selectControl } from './controls.js';
import { sectionShell, showSectionError } from './section-shell.js';

const POINT_COUNT = 24;
const NOISE_SEED = 11;
/** Steps of the reference solution every few-step path is compared with. */
const REFERENCE_STEPS = 50;

/** Section 2: Euler and Heun from the same noise with the same few steps, against a 50-step reference. */
export async function mountStepsSection(parent: HTMLElement, modelReady: Promise<MoonsModel>): Promise<void> {
  const shell = sectionShell(parent, {
    name: 'steps',
    title: '2 · Steps and sampler: Euler against Heun',
    explanation:
      'Euler moves along the velocity found at the start of each step, so with few steps it cuts corners (with ' +
      'one step every point jumps straight to the model’s average guess E[x₀ | x₁]). Heun corrects each step with ' +
      'a second velocity at its end (two model calls per step) and stays close to the fine 50-step solution with far fewer steps.',
    canvasLabel: 'Euler and Heun sample paths from the same noise, with a 50-step reference',
  });
  shell.canvas.classList.add('learn-canvas-square');
  const state = { steps: 3, label: 0 };
  let model: MoonsModel | null = null;
  let reference: { label: number; paths: Trajectories } | null = null;
  let paths: Record<TrajectorySampler, Trajectories> | null = null;
  let computation = 0;

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
  const classSelect = selectControl<'0' | '1'>(shell.controls, {
    label: 'Class',
    options: [
      { value: '0', text: 'class 0 (upper moon)' },
      { value: '1', text: 'class 1 (lower moon)' },
    ],
    value: '0',
    onChange: (value) => {
      state.label = Number(value);
      void recompute();
    },
  });

  function draw(): void {
    const { surface, panel } = moonsPanel(shell.canvas);
    drawMoons(panel, state.label, classColour);
    if (reference && paths) {
      for (let index = 0; index < POINT_COUNT; index++) {
        drawTrajectory(panel, reference.paths.frames, index, REFERENCE_STEPS, {
          color: PALETTE.muted,
          width: 1,
          alpha: 0.6,
        });
        drawTrajectory(panel, paths.euler.frames, index, state.steps, {
          color: PALETTE.blue,
          width: 1.4,
          alpha: 0.8,
        });
        drawTrajectory(panel, paths.heun.frames, index, state.steps, {
          color: PALETTE.orange,
          width: 1.4,
          alpha: 0.8,
        });
      }
      drawDots(panel, reference.paths.frames[0]!, { color: PALETTE.ink, radius: 1.8 });
      drawDots(panel, reference.paths.frames.at(-1)!, { color: PALETTE.muted, radius: 3, hollow: true });
      drawDots(panel, paths.euler.frames.at(-1)!, { color: PALETTE.blue, radius: 2.6 });
      drawDots(panel, paths.heun.frames.at(-1)!, { color: PALETTE.orange, radius: 2.6 });
    }
    drawTitle(panel, `${state.steps} step${state.steps === 1 ? '' : 's'}, the same starting noise`);
    drawLegend(
      surface.context,
      [
        { label: 'Euler', color: PALETTE.blue },
        { label: 'Heun', color: PALETTE.orange },
        { label: `reference (Heun, ${REFERENCE_STEPS} steps)`, color: PALETTE.muted },
      ],
      panel.rect.left + 6,
      panel.rect.top + 6,
      panel.rect.width - 12,
    );
    markDrawn(shell.canvas);
  }

  async function run(sampler: TrajectorySampler, steps: number, label: number): Promise<Trajectories> {
    const current = model!;
    return sampleTrajectories({
      process: current.process,
      model: current.denoiser,
      target: current.target,
      condition: new Int32Array(POINT_COUNT).fill(label),
      noise: startingNoise(current.process, POINT_COUNT, NOISE_SEED),
      steps,
      sampler,
    });
  }

  async function recompute(): Promise<void> {
    if (!model) return;
    const request = ++computation;
    const { steps, label } = state;
    try {
      const referencePaths =
        reference?.label === label ? reference.paths : await run('heun', REFERENCE_STEPS, label);
      const [euler, heun] = [await run('euler', steps, label), await run('heun', steps, label)];
      if (request !== computation) return;
      reference = { label, paths: referencePaths };
      paths = { euler, heun };
      const target = referencePaths.frames.at(-1)!;
      const eulerError = meanPointDistance(euler.frames.at(-1)!, target);
      const heunError = meanPointDistance(heun.frames.at(-1)!, target);
      shell.status.textContent =
        `Mean distance of the end points from the reference: Euler ${eulerError.toFixed(3)} ` +
        `(${calls(euler.evaluations)}), Heun ${heunError.toFixed(3)} (${calls(heun.evaluations)}).`;
      draw();
    } catch (error) {
      showSectionError(
        shell,
        `The model could not run: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  drawModelLoading(shell.canvas);
  try {
    model = await modelReady;
  } catch (error) {
    stepsSlider.input.disabled = true;
    classSelect.disabled = true;
    showModelUnavailable(shell, error);
    return;
  }
  redrawOnResize(shell.canvas, draw);
  await recompute();
}

function calls(count: number): string {
  return `${count} model call${count === 1 ? '' : 's'}`;
}
