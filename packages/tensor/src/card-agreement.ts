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
