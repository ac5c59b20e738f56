import { RESERVED_INPUT_NAMES, type ScalarCondition } from './scalar-conditions.js';

/**
 * How the timestep and class reach the transformer: the three block designs compared in Peebles & Xie 2023,
 * §3.2 ("DiT block design") and Fig. 3.
 * - 'adaLN-zero': t and c are summed into one vector that regresses the shift, scale and gate of every
 *   LayerNorm and residual branch; modulation and gates start at zero (the paper's best, used by DiT).
 * - 'cross-attention': t and c (and an optional conditioning sequence) form a separate token sequence that
 *   every block attends to with an extra multi-head cross-attention layer.
 * - 'in-context': t and c (and an optional conditioning sequence) are prepended to the image tokens as extra
 *   tokens, processed by standard ViT blocks, and removed after the last block.
 */
export type Conditioning = 'adaLN-zero' | 'cross-attention' | 'in-context';

/**
 * 'sincos': the fixed 2D sine-cosine table of DiT's official code (a constant, not a parameter);
 * 'learned': a trained `pos_embed` parameter (1, T, D) initialised N(0, 0.02²), as the PyTorch peer (tools/bench/torch).
 */
export type PositionEmbedding = 'sincos' | 'learned';

export const CONDITIONINGS: readonly Conditioning[] = ['adaLN-zero', 'cross-attention', 'in-context'];
export const POSITION_EMBEDDINGS: readonly PositionEmbedding[] = ['sincos', 'learned'];

/** A complete, validated DiT description. Build one with `ditConfig` or a preset (`ditS4()`). */
export interface DitConfig {
  /** Height and width of the (square) input image or latent. */
  readonly imageSize: number;
  /** Input channels C. */
  readonly channels: number;
  /** Output channels (default C; DiT's `learn_sigma` doubles them). */
  readonly outputChannels: number;
  /** Side p of the square patches: T = (imageSize / p)² tokens. */
  readonly patchSize: number;
  /** Transformer width D. */
  readonly hiddenSize: number;
  /** Number of transformer blocks. */
  readonly depth: number;
  /** Attention heads (D must be divisible by them). */
  readonly heads: number;
  /** MLP hidden width = mlpRatio · D. */
  readonly mlpRatio: number;
  /** Number of real classes; the class table has one more row, the null class for CFG dropout. */
  readonly classes: number;
  readonly conditioning: Conditioning;
  readonly positionEmbedding: PositionEmbedding;
  /**
   * Length S of an extra conditioning sequence `context` (B, S, D) given as a model input; 0 = none.
   * Only the cross-attention and in-context designs can take one.
   */
  readonly contextLength: number;
  /** Size of the sinusoidal timestep features fed to the timestep MLP (256 in DiT). */
  readonly frequencyEmbeddingSize: number;
  /** t in [0, 1] is multiplied by this before the sinusoidal features (1000, as DiT's integer steps). */
  readonly timestepScale: number;
  /**
   * Extra float32 (B) inputs embedded like the timestep and added to it (a distilled student's guidance
   * scale `w`, a shortcut model's step size `d`); absent or empty = none.
   */
  readonly scalarConditions?: readonly ScalarCondition[];
}

/** The fields a caller must give; the rest have DiT's defaults. */
export type DitConfigInput = Pick<
  DitConfig,
  'imageSize' | 'channels' | 'patchSize' | 'hiddenSize' | 'depth' | 'heads' | 'classes'
> &
  Partial<DitConfig>;

/** Thrown for an invalid DiT configuration; `field` names the offending field. */
export class DitConfigError extends Error {
  override name = 'DitConfigError';
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`DiT config: ${field} ${problem}`);
  }
}

const DEFAULTS = {
  mlpRatio: 4,
  conditioning: 'adaLN-zero',
  positionEmbedding: 'sincos',
  contextLength: 0,
  frequencyEmbeddingSize: 256,
  timestepScale: 1000,
} as const satisfies Partial<DitConfig>;

const FIELDS: readonly (keyof DitConfig)[] = [
  'imageSize',
  'channels',
  'outputChannels',
  'patchSize',
  'hiddenSize',
  'depth',
  'heads',
  'mlpRatio',
  'classes',
  'conditioning',
  'positionEmbedding',
  'contextLength',
  'frequencyEmbeddingSize',
  'timestepScale',
  'scalarConditions',
];

/** Fills DiT's defaults (mlpRatio 4, adaLN-Zero, sin-cos positions, 256 frequencies, t·1000) and validates. */
export function ditConfig(input: DitConfigInput): DitConfig {
  if (typeof input !== 'object' || input === null) {
    throw new DitConfigError('(config)', `must be an object, got ${String(input)}`);
  }
  const given = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  return validateDitConfig({ ...DEFAULTS, outputChannels: input.channels, ...given } as DitConfig);
}

/** Checks every field of a complete config; throws a DitConfigError naming the first bad field. */
export function validateDitConfig(config: DitConfig): DitConfig {
  for (const field of Object.keys(config)) {
    if (!FIELDS.includes(field as keyof DitConfig)) {
      throw new DitConfigError(field, `is not a DiT config field (known: ${FIELDS.join(', ')})`);
    }
  }
  for (const field of [
    'imageSize',
    'channels',
    'outputChannels',
    'patchSize',
    'hiddenSize',
    'depth',
    'heads',
    'classes',
    'frequencyEmbeddingSize',
  ] as const) {
    requirePositiveInteger(field, config[field]);
  }
  const { imageSize, patchSize, hiddenSize, heads, mlpRatio } = config;
  if (imageSize % patchSize !== 0) {
    throw new DitConfigError('patchSize', `${patchSize} does not divide imageSize ${imageSize}`);
  }
  if (hiddenSize % heads !== 0) {
    throw new DitConfigError('heads', `${heads} does not divide hiddenSize ${hiddenSize}`);
  }
  if (!(typeof mlpRatio === 'number' && mlpRatio > 0 && Number.isInteger(mlpRatio * hiddenSize))) {
    throw new DitConfigError(
      'mlpRatio',
      `is ${String(mlpRatio)}; expected a positive number with mlpRatio · hiddenSize an integer`,
    );
  }
  if (!CONDITIONINGS.includes(config.conditioning)) {
    throw new DitConfigError(
      'conditioning',
      `is '${String(config.conditioning)}'; expected one of ${CONDITIONINGS.join(', ')}`,
    );
  }
  if (!POSITION_EMBEDDINGS.includes(config.positionEmbedding)) {
    throw new DitConfigError(
      'positionEmbedding',
      `is '${String(config.positionEmbedding)}'; expected one of ${POSITION_EMBEDDINGS.join(', ')}`,
    );
  }
  if (config.positionEmbedding === 'sincos' && hiddenSize % 4 !== 0) {
    throw new DitConfigError(
      'hiddenSize',
      `${hiddenSize} is not divisible by 4, which the 2D sin-cos position embedding needs`,
    );
  }
  if (config.frequencyEmbeddingSize % 2 !== 0) {
    throw new DitConfigError('frequencyEmbeddingSize', `${config.frequencyEmbeddingSize} must be even`);
  }
  if (!(Number.isInteger(config.contextLength) && config.contextLength >= 0)) {
    throw new DitConfigError(
      'contextLength',
      `is ${String(config.contextLength)}; expected a non-negative integer`,
    );
  }
  if (config.contextLength > 0 && config.conditioning === 'adaLN-zero') {
    throw new DitConfigError(
      'contextLength',
      `is ${config.contextLength} but conditioning 'adaLN-zero' takes no conditioning sequence; ` +
        `use 'cross-attention' or 'in-context'`,
    );
  }
  if (!(typeof config.timestepScale === 'number' && Number.isFinite(config.timestepScale))) {
    throw new DitConfigError('timestepScale', `is ${String(config.timestepScale)}; expected a finite number`);
  }
  validateScalarConditions(config.scalarConditions);
  return Object.freeze({ ...config });
}

function validateScalarConditions(conditions: unknown): void {
  if (conditions === undefined) return;
  if (!Array.isArray(conditions)) {
    throw new DitConfigError('scalarConditions', `is ${String(conditions)}; expected an array`);
  }
  const seen = new Set<string>();
  conditions.forEach((condition: Partial<ScalarCondition> | null, index) => {
    const field = `scalarConditions[${index}]`;
    const name = condition?.name;
    if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new DitConfigError(`${field}.name`, `is ${JSON.stringify(name)}; expected an identifier`);
    }
    if (RESERVED_INPUT_NAMES.includes(name) || seen.has(name)) {
      throw new DitConfigError(`${field}.name`, `'${name}' is already an input of the model`);
    }
    seen.add(name);
    if (!(typeof condition?.scale === 'number' && Number.isFinite(condition.scale))) {
      throw new DitConfigError(`${field}.scale`, `is ${String(condition?.scale)}; expected a finite number`);
    }
  });
}

function requirePositiveInteger(field: keyof DitConfig, value: unknown): void {
  if (!(typeof value === 'number' && Number.isSafeInteger(value) && value > 0)) {
    throw new DitConfigError(field, `is ${String(value)}; expected a positive integer`);
  }
}

/** Tokens per image: T = (imageSize / patchSize)². */
export function tokenCount(config: DitConfig): number {
  return (config.imageSize / config.patchSize) ** 2;
}

/** Side of the token grid: imageSize / patchSize. */
export function gridSize(config: DitConfig): number {
  return config.imageSize / config.patchSize;
}

/** Extra conditioning tokens of the cross-attention and in-context designs: t, the class, then context. */
export function conditioningTokenCount(config: DitConfig): number {
  return 2 + config.contextLength;
}
