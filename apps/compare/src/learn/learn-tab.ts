import './learn.css';
import { loadMoonsModel, type MoonsModel, MoonsModelError } from './moons-model.js';
import { mountCfgSection } from './sections/section-cfg.js';
import { mountSchedulesSection } from './sections/section-schedules.js';
import { mountStepsSection } from './sections/section-steps.js';
import { mountTargetsSection } from './sections/section-targets.js';
import { mountTimesSection } from './sections/section-times.js';
import { mountTrajectoriesSection } from './sections/section-trajectories.js';

export interface LearnTabOptions {
  /** Where the shipped two-moons denoiser (`rf-mlp-moons.onnx`) is served; null when the app has none. */
  moonsModelUrl: string | null;
}

/**
 * Builds the Learn tab inside `root` (an empty element) and draws every section once. Resolves when every
 * section's canvas has drawn (and carries `data-drawn="true"`): the model sections once the model has
 * loaded and sampled, or once they show why it could not; the closed-form sections right away.
 */
export async function mountLearnTab(root: HTMLElement, options: LearnTabOptions): Promise<void> {
  root.classList.add('learn-tab');
  const introduction = document.createElement('p');
  introduction.className = 'learn-introduction';
  introduction.textContent =
    'The ideas behind the models, computed live in this page: sections 1 and 2 run a small rectified-flow ' +
    'model of two moons that ships with the app, and the others use exact formulas.';
  root.append(introduction);

  const modelReady: Promise<MoonsModel> =
    options.moonsModelUrl === null
      ? Promise.reject(new MoonsModelError('the app gave no model URL'))
      : loadMoonsModel(options.moonsModelUrl);
  // Each model section reports a failure itself; this keeps it from also surfacing as unhandled.
  modelReady.catch(() => undefined);

  await Promise.all([
    mountTrajectoriesSection(root, modelReady),
    mountStepsSection(root, modelReady),
    mountCfgSection(root),
    mountTimesSection(root),
    mountSchedulesSection(root),
    mountTargetsSection(root),
  ]);
}
