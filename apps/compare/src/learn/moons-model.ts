import { onnxDenoiser, readModelCard } from '@latentlab/onnx';
import { createWebRunner, type OnnxRunner } from '@latentlab/onnx/web';
import type { Denoiser } from '@latentlab/samplers';
import { type NoiseProcess, type PredictionTarget, processByName } from '@latentlab/schedules';

/** The shipped 2-D denoiser, as the samplers see it, with what its card says about it. */
export interface MoonsModel {
  name: string;
  denoiser: Denoiser<Int32Array>;
  process: NoiseProcess;
  target: PredictionTarget;
  classes: number;
  /** The label that asks for the unconditional field. */
  nullClass: number;
}

/** Why the Learn tab has no model: the URL and the reason, in words. */
export class MoonsModelError extends Error {
  override name = 'MoonsModelError';
}

/**
 * Downloads the exported two-moons denoiser, reads its model card, opens it with onnxruntime-web (its global
 * settings are the app's) and wraps it as a sampler's model. Runs are queued one at a time: a session is
 * never asked to run twice at once, however many sections redraw together.
 */
export async function loadMoonsModel(url: string): Promise<MoonsModel> {
  const bytes = await download(url);
  const card = readModelCard(bytes, url);
  const spec = card.denoiser;
  if (card.kind !== 'denoiser' || !spec)
    throw new MoonsModelError(`${url}: the card describes a ${card.kind}, not a denoiser`);
  if (spec.sampleShape.length !== 1 || spec.sampleShape[0] !== 2) {
    throw new MoonsModelError(
      `${url}: samples of shape [${spec.sampleShape.join(', ')}]; the Learn tab needs 2-D points`,
    );
  }
  if (spec.nullClass === null)
    throw new MoonsModelError(`${url}: the model has no null class (no unconditional field)`);
  let runner: OnnxRunner;
  try {
    runner = await createWebRunner(bytes, { source: url });
  } catch (error) {
    throw new MoonsModelError(error instanceof Error ? error.message : String(error));
  }
  return {
    name: card.name,
    denoiser: oneAtATime(onnxDenoiser(runner, card)),
    process: processByName(spec.process),
    target: spec.target,
    classes: spec.classes,
    nullClass: spec.nullClass,
  };
}

async function download(url: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new MoonsModelError(`${url}: could not download the model (${(error as Error).message})`);
  }
  if (!response.ok)
    throw new MoonsModelError(`${url}: could not download the model (HTTP ${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
}

/** The same denoiser, with calls run strictly in order. */
function oneAtATime<C>(denoiser: Denoiser<C>): Denoiser<C> {
  let queue: Promise<unknown> = Promise.resolve();
  return (input) => {
    const result = queue.then(() => denoiser(input));
    queue = result.catch(() => undefined);
    return result;
  };
}
