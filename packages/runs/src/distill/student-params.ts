import type { ParamStore, Rng } from '@latentlab/tensor';
import { FieldError } from '../errors.js';
import { initialParams } from '../recipes/build-model.js';
import type { ModelConfig } from '../recipes/model-config.js';
import type { TeacherRun } from './teacher-run.js';

/**
 * A student's network: the teacher's DiT with one more scalar condition (a guidance-distilled student's w,
 * a shortcut model's d), refused for a teacher that is a distilled student already.
 */
export function withScalarCondition(
  run: TeacherRun,
  name: 'w' | 'd',
  scale: number,
  method: string,
): ModelConfig {
  const config = run.state.modelConfig;
  if (config.kind !== 'dit') {
    throw new FieldError(
      'teacher',
      `${run.info.directory}`,
      `is an ${config.kind} model; ${method} takes a DiT`,
    );
  }
  if (run.teacher.guidanceInput || run.info.bakedGuidance !== undefined || config.consistency) {
    throw new FieldError(
      'teacher',
      `${run.info.directory}`,
      `is a distilled student already (${run.info.recipe}); ${method} starts from a teacher guided by CFG`,
    );
  }
  return { ...config, scalarConditions: [...(config.scalarConditions ?? []), { name, scale }] };
}

/**
 * The student's first parameters: the teacher's EMA weights, plus the new condition's fresh ones (the
 * embedder's last Linear is zero, so at step 0 the student computes the teacher's conditional prediction
 * whatever the condition's value).
 */
export function withTeacherParams(config: ModelConfig, teacher: ParamStore): (rng: Rng) => ParamStore {
  return (rng) => {
    const params = initialParams(config, rng);
    for (const [name, value] of teacher) params.set(name, value);
    return params;
  };
}
