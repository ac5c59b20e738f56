import { type NoiseProcess, type PredictionTarget, processByName } from '@latentlab/schedules';
import { type TargetsAtTime, targetsAtTime } from '../math/prediction-targets.js';
import { markDrawn, prepareCanvas, redrawOnResize } from '../plots/canvas-surface.js';
import { PALETTE } from '../plots/palette.js';
import {
  type Bounds,
  drawArrow,
  drawAxes,
  drawDots,
  drawLabel,
  drawTitle,
  inset,
  Panel,
} from '../plots/plot.js';
import { type RangeControl, rangeControl, selectControl } from './controls.js';
import { sectionShell } from './section-shell.js';

type ProcessName = 'rf' | 'vp-cosine';

const BOUNDS: Bounds = { xMin: -3, xMax: 3, yMin: -3, yMax: 3 };
const POINT_LIMIT = 2.5;
/** How close (CSS px) a pointer must come to a handle to grab it. */
const GRAB_RADIUS = 22;

const TARGET_STYLE: Record<PredictionTarget, { colour: string; name: string }> = {
  x0: { colour: PALETTE.blue, name: 'x₀' },
  epsilon: { colour: PALETTE.orange, name: 'ε' },
  v: { colour: PALETTE.green, name: 'v = α·ε − σ·x₀' },
  velocity: { colour: PALETTE.purple, name: 'velocity = α′·x₀ + σ′·ε' },
};

/** Section 6: one (x₀, ε) pair seen through every prediction target, and each one's way back to x₀. */
export function mountTargetsSection(parent: HTMLElement): Promise<void> {
  const shell = sectionShell(parent, {
    name: 'targets',
    title: '6 · Prediction targets: x₀, ε, v and velocity',
    explanation:
      'A network can be trained to output the clean point x₀, the noise ε, v = α·ε − σ·x₀ or the velocity ' +
      '(ε − x₀ for rectified flow): at a given t these are linear views of the same pair (x₀, ε). Drag x₀ or ε ' +
      '(or use the sliders) and the table converts each target back to x₀ from x_t: all agree, except ε at t = 1, ' +
      'where α = 0 and x_t holds no trace of x₀.',
    canvasLabel: 'A clean point, a noise draw, the noisy point and the four prediction targets as arrows',
  });
  shell.canvas.classList.add('learn-canvas-square', 'learn-canvas-draggable');
  const state = {
    name: 'rf' as ProcessName,
    t: 0.4,
    x0: [1.2, 0.8] as [number, number],
    epsilon: [-1, 1.5] as [number, number],
  };
  let process: NoiseProcess = processByName(state.name);
  let panel: Panel | null = null;

  selectControl<ProcessName>(shell.controls, {
    label: 'Process',
    options: [
      { value: 'rf', text: 'rectified flow' },
      { value: 'vp-cosine', text: 'VP cosine' },
    ],
    value: state.name,
    onChange: (name) => {
      state.name = name;
      process = processByName(name);
      draw();
    },
  });
  rangeControl(shell.controls, {
    label: 'Time t',
    min: 0,
    max: 1,
    step: 0.01,
    value: state.t,
    format: (value) => value.toFixed(2),
    onInput: (value) => {
      state.t = value;
      draw();
    },
  });
  const coordinateSlider = (label: string, point: [number, number], axis: 0 | 1): RangeControl =>
    rangeControl(shell.controls, {
      label,
      min: -POINT_LIMIT,
      max: POINT_LIMIT,
      step: 0.05,
      value: point[axis],
      format: (value) => value.toFixed(2),
      onInput: (value) => {
        point[axis] = value;
        draw();
      },
    });
  const sliders = {
    x0: [coordinateSlider('x₀ (first)', state.x0, 0), coordinateSlider('x₀ (second)', state.x0, 1)],
    epsilon: [
      coordinateSlider('ε (first)', state.epsilon, 0),
      coordinateSlider('ε (second)', state.epsilon, 1),
    ],
  };

  const table = document.createElement('table');
  table.className = 'learn-table';
  shell.section.append(table);

  function draw(): void {
    const surface = prepareCanvas(shell.canvas, 1);
    const area = inset({ left: 0, top: 0, width: surface.width, height: surface.height }, 24, 6, 22, 34);
    const side = Math.min(area.width, area.height);
    const current = new Panel(surface.context, { ...area, width: side, height: side }, BOUNDS);
    panel = current;
    drawAxes(current, {
      xTicks: [-3, -2, -1, 0, 1, 2, 3],
      yTicks: [-3, -2, -1, 0, 1, 2, 3],
      zeroLines: true,
    });
    const result = targetsAtTime(process, state.t, state.x0, state.epsilon);
    const { alpha, sigma } = result.coefficients;
    const xt: [number, number] = [result.xt[0]!, result.xt[1]!];
    const origin: [number, number] = [current.x(0), current.y(0)];
    const pixel = (x: number, y: number): [number, number] => [current.x(x), current.y(y)];
    current.clipped(() => {
      // x_t = α·x₀ + σ·ε, drawn head to tail.
      const scaledClean = pixel(alpha * state.x0[0], alpha * state.x0[1]);
      drawArrow(surface.context, origin, scaledClean, {
        color: PALETTE.blue,
        width: 1,
        dash: [4, 3],
        alpha: 0.7,
      });
      drawArrow(surface.context, scaledClean, pixel(...xt), {
        color: PALETTE.orange,
        width: 1,
        dash: [4, 3],
        alpha: 0.7,
      });
      for (const reading of result.readings) {
        const [x, y] = [reading.prediction[0]!, reading.prediction[1]!];
        if (!(Number.isFinite(x) && Number.isFinite(y))) continue;
        const style = TARGET_STYLE[reading.target];
        const tip = pixel(x, y);
        drawArrow(surface.context, origin, tip, { color: style.colour, width: 2.2 });
        drawLabel(surface.context, style.name.split(' ')[0]!, tip[0] + 6, tip[1] - 6, {
          color: style.colour,
        });
      }
    });
    drawDots(current, state.x0, { color: PALETTE.blue, radius: 7, hollow: true });
    drawDots(current, state.epsilon, { color: PALETTE.orange, radius: 7, hollow: true });
    drawDots(current, xt, { color: PALETTE.ink, radius: 4 });
    drawLabel(surface.context, 'x_t', current.x(xt[0]) + 7, current.y(xt[1]) + 14, { color: PALETTE.ink });
    drawTitle(
      current,
      `${state.name === 'rf' ? 'rectified flow' : 'VP cosine'}, t = ${state.t.toFixed(2)}: α = ${alpha.toFixed(3)}, σ = ${sigma.toFixed(3)}`,
    );
    fillTable(result);
    shell.status.textContent = `x_t = α·x₀ + σ·ε = (${format(xt[0])}, ${format(xt[1])}).`;
    markDrawn(shell.canvas);
  }

  function fillTable(result: TargetsAtTime): void {
    const header = ['target', 'prediction', 'x₀ recovered from (x_t, prediction)', 'error'];
    const rows = result.readings.map((reading) => {
      const prediction = `(${format(reading.prediction[0]!)}, ${format(reading.prediction[1]!)})`;
      const recovered = reading.recoveredX0;
      if (!recovered)
        return [
          TARGET_STYLE[reading.target].name,
          prediction,
          `not defined here: ${reading.failure ?? ''}`,
          '—',
        ];
      const error = Math.max(Math.abs(recovered[0]! - state.x0[0]), Math.abs(recovered[1]! - state.x0[1]));
      return [
        TARGET_STYLE[reading.target].name,
        prediction,
        `(${format(recovered[0]!)}, ${format(recovered[1]!)})`,
        error === 0 ? '0' : error.toExponential(1),
      ];
    });
    table.replaceChildren();
    const caption = table.createCaption();
    caption.textContent = `Each target at t = ${state.t.toFixed(2)}, and x₀ recovered from it (true x₀ = (${format(state.x0[0])}, ${format(state.x0[1])}))`;
    const head = table.createTHead().insertRow();
    for (const text of header) {
      const cell = document.createElement('th');
      cell.scope = 'col';
      cell.textContent = text;
      head.append(cell);
    }
    const body = table.createTBody();
    for (const row of rows) {
      const tableRow = body.insertRow();
      row.forEach((text, column) => {
        const cell = column === 0 ? document.createElement('th') : document.createElement('td');
        if (column === 0) (cell as HTMLTableCellElement).scope = 'row';
        cell.textContent = text;
        tableRow.append(cell);
      });
    }
  }

  // Dragging the x₀ and ε handles (the sliders above do the same from the keyboard).
  let dragging: 'x0' | 'epsilon' | null = null;
  const pointerData = (event: PointerEvent): [number, number] | null => {
    if (!panel) return null;
    const bounds = shell.canvas.getBoundingClientRect();
    const [px, py] = [event.clientX - bounds.left, event.clientY - bounds.top];
    return [panel.dataX(px), panel.dataY(py)];
  };
  shell.canvas.addEventListener('pointerdown', (event) => {
    if (!panel) return;
    const bounds = shell.canvas.getBoundingClientRect();
    const [px, py] = [event.clientX - bounds.left, event.clientY - bounds.top];
    const distance = (point: [number, number]) =>
      Math.hypot(panel!.x(point[0]) - px, panel!.y(point[1]) - py);
    const [toClean, toNoise] = [distance(state.x0), distance(state.epsilon)];
    if (Math.min(toClean, toNoise) > GRAB_RADIUS) return;
    dragging = toClean <= toNoise ? 'x0' : 'epsilon';
    shell.canvas.setPointerCapture(event.pointerId);
    event.preventDefault();
  });
  shell.canvas.addEventListener('pointermove', (event) => {
    if (!dragging) return;
    const position = pointerData(event);
    if (!position) return;
    const point = state[dragging];
    for (const axis of [0, 1] as const) {
      const value = Math.round(Math.max(-POINT_LIMIT, Math.min(POINT_LIMIT, position[axis])) * 20) / 20;
      point[axis] = value;
      sliders[dragging][axis]!.set(value);
    }
    draw();
  });
  const release = () => {
    dragging = null;
  };
  shell.canvas.addEventListener('pointerup', release);
  shell.canvas.addEventListener('pointercancel', release);

  redrawOnResize(shell.canvas, draw);
  draw();
  return Promise.resolve();
}

function format(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const rounded = Math.abs(value) < 5e-13 ? 0 : value;
  return rounded.toFixed(3);
}
