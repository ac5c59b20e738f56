import { type SectionShell, showSectionError } from '../sections/section-shell.js';
import { type CanvasSurface, markDrawn, prepareCanvas, redrawOnResize } from './canvas-surface.js';
import { drawMoons } from './moons-reference.js';
import { classColour } from './palette.js';
import { type Bounds, drawAxes, drawMessage, inset, Panel } from './plot.js';

/** The window of the two-moons plots: the N(0, I) noise and the moons (x ∈ [−1, 2], y ∈ [−½, 1]). */
export const MOONS_BOUNDS: Bounds = { xMin: -2.5, xMax: 3.5, yMin: -2.75, yMax: 3.25 };

/** Columns (and rows) of the velocity-field quiver. */
export const QUIVER_CELLS = 17;

/** A square canvas with one square panel over MOONS_BOUNDS, its axes drawn. */
export function moonsPanel(canvas: HTMLCanvasElement): { surface: CanvasSurface; panel: Panel } {
  const surface = prepareCanvas(canvas, 1);
  const side = Math.min(surface.width - 40, surface.height - 46);
  const rect = inset({ left: 0, top: 0, width: surface.width, height: surface.height }, 24, 0, 22, 34);
  const panel = new Panel(surface.context, { ...rect, width: side, height: side }, MOONS_BOUNDS);
  drawAxes(panel, { xTicks: [-2, -1, 0, 1, 2, 3], yTicks: [-2, -1, 0, 1, 2, 3], zeroLines: true });
  return { surface, panel };
}

/**
 * What a model section shows when the model could not be loaded: the moons with a message over them (so the
 * canvas is still a figure), and the reason as an announced error line.
 */
export function showModelUnavailable(shell: SectionShell, error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error);
  const redraw = () => {
    const { panel } = moonsPanel(shell.canvas);
    drawMoons(panel, null, classColour);
    drawMessage(panel.context, panel.rect, [
      'The two-moons model is not available,',
      'so this section cannot sample.',
    ]);
    markDrawn(shell.canvas);
  };
  redraw();
  redrawOnResize(shell.canvas, redraw);
  showSectionError(
    shell,
    `The two-moons model could not be loaded (${reason}). The closed-form sections below still work.`,
  );
}

/** The placeholder while the model downloads (not marked as drawn: the real figure follows). */
export function drawModelLoading(canvas: HTMLCanvasElement): void {
  const { panel } = moonsPanel(canvas);
  drawMoons(panel, null, classColour);
  drawMessage(panel.context, panel.rect, ['Loading the two-moons model…']);
}
