import { type DType, type Tensor, TensorShapeError, tensor } from '@latentlab/tensor';
import type { DecodedValueInfo } from './onnx-proto-decode.js';
import { onnxTypeName } from './onnx-type-names.js';
import { OnnxFeedError, OnnxModelError } from './runner-errors.js';
import { validateOnnxModel } from './validate-model.js';

/** A graph input or output as the model file declares it: a string dim is symbolic (dynamic). */
export interface OnnxTensorInfo {
  readonly name: string;
  /** 'float32' | 'int32' | 'uint8', or the ONNX type name for others ('int64', 'bool', …). */
  readonly dtype: string;
  readonly dims: readonly (number | string | null)[] | null;
}

/** A loaded model, the same over onnxruntime-node and onnxruntime-web. */
export interface OnnxRunner {
  readonly inputNames: string[];
  readonly outputNames: string[];
  readonly inputs: readonly OnnxTensorInfo[];
  readonly outputs: readonly OnnxTensorInfo[];
  /** Runs the model; feeds and results are plain latentlab Tensors keyed by input/output name. */
  run(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>>;
  /** Frees the onnxruntime session (and any device outputs still held); the runner cannot run afterwards. */
  release(): Promise<void>;
  /** Frees the device outputs (see `deviceOutputs`) that were not fed back as inputs. */
  releaseDeviceOutputs(): void;
}

/**
 * An output left where onnxruntime computed it (a WebGPU buffer, `preferredOutputLocation: 'gpu-buffer'`):
 * it can only be fed back as an input of the same runner, which consumes it (frees it after that run);
 * reading its `data` throws.
 */
export interface DeviceTensor extends Tensor {
  readonly onDevice: true;
}

const ORT_VALUE = Symbol('onnxruntime value');

export const isDeviceTensor = (value: Tensor): value is DeviceTensor =>
  (value as Partial<DeviceTensor>).onDevice === true;

// ---- the slice of onnxruntime's API the runners use (onnxruntime-node and -web share it) ------------

type OrtElementType = 'float32' | 'int32' | 'uint8' | 'int64' | 'bool';
type OrtData = Float32Array | Int32Array | Uint8Array | BigInt64Array;

export interface OrtTensorLike {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: unknown;
  /** 'cpu', or 'gpu-buffer' for an output kept on the GPU. */
  readonly location?: string;
  dispose?(): void;
}

export interface OrtSessionLike {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensorLike>): Promise<Record<string, OrtTensorLike>>;
  release(): Promise<void>;
}

/** What node.ts / web.ts pass in: the only places that import an onnxruntime package. */
export interface OrtBackend {
  createTensor(type: OrtElementType, data: OrtData, dims: readonly number[]): OrtTensorLike;
  createSession(bytes: Uint8Array): Promise<OrtSessionLike>;
}

/** Validates the bytes, creates the session and wraps it; load failures become OnnxModelError. */
export async function createRunner(
  backend: OrtBackend,
  bytes: Uint8Array,
  source: string,
  /** Outputs the session keeps on its device (returned as DeviceTensors). */
  deviceOutputs: readonly string[] = [],
): Promise<OnnxRunner> {
  const model = validateOnnxModel(bytes, source);
  let session: OrtSessionLike;
  try {
    session = await backend.createSession(bytes);
  } catch (error) {
    throw new OnnxModelError(source, `onnxruntime could not load the model: ${errorMessage(error)}`);
  }
  // Initializers may also be listed as graph inputs (IR < 4 style); onnxruntime's names are authoritative.
  const describe = (info: DecodedValueInfo): OnnxTensorInfo => ({
    name: info.name,
    dtype: onnxTypeName(info.elemType),
    dims: info.dims,
  });
  const inputs = session.inputNames.map((name) =>
    describe(model.graph.inputs.find((input) => input.name === name) ?? { name, elemType: 0, dims: null }),
  );
  const outputs = session.outputNames.map((name) =>
    describe(model.graph.outputs.find((output) => output.name === name) ?? { name, elemType: 0, dims: null }),
  );
  return new SessionRunner(backend, session, source, inputs, outputs, deviceOutputs);
}

class SessionRunner implements OnnxRunner {
  readonly inputNames: string[];
  readonly outputNames: string[];
  private released = false;
  /** Device outputs handed out and not yet consumed. */
  private readonly held = new Set<OrtTensorLike>();

  constructor(
    private readonly backend: OrtBackend,
    private readonly session: OrtSessionLike,
    private readonly source: string,
    readonly inputs: readonly OnnxTensorInfo[],
    readonly outputs: readonly OnnxTensorInfo[],
    private readonly deviceOutputs: readonly string[],
  ) {
    this.inputNames = inputs.map((input) => input.name);
    this.outputNames = outputs.map((output) => output.name);
  }

  async run(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
    if (this.released) throw new Error(`${this.source}: the runner was released`);
    if (typeof feeds !== 'object' || feeds === null) {
      throw new OnnxFeedError(
        '',
        `run: feeds must be a record of tensors keyed by input name (${this.inputNames.join(', ')})`,
      );
    }
    for (const name of Object.keys(feeds)) {
      if (!this.inputNames.includes(name)) {
        throw new OnnxFeedError(
          name,
          `unknown input '${name}'; the model's inputs are: ${this.inputNames.join(', ')}`,
        );
      }
    }
    const ortFeeds: Record<string, OrtTensorLike> = {};
    for (const input of this.inputs) ortFeeds[input.name] = this.toOrt(input, feeds[input.name]);
    let results: Record<string, OrtTensorLike>;
    try {
      results = await this.session.run(ortFeeds);
    } catch (error) {
      throw new Error(`${this.source}: onnxruntime failed to run the model: ${errorMessage(error)}`);
    }
    // Device inputs are consumed: freed now that the run that read them is over.
    for (const input of this.inputs) {
      const feed = feeds[input.name];
      if (feed && isDeviceTensor(feed))
        this.free((feed as DeviceTensor & { [ORT_VALUE]: OrtTensorLike })[ORT_VALUE]);
    }
    const outputs: Record<string, Tensor> = {};
    for (const name of this.outputNames) {
      const value = results[name];
      outputs[name] =
        value?.location === 'gpu-buffer' && this.deviceOutputs.includes(name)
          ? this.hold(name, value)
          : fromOrt(name, value);
    }
    return outputs;
  }

  releaseDeviceOutputs(): void {
    for (const value of [...this.held]) this.free(value);
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.releaseDeviceOutputs();
    await this.session.release();
  }

  private hold(name: string, value: OrtTensorLike): DeviceTensor {
    this.held.add(value);
    const source = this.source;
    return {
      onDevice: true,
      shape: [...value.dims],
      dtype: value.type as DType,
      [ORT_VALUE]: value,
      get data(): never {
        throw new Error(
          `${source}: output '${name}' stays on the GPU (a device output): feed it back as an input; its values cannot be read`,
        );
      },
    } as DeviceTensor;
  }

  private free(value: OrtTensorLike): void {
    if (!this.held.delete(value)) return;
    value.dispose?.();
  }

  private toOrt(input: OnnxTensorInfo, feed: Tensor | undefined): OrtTensorLike {
    const expected = `${input.dtype} [${input.dims?.map((dim) => dim ?? '?').join(', ') ?? '…'}]`;
    if (feed === undefined) {
      throw new OnnxFeedError(input.name, `missing input '${input.name}': expected ${expected}`);
    }
    if (isDeviceTensor(feed)) {
      const value = (feed as DeviceTensor & { [ORT_VALUE]?: OrtTensorLike })[ORT_VALUE];
      if (!value || !this.held.has(value)) {
        throw new OnnxFeedError(
          input.name,
          `input '${input.name}': a device output of another runner, or one already consumed`,
        );
      }
      return value;
    }
    let checked: Tensor;
    try {
      checked = tensor(feed.data, feed.shape, feed.dtype);
    } catch (error) {
      throw new OnnxFeedError(
        input.name,
        `input '${input.name}' is not a valid tensor: ${errorMessage(error)}`,
      );
    }
    const got = `${checked.dtype} [${checked.shape.join(', ')}]`;
    const wrongShape =
      input.dims !== null &&
      (input.dims.length !== checked.shape.length ||
        input.dims.some((dim, axis) => typeof dim === 'number' && dim !== checked.shape[axis]));
    if (wrongShape) {
      throw new OnnxFeedError(input.name, `input '${input.name}': expected ${expected}, got ${got}`);
    }
    if (input.dtype === checked.dtype) {
      return this.backend.createTensor(checked.dtype, checked.data, checked.shape);
    }
    // int64 inputs (token ids of foreign models) take int32 tensors, widened here.
    if (input.dtype === 'int64' && checked.dtype === 'int32') {
      return this.backend.createTensor('int64', BigInt64Array.from(checked.data, BigInt), checked.shape);
    }
    throw new OnnxFeedError(input.name, `input '${input.name}': expected ${expected}, got ${got}`);
  }
}

/** An onnxruntime result as a latentlab Tensor (int64 narrowed to int32 when every value fits, bool as uint8). */
function fromOrt(name: string, value: OrtTensorLike | undefined): Tensor {
  if (value === undefined) throw new Error(`onnxruntime returned no value for output '${name}'`);
  const shape = [...value.dims];
  const { data } = value;
  if (data instanceof Float32Array || data instanceof Int32Array || data instanceof Uint8Array) {
    return tensor(data, shape, dtypeOf(data));
  }
  if (data instanceof BigInt64Array) {
    const narrowed = new Int32Array(data.length);
    data.forEach((entry, index) => {
      if (entry > 2147483647n || entry < -2147483648n) {
        throw new TensorShapeError(`output '${name}': int64 value ${entry} does not fit in int32`);
      }
      narrowed[index] = Number(entry);
    });
    return tensor(narrowed, shape, 'int32');
  }
  throw new TensorShapeError(
    `output '${name}' has dtype ${value.type}, which a latentlab Tensor cannot hold`,
  );
}

function dtypeOf(data: Float32Array | Int32Array | Uint8Array): DType {
  return data instanceof Float32Array ? 'float32' : data instanceof Int32Array ? 'int32' : 'uint8';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
