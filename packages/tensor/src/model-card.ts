/**
 * The model card: a typed, versioned JSON description that travels with every latentlab model (in an
 * exported .onnx file's `metadata_props`, and beside a checkpoint). Whoever runs the model — the CLI's
 * ONNX sampling, the browser app, a distillation teacher — reads the card instead of hard-coding input
 * names, the noise process or the prediction target. `parseModelCard` validates one.
 */

/** The format tag of this version of the card; a reader refuses a format it does not know. */
export const MODEL_CARD_FORMAT = 'latentlab-model-card/1';

/** What a model is for. */
export const MODEL_KINDS = [
  'denoiser',
  'autoencoder',
  'classifier',
  'encoder',
  'decoder',
  'quantizer',
  'token-model',
] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** The prediction targets of a denoiser (the conversions live in @latentlab/schedules). */
export const DENOISER_TARGETS = ['x0', 'epsilon', 'v', 'velocity'] as const;
export type DenoiserTarget = (typeof DENOISER_TARGETS)[number];

/** The dtypes a card's tensors may have. */
export const MODEL_CARD_DTYPES = ['float32', 'int32'] as const;

/**
 * The roles latentlab writes and reads. `role` is a free string, so a newer writer can add one; a reader
 * refuses only a role it would have to fill and cannot.
 *
 * | role         | meaning                                                  | used by                          |
 * | ------------ | -------------------------------------------------------- | -------------------------------- |
 * | `sample`     | a batch of samples in model space, (B, …sampleShape)     | denoiser, classifier, encoder in |
 * | `time`       | the process time of each sample, float32 (B)             | denoiser in                      |
 * | `class`      | class labels, int32 (B); the null class for CFG          | denoiser, token-model in         |
 * | `prediction` | the denoiser's prediction of its `target`, like `sample` | denoiser out                     |
 * | `logits`     | unnormalised class or token scores                       | classifier, token-model out      |
 * | `features`   | an embedding (e.g. for Fréchet distance)                 | classifier out                   |
 * | `latent`     | a continuous latent                                      | encoder out, decoder/quantizer in |
 * | `tokens`     | discrete code indices, int32                             | quantizer out, token-model in    |
 * | `guidance-scale` | a guidance-distilled student's w, float32 (B)        | denoiser in                      |
 * | `step-size`  | a shortcut model's step size d, float32 (B)              | denoiser in                      |
 */
export const MODEL_CARD_ROLES = [
  'sample',
  'time',
  'class',
  'prediction',
  'logits',
  'features',
  'latent',
  'tokens',
  'guidance-scale',
  'step-size',
] as const;

/** One graph input or output. */
export interface ModelCardTensor {
  /** The graph input/output name. */
  name: string;
  /** What it means: one of MODEL_CARD_ROLES, or a newer role. */
  role: string;
  /** Strings are dynamic dimensions, e.g. 'batch'. */
  shape: (number | string)[];
  dtype: 'float32' | 'int32';
}

/** How to sample from a denoiser. */
export interface DenoiserSpec {
  /** A @latentlab/schedules `processByName` name: 'rf', 'vp-cosine', 'edm', … */
  process: string;
  /** Non-default process parameters, e.g. { sigmaMin: 0.002, sigmaMax: 80 }. */
  processOptions?: Record<string, number | boolean | string>;
  /** What the network predicts. */
  target: DenoiserTarget;
  /** Real classes, labels 0 … classes − 1 (0 = unconditional). */
  classes: number;
  /** The label of the unconditional class for classifier-free guidance (not a real class); null when none. */
  nullClass: number | null;
  /** One sample, e.g. [1, 28, 28]. */
  sampleShape: number[];
  /**
   * model space = scale · data + shift, where data are pixels in [0, 1]
   * (MNIST in [−1, 1]: scale 2, shift −1). Decode with data = (model − shift) / scale.
   */
  dataScaling: { scale: number; shift: number; description?: string };
  /**
   * The sampling path the model was trained for, when it is not the process's default: how to space the
   * levels (a @latentlab/samplers spacing: 'linspace', 'karras', …) and the noisiest time to start from
   * (e.g. 0.999 for an ε-predicting VP model, whose x₀ is undefined at α = 0), and the range to clamp each
   * x̂₀ estimate to (diffusers' `clip_sample`, e.g. [−1, 1] in model space).
   */
  sampling?: {
    spacing?: string;
    tStart?: number;
    clipDenoised?: [number, number];
    /** The steps it was made for (a distilled few-step student's), the default of a sampler that reads the card. */
    steps?: number;
    /** The guidance scale to sample with by default; 1 for a student whose guidance is baked in. */
    guidanceScale?: number;
  };
  /**
   * A latent denoiser (latent diffusion, Rombach et al. 2022): its samples are scaled latents
   * scale · (latent − shift) of an autoencoder; decoding = latent = sample / scale + shift, then the
   * autoencoder's decoder (whose image output has `dataScaling`). Absent for a model of pixels.
   */
  latent?: LatentSpec;
}

/** Which autoencoder a latent denoiser's samples belong to, and how they map to its latents. */
export interface LatentSpec {
  /** The autoencoder's identity (`autoencoder.autoencoderId` of its decoder's card). */
  autoencoderId: string;
  /** The autoencoder run's recipe, e.g. 'vae-mnist'. */
  autoencoder: string;
  /** model space = scale · (latent − shift) (the decoder card's `autoencoder.latentScaling`). */
  latentScaling: { scale: number; shift: number };
  /** The decoder's file, relative to the denoiser's (what `latentlab export` writes beside it). */
  decoder: string;
}

/** The kinds of card that describe an autoencoder or one of its graphs, and so carry `autoencoder`. */
export const AUTOENCODER_CARD_KINDS = ['autoencoder', 'encoder', 'quantizer', 'decoder'] as const;

/**
 * What an autoencoder's graphs share: its family, the image, latent and token shapes, how pixels map to its
 * input, the latent scaling of latent diffusion, and the tokenizer's identity, so that a decoder, a
 * quantizer and a token model trained on its tokens can be checked against each other.
 */
export interface AutoencoderCardSpec {
  /** 'vae', 'vqvae' or 'fsq'. */
  family: string;
  /** One image, e.g. [1, 28, 28]. */
  imageShape: number[];
  /** One latent grid before quantization, e.g. [8, 7, 7]. */
  latentShape: number[];
  /** The token grid of a VQ-VAE or FSQ tokenizer, e.g. [7, 7], and the number of token values. */
  tokenGrid?: number[];
  vocabularySize?: number;
  /** model input = scale · pixels + shift, pixels in [0, 1] (as a denoiser's `dataScaling`). */
  dataScaling: { scale: number; shift: number };
  /**
   * Latent diffusion's scaling (Rombach et al. 2022, §4.3.2): a latent model works on
   * scale · (latent − shift), scale = 1 / std of the training set's latents.
   */
  latentScaling?: { scale: number; shift: number };
  /**
   * The tokenizer's identity: a hash of its config and of the weights that decide its tokens and decode them.
   * A decoder, a quantizer and a token model belong together only when theirs agree.
   */
  tokenizerId?: string;
  /**
   * The autoencoder's identity, of any family (for a tokenizer the same hash as `tokenizerId`): a latent
   * denoiser and a decoder belong together only when theirs agree.
   */
  autoencoderId?: string;
  /** The network's config, to rebuild it (e.g. `@latentlab/autoencoders`' AutoencoderConfig). */
  config: Record<string, unknown>;
}

/**
 * What a token model needs to be run and checked: its tokenizer's identity (a token model and a decoder
 * belong together only when their tokenizer ids agree), the vocabulary and grid, the classes and null class,
 * and for a cached step graph the shape of its KV cache.
 */
export interface TokenModelCardSpec {
  /** 'ar' (raster-order decoder) or 'maskgit' (masked, bidirectional). */
  architecture: string;
  vocabularySize: number;
  /** Tokens per image and their grid, e.g. 49 and [7, 7]. */
  sequenceLength: number;
  tokenGrid: number[];
  classes: number;
  nullClass: number | null;
  tokenizerId: string;
  /** The tokenizer run's recipe, e.g. 'vqvae-mnist'. */
  tokenizer: string;
  /** The step graph's cache: `past.<i>.key`/`.value` of (B, heads, P, headDim) for i < layers. */
  kvCache?: { layers: number; heads: number; headDim: number };
  config: Record<string, unknown>;
}

/** How the model was trained. */
export interface ModelCardTraining {
  recipe: string;
  dataset: string;
  steps: number;
  batchSize: number;
  seed: number;
  /** Training wall time. */
  seconds: number;
  /** The recipe's settings as given (learning rate, EMA decay, …). */
  settings?: Record<string, unknown>;
}

/** What wrote the card. */
export interface ModelCardSoftware {
  /** The npm package, e.g. '@latentlab/cli'. */
  package: string;
  version: string;
  /** The git commit of the source, or null when unknown. */
  commit: string | null;
}

export interface ModelCard {
  format: typeof MODEL_CARD_FORMAT;
  /** A built-in kind, or (with a `family` section) the kind a registered model family names. */
  kind: ModelKind | (string & {});
  /** e.g. the recipe name. */
  name: string;
  inputs: ModelCardTensor[];
  outputs: ModelCardTensor[];
  /** Required when kind === 'denoiser', absent otherwise. */
  denoiser?: DenoiserSpec;
  /** Required for the autoencoder kinds (AUTOENCODER_CARD_KINDS), absent otherwise. */
  autoencoder?: AutoencoderCardSpec;
  /** Required when kind === 'token-model', absent otherwise. */
  tokenModel?: TokenModelCardSpec;
  /**
   * A model family's own section, for a card whose kind is that family's (not a built-in kind): free-form
   * here, read by the family that exports and samples it.
   */
  family?: Record<string, unknown>;
  /** The parameter count. */
  parameters?: number;
  training?: ModelCardTraining;
  software: ModelCardSoftware;
  /** Measurements, e.g. latentlab eval records. */
  metrics?: Record<string, number | string | null>[];
  /** Human-readable class names, index = label. */
  classLabels?: string[];
}

/** A card that is not valid: names the source (a file), the field path and what was expected. */
export class ModelCardError extends Error {
  override name = 'ModelCardError';
  constructor(
    /** The file (or other label) the card came from. */
    readonly source: string,
    /** The field path, e.g. 'denoiser.target' or 'inputs[1].shape[0]'; '' for the card as a whole. */
    readonly field: string,
    /** What is wrong, without the source and the field. */
    readonly problem: string,
  ) {
    super(field === '' ? `${source}: ${problem}` : `${source}: model card field ${field}: ${problem}`);
  }
}
