/**
 * A decoder-only transformer over a token grid read in raster order (GPT-2 / nanoGPT shaped, as LlamaGen's
 * class-conditional AR model): a class token first, then the image tokens; pre-norm blocks of causal
 * self-attention and an MLP; a final layer norm and a linear head over the vocabulary.
 */
export interface TokenTransformerConfig {
  /** Token values (the tokenizer's codebook size). */
  vocabularySize: number;
  /** Tokens per image (49 for a 7×7 grid). */
  sequenceLength: number;
  /** Real classes; label `classes` is the null class of classifier-free guidance. */
  classes: number;
  width: number;
  depth: number;
  heads: number;
  /** MLP hidden width = mlpRatio · width (4). */
  mlpRatio: number;
}

export function tokenTransformerConfig(
  overrides: Partial<TokenTransformerConfig> &
    Pick<TokenTransformerConfig, 'vocabularySize' | 'sequenceLength' | 'classes'>,
): TokenTransformerConfig {
  const config: TokenTransformerConfig = { width: 128, depth: 4, heads: 4, mlpRatio: 4, ...overrides };
  checkTokenTransformerConfig(config);
  return config;
}

export function checkTokenTransformerConfig(config: TokenTransformerConfig): void {
  const positive = (value: unknown) => typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
  for (const field of [
    'vocabularySize',
    'sequenceLength',
    'classes',
    'width',
    'depth',
    'heads',
    'mlpRatio',
  ] as const) {
    if (!positive(config[field])) {
      throw new RangeError(
        `token transformer config: ${field} is ${JSON.stringify(config[field])}, expected a positive integer`,
      );
    }
  }
  if (config.width % config.heads !== 0) {
    throw new RangeError(
      `token transformer config: width ${config.width} is not divisible by heads ${config.heads}`,
    );
  }
}
