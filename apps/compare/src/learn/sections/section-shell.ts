/** The section names the page test looks for, in `data-learn-section` on each section's canvas. */
export type LearnSectionName = 'trajectories' | 'steps' | 'cfg' | 'times' | 'schedules' | 'targets';

export interface SectionShell {
  section: HTMLElement;
  canvas: HTMLCanvasElement;
  controls: HTMLDivElement;
  /** A live line under the plot for numbers and messages. */
  status: HTMLParagraphElement;
}

export interface SectionShellOptions {
  name: LearnSectionName;
  title: string;
  /** Two sentences of plain explanation. */
  explanation: string;
  /** What the canvas shows, for screen readers. */
  canvasLabel: string;
}

/** `<section>` with a heading, the explanation, the canvas, a controls row and a status line. */
export function sectionShell(parent: HTMLElement, options: SectionShellOptions): SectionShell {
  const section = document.createElement('section');
  section.className = 'learn-section';
  const headingId = `learn-heading-${options.name}`;
  section.setAttribute('aria-labelledby', headingId);

  const heading = document.createElement('h3');
  heading.className = 'learn-title';
  heading.id = headingId;
  heading.textContent = options.title;

  const explanation = document.createElement('p');
  explanation.className = 'learn-explanation';
  explanation.textContent = options.explanation;

  const canvas = document.createElement('canvas');
  canvas.className = 'learn-canvas';
  canvas.dataset['learnSection'] = options.name;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', options.canvasLabel);

  const controls = document.createElement('div');
  controls.className = 'learn-controls';

  const status = document.createElement('p');
  status.className = 'learn-status';
  status.setAttribute('aria-live', 'polite');

  section.append(heading, explanation, canvas, controls, status);
  parent.append(section);
  return { section, canvas, controls, status };
}

/** Shows an error in the section (a visible, announced message) in place of the status line. */
export function showSectionError(shell: SectionShell, message: string): void {
  shell.status.textContent = message;
  shell.status.classList.add('learn-error');
  shell.status.setAttribute('role', 'alert');
}
