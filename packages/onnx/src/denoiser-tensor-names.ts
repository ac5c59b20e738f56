import { type ModelCard, ModelCardError, type ModelCardTensor } from '@latentlab/tensor';

/** The graph names a denoiser's card gives each role; `class` is null for a model without a class input. */
export interface DenoiserTensorNames {
  /** 'sample' input: x, float32 (B, …sampleShape). */
  readonly sample: string;
  /** 'time' input: t of each sample, float32 (B). */
  readonly time: string;
  /** 'class' input: labels, int32 (B). */
  readonly class: string | null;
  /** 'prediction' output (or the only output): the model's `target`, float32, laid out as the sample. */
  readonly prediction: string;
  /** 'guidance-scale' input of a guidance-distilled student: w of each sample, float32 (B). */
  readonly guidanceScale?: string;
  /** 'step-size' input of a shortcut model: d of each sample, float32 (B). */
  readonly stepSize?: string;
}

/** What each input role a denoiser is fed must be: [dtype, rank or null for any]. */
const FILLABLE_INPUTS: Readonly<Record<string, readonly ['float32' | 'int32', number | null]>> = {
  sample: ['float32', null],
  time: ['float32', 1],
  class: ['int32', 1],
  'guidance-scale': ['float32', 1],
  'step-size': ['float32', 1],
};

/**
 * Resolves a denoiser card's roles to graph names. Throws a ModelCardError naming `source` when the card
 * is not a denoiser's, lacks the 'sample' or 'time' input (or the 'class' input of a class-conditional
 * model), has an input whose role a sampler cannot fill, or has no single prediction output.
 */
export function denoiserTensorNames(card: ModelCard, source = 'onnxDenoiser'): DenoiserTensorNames {
  const fail: Fail = (field, problem) => {
    throw new ModelCardError(source, field, problem);
  };
  if (card.kind !== 'denoiser' || card.denoiser === undefined) {
    fail('kind', `expected a 'denoiser' card, got a '${card.kind}' card ('${card.name}')`);
  }
  const byRole = new Map<string, string>();
  card.inputs.forEach((input, index) => {
    const expected = Object.hasOwn(FILLABLE_INPUTS, input.role) ? FILLABLE_INPUTS[input.role] : undefined;
    if (expected === undefined) {
      fail(
        `inputs[${index}].role`,
        `input '${input.name}' has role '${input.role}', which a sampler cannot fill ` +
          `(it fills ${Object.keys(FILLABLE_INPUTS).join(', ')})`,
      );
    }
    const [dtype, rank] = expected;
    if (byRole.has(input.role)) {
      fail(
        `inputs[${index}].role`,
        `inputs '${byRole.get(input.role)}' and '${input.name}' both have role '${input.role}'`,
      );
    }
    if (input.dtype !== dtype) {
      fail(
        `inputs[${index}].dtype`,
        `the '${input.role}' input '${input.name}' is ${input.dtype}; a sampler feeds ${dtype}`,
      );
    }
    if (rank !== null && input.shape.length !== rank) {
      fail(
        `inputs[${index}].shape`,
        `the '${input.role}' input '${input.name}' has shape [${input.shape.join(', ')}]; a sampler feeds (batch)`,
      );
    }
    byRole.set(input.role, input.name);
  });
  const needed = ['sample', 'time', ...(card.denoiser!.classes > 0 ? ['class'] : [])];
  for (const role of needed) {
    if (!byRole.has(role)) {
      const why = role === 'class' ? ` (denoiser.classes is ${card.denoiser!.classes})` : '';
      fail('inputs', `no input has role '${role}'${why}; a denoiser is fed ${needed.join(', ')}`);
    }
  }
  return {
    sample: byRole.get('sample')!,
    time: byRole.get('time')!,
    class: byRole.get('class') ?? null,
    prediction: predictionOutput(card.outputs, fail).name,
    ...(byRole.has('guidance-scale') ? { guidanceScale: byRole.get('guidance-scale')! } : {}),
    ...(byRole.has('step-size') ? { stepSize: byRole.get('step-size')! } : {}),
  };
}

type Fail = (field: string, problem: string) => never;

function predictionOutput(outputs: readonly ModelCardTensor[], fail: Fail): ModelCardTensor {
  const predictions = outputs.filter((output) => output.role === 'prediction');
  if (predictions.length > 1) {
    fail('outputs', `${predictions.length} outputs have role 'prediction'; expected one`);
  }
  const prediction = predictions[0] ?? (outputs.length === 1 ? outputs[0] : undefined);
  if (prediction === undefined) {
    fail(
      'outputs',
      `no output has role 'prediction', and there are ${outputs.length} outputs (${outputs.map((output) => output.name).join(', ')})`,
    );
  }
  if (prediction.dtype !== 'float32') {
    fail(
      `outputs[${outputs.indexOf(prediction)}].dtype`,
      `the prediction '${prediction.name}' is ${prediction.dtype}; expected float32`,
    );
  }
  return prediction;
}
