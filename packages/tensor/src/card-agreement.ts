import { type ModelCard, ModelCardError } from './model-card.js';

/**
 * Checks that a token model and a decoder (or quantizer) belong together — the tokens one produces are the
 * ones the other reads: the same tokenizer id and vocabulary. Throws a ModelCardError naming both files and
 * both values otherwise.
 */
export function checkTokenizerAgreement(
  tokenModel: ModelCard,
  tokenModelSource: string,
  autoencoder: ModelCard,
  autoencoderSource: string,
): void {
  const spec = tokenModel.tokenModel;
  const other = autoencoder.autoencoder;
  if (!spec)
    throw new ModelCardError(
      tokenModelSource,
      'tokenModel',
      `a '${tokenModel.kind}' card is not a token model`,
    );
  if (!other?.tokenizerId) {
    throw new ModelCardError(
      autoencoderSource,
      'autoencoder.tokenizerId',
      `a '${autoencoder.kind}' card of no tokenizer (a VAE, or no id)`,
    );
  }
  if (spec.tokenizerId !== other.tokenizerId) {
    throw new ModelCardError(
      tokenModelSource,
      'tokenModel.tokenizerId',
      `the token model was trained on tokenizer ${spec.tokenizerId} (${spec.tokenizer}) but ${autoencoderSource} belongs to tokenizer ${other.tokenizerId}`,
    );
  }
  if (spec.vocabularySize !== other.vocabularySize) {
    throw new ModelCardError(
      tokenModelSource,
      'tokenModel.vocabularySize',
      `${spec.vocabularySize} token values, but ${autoencoderSource} reads ${other.vocabularySize}`,
    );
  }
}

/** Throws a RangeError naming the first token outside [0, vocabularySize) — its position and value — and `what`. */
export function checkTokenRange(tokens: ArrayLike<number>, vocabularySize: number, what: string): void {
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (!(Number.isInteger(token) && token >= 0 && token < vocabularySize)) {
      throw new RangeError(
        `${what}: token ${token} at position ${index} is outside the codebook (0 … ${vocabularySize - 1})`,
      );
    }
  }
}

/** Relative difference within which two latent scalings are the same measurement. */
const SCALING_TOLERANCE = 1e-6;

const sameNumber = (a: number, b: number) => Math.abs(a - b) <= SCALING_TOLERANCE * Math.max(1, Math.abs(a));

/**
 * Checks that a latent denoiser and a decoder belong together — the latents one samples are the ones the
 * other decodes: the same autoencoder id, the decoder's latent shape = the denoiser's sample shape, and the
 * same latent scaling. Throws a ModelCardError naming both files and both values otherwise.
 */
export function checkLatentAgreement(
  denoiser: ModelCard,
  denoiserSource: string,
  decoder: ModelCard,
  decoderSource: string,
): void {
  const latent = denoiser.denoiser?.latent;
  if (!latent) {
    throw new ModelCardError(
      denoiserSource,
      'denoiser.latent',
      `a '${denoiser.kind}' card of no latent model (a denoiser of pixels has no decoder)`,
    );
  }
  const other = decoder.autoencoder;
  if (decoder.kind !== 'decoder' || !other) {
    throw new ModelCardError(decoderSource, 'kind', `expected a 'decoder' card, got '${decoder.kind}'`);
  }
  if (latent.autoencoderId !== other.autoencoderId) {
    throw new ModelCardError(
      denoiserSource,
      'denoiser.latent.autoencoderId',
      `the denoiser was trained on the latents of autoencoder ${latent.autoencoderId} (${latent.autoencoder}) but ${decoderSource} belongs to autoencoder ${other.autoencoderId ?? '(no id)'} (${decoder.training?.recipe ?? decoder.name})`,
    );
  }
  const shape = denoiser.denoiser!.sampleShape;
  if (shape.join(',') !== other.latentShape.join(',')) {
    throw new ModelCardError(
      denoiserSource,
      'denoiser.sampleShape',
      `samples of [${shape.join(', ')}] but ${decoderSource} decodes latents of [${other.latentShape.join(', ')}]`,
    );
  }
  const scaling = other.latentScaling;
  if (
    !scaling ||
    !sameNumber(scaling.scale, latent.latentScaling.scale) ||
    !sameNumber(scaling.shift, latent.latentScaling.shift)
  ) {
    throw new ModelCardError(
      denoiserSource,
      'denoiser.latent.latentScaling',
      `${JSON.stringify(latent.latentScaling)} but ${decoderSource} has ${JSON.stringify(scaling ?? null)}`,
    );
  }
}
