import {
  countDeclaredParameters,
  type InputSpec,
  type ModelFunction,
  type Ops,
  type Params,
} from '@latentlab/tensor';
import {
  type AutoencoderConfig,
  type FsqAutoencoderConfig,
  imageInputSpec,
  latentShape,
  tokenGridShape,
} from './autoencoder-config.js';
import { convDecoder } from './conv-decoder.js';
import { convEncoder } from './conv-encoder.js';
import { fsqCodesToIndices, fsqIndicesToCodes, fsqQuantize } from './fsq.js';
import { vaeForward, vaePosterior } from './vae.js';
import { vqQuantizeGrid, vqTokensToCodes } from './vqvae.js';

/**
 * The graphs of an autoencoder, each a `ModelFunction` over the same parameters (so each exports to its
 * own ONNX file): `training` (what `fit` differentiates), `encoder` (image → latent), `quantizer`
 * (latent → tokens, VQ-VAE and FSQ only), `decoder` (latent, or tokens, → image) and `reconstruct`
 * (image → image, deterministic: the VAE decodes its posterior mean).
 */
export type AutoencoderGraph = 'training' | 'encoder' | 'quantizer' | 'decoder' | 'reconstruct';

const input = <T>(inputs: Readonly<Record<string, T>>, name: string, graph: string): T => {
  const value = inputs[name];
  if (value === undefined) throw new RangeError(`autoencoder ${graph}: the input '${name}' is missing`);
  return value;
};

/** (N, d, s, s) → (N, s, s, d) and back: FSQ quantizes each grid position's channel vector. */
const channelsLast = <T>(ops: Ops<T>, grid: T) => ops.transpose(grid, [0, 2, 3, 1]);
const channelsFirst = <T>(ops: Ops<T>, grid: T) => ops.transpose(grid, [0, 3, 1, 2]);

function fsqGrid<T>(ops: Ops<T>, z: T, config: FsqAutoencoderConfig) {
  const codes = fsqQuantize(ops, channelsLast(ops, z), config.levels); // (N, s, s, d)
  return { codes: channelsFirst(ops, codes), tokens: fsqCodesToIndices(ops, codes, config.levels) };
}

/** The latent grid (N, C, s, s) of images: the VAE's posterior mean, or the encoder output before quantization. */
function encode<T>(ops: Ops<T>, params: Params<T>, x: T, config: AutoencoderConfig): T {
  if (config.kind === 'vae') return vaePosterior(ops, params, x, config).mean;
  return convEncoder(ops, params, x, config, config.latentChannels);
}

/** The token grid (N, s, s) int32 of a latent grid (N, d, s, s). */
function quantize<T>(ops: Ops<T>, params: Params<T>, z: T, config: AutoencoderConfig): T {
  if (config.kind === 'vqvae') return vqQuantizeGrid(ops, params, z, config).tokens;
  if (config.kind === 'fsq') return fsqGrid(ops, z, config).tokens;
  throw new RangeError('autoencoder quantizer: a VAE has a continuous latent and no quantizer');
}

/** Images of a VAE latent (N, C, s, s) or of a token grid (N, s, s). */
function decode<T>(ops: Ops<T>, params: Params<T>, latentOrTokens: T, config: AutoencoderConfig): T {
  if (config.kind === 'vae') return convDecoder(ops, params, latentOrTokens, config);
  const codes =
    config.kind === 'vqvae'
      ? vqTokensToCodes(ops, params, latentOrTokens, config)
      : channelsFirst(ops, fsqIndicesToCodes(ops, latentOrTokens, config.levels)); // (N, d, s, s)
  return convDecoder(ops, params, codes, config);
}

/** The training pass: the reconstruction and the terms its objective adds (see `autoencoderLossTerms`). */
function trainingPass<T>(
  ops: Ops<T>,
  params: Params<T>,
  inputs: Readonly<Record<string, T>>,
  config: AutoencoderConfig,
): Record<string, T> {
  const x = input(inputs, 'x', 'training');
  if (config.kind === 'vae') return vaeForward(ops, params, x, input(inputs, 'noise', 'training'), config);
  const z = convEncoder(ops, params, x, config, config.latentChannels); // (N, d, s, s)
  if (config.kind === 'fsq') {
    const { codes, tokens } = fsqGrid(ops, z, config);
    return { reconstruction: convDecoder(ops, params, codes, config), tokens };
  }
  const quantized = vqQuantizeGrid(ops, params, z, config);
  return {
    reconstruction: convDecoder(ops, params, quantized.codes, config),
    codebook: quantized.codebookLoss,
    commitment: quantized.commitmentLoss,
    tokens: quantized.tokens,
    vectors: quantized.vectors,
  };
}

/**
 * Throws a RangeError naming the graph, the input and both shapes unless every input has its spec's dtype
 * and non-batch dimensions (e.g. a latent of another autoencoder's shape given to this decoder).
 */
function checkInputs<T>(
  ops: Ops<T>,
  inputs: Readonly<Record<string, T>>,
  config: AutoencoderConfig,
  graph: AutoencoderGraph,
) {
  for (const [name, spec] of Object.entries(autoencoderInputSpecs(config, graph))) {
    const value = inputs[name];
    if (value === undefined) continue; // reported where it is read
    const shape = ops.shape(value);
    const fits =
      ops.dtype(value) === spec.dtype &&
      shape.length === spec.shape.length &&
      spec.shape.every((dim, axis) => typeof dim === 'string' || dim === shape[axis]);
    if (!fits) {
      throw new RangeError(
        `autoencoder ${graph}: input '${name}' is ${ops.dtype(value)} [${shape.join(', ')}]; this ${config.kind} expects ${spec.dtype} (${spec.shape.join(', ')})`,
      );
    }
  }
}

/** One graph of an autoencoder as a model function (see `AutoencoderGraph`). */
export function autoencoderModel(config: AutoencoderConfig, graph: AutoencoderGraph): ModelFunction {
  return <T>(ops: Ops<T>, params: Params<T>, inputs: Readonly<Record<string, T>>) => {
    checkInputs(ops, inputs, config, graph);
    switch (graph) {
      case 'training':
        return trainingPass(ops, params, inputs, config);
      case 'encoder':
        return { latent: encode(ops, params, input(inputs, 'x', graph), config) };
      case 'quantizer':
        return { tokens: quantize(ops, params, input(inputs, 'latent', graph), config) };
      case 'decoder':
        return {
          x: decode(ops, params, input(inputs, config.kind === 'vae' ? 'latent' : 'tokens', graph), config),
        };
      case 'reconstruct': {
        const z = encode(ops, params, input(inputs, 'x', graph), config);
        const decoded = config.kind === 'vae' ? z : quantize(ops, params, z, config);
        return { x: decode(ops, params, decoded, config) };
      }
    }
  };
}

/** The named inputs of a graph, with a dynamic batch. */
export function autoencoderInputSpecs(
  config: AutoencoderConfig,
  graph: AutoencoderGraph,
): Record<string, InputSpec> {
  const latent: InputSpec = { shape: ['batch', ...latentShape(config)], dtype: 'float32' };
  switch (graph) {
    case 'training':
      return config.kind === 'vae'
        ? { x: imageInputSpec(config), noise: latent }
        : { x: imageInputSpec(config) };
    case 'encoder':
    case 'reconstruct':
      return { x: imageInputSpec(config) };
    case 'quantizer':
      return { latent };
    case 'decoder':
      return config.kind === 'vae'
        ? { latent }
        : { tokens: { shape: ['batch', ...tokenGridShape(config)], dtype: 'int32' } };
  }
}

/** The number of parameter values one graph reads (the training graph reads them all). */
export function countParameters(config: AutoencoderConfig, graph: AutoencoderGraph): number {
  return countDeclaredParameters(autoencoderModel(config, graph), autoencoderInputSpecs(config, graph));
}
