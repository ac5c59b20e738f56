import {
  MissingParameterError,
  type ModelCard,
  type ModelFunction,
  ParameterShapeError,
  type Params,
  parseModelCard,
  type Tensor,
  tensor,
} from '@latentlab/tensor';
import { checkCardMatchesGraph } from './card-graph-agreement.js';
import { exportMetadataEntries } from './export-metadata.js';
import { GraphBuilder } from './graph-builder.js';
import { OnnxOps } from './onnx-ops.js';
import { encodeModel, ONNX_IR_VERSION, ONNX_OPSET_VERSION } from './onnx-proto.js';
import { isOnnxValue, type OnnxValue } from './onnx-value.js';
import { PACKAGE_VERSION } from './version.js';

/** A graph input: a string in `shape` is a dynamic dimension (written as dim_param, e.g. 'batch'). */
export interface OnnxInputSpec {
  readonly shape: readonly (number | string)[];
  readonly dtype: 'float32' | 'int32';
}

export interface ExportOnnxOptions {
  /** Name of a single returned value (default 'output'); for a returned record, its keys in output order. */
  readonly outputNames?: readonly string[];
  /** GraphProto.name (default 'latentlab'). */
  readonly graphName?: string;
  /** ModelProto.doc_string. */
  readonly docString?: string;
  /** ModelProto.metadata_props (onnx.proto field 14): free-form string pairs, e.g. { license: 'MIT' }. */
  readonly metadata?: Readonly<Record<string, string>>;
  /**
   * The model card, stored as JSON under metadata_props key 'latentlab.model_card' (read it back with
   * `readModelCard`). It is validated with parseModelCard and must describe the traced graph: the same
   * input and output names, dtypes and ranks.
   */
  readonly card?: ModelCard;
}

/** The size a dynamic input dimension has while the model is traced. */
export const DYNAMIC_EXAMPLE_SIZE = 2;

/**
 * Exports a model to ONNX bytes (opset 17, IR version 8): runs `model` once with OnnxOps, which records
 * the graph, then attaches the parameters it read as initializers named exactly as in `params`.
 *
 * Throws MissingParameterError for a parameter the store lacks, UnsupportedOpError for an op the graph
 * cannot express, the op's own error (naming the op) for invalid arguments, and ModelCardError for a card
 * that is invalid or does not describe the graph.
 */
export function exportOnnx(
  model: ModelFunction,
  params: ReadonlyMap<string, Tensor>,
  inputs: Readonly<Record<string, OnnxInputSpec>>,
  options: ExportOnnxOptions = {},
): Uint8Array {
  const card = options.card === undefined ? undefined : parseModelCard(options.card, 'exportOnnx');
  const metadataProps = exportMetadataEntries(options.metadata, card);
  const graph = new GraphBuilder();
  const ops = new OnnxOps(graph);
  const symbols = new Set<string>();
  const inputValues: Record<string, OnnxValue> = {};
  for (const [name, spec] of Object.entries(inputs)) {
    inputValues[name] = addGraphInput(graph, name, spec, symbols);
  }
  const result: unknown = model(ops, parameterView(graph, params), inputValues);
  const outputs = namedOutputs(graph, result, options.outputNames).map(([name, value]) => {
    const dims = outputDims(name, value, symbols);
    graph.addOutput(name, value, dims);
    return { name, dtype: value.dtype, dims };
  });
  if (card !== undefined) {
    const graphInputs = Object.entries(inputs).map(([name, spec]) => ({
      name,
      dtype: spec.dtype,
      dims: spec.shape,
    }));
    checkCardMatchesGraph(card, { inputs: graphInputs, outputs }, 'exportOnnx');
  }
  return encodeModel({
    irVersion: ONNX_IR_VERSION,
    opsetImports: [{ domain: '', version: ONNX_OPSET_VERSION }],
    producerName: 'latentlab',
    producerVersion: PACKAGE_VERSION,
    ...(options.docString ? { docString: options.docString } : {}),
    ...(metadataProps.length > 0 ? { metadataProps } : {}),
    graph: graph.toGraph(options.graphName ?? 'latentlab'),
  });
}

function addGraphInput(
  graph: GraphBuilder,
  name: string,
  spec: OnnxInputSpec,
  symbols: Set<string>,
): OnnxValue {
  if (spec.dtype !== 'float32' && spec.dtype !== 'int32') {
    throw new TypeError(
      `exportOnnx: input '${name}' has dtype '${String(spec.dtype)}'; expected 'float32' or 'int32'`,
    );
  }
  if (!Array.isArray(spec.shape)) throw new TypeError(`exportOnnx: input '${name}' needs a shape array`);
  for (const dim of spec.shape) {
    const valid = typeof dim === 'string' ? dim.length > 0 : Number.isSafeInteger(dim) && dim >= 0;
    if (!valid) {
      throw new RangeError(
        `exportOnnx: input '${name}' has shape [${spec.shape.join(', ')}]; ` +
          'each dimension must be a non-negative integer or a name for a dynamic dimension',
      );
    }
  }
  for (const dim of spec.shape) if (typeof dim === 'string') symbols.add(dim);
  return graph.addInput(name, spec.shape, {
    shape: spec.shape.map((dim) => (typeof dim === 'string' ? DYNAMIC_EXAMPLE_SIZE : dim)),
    dtype: spec.dtype,
    dynamic: spec.shape.map((dim) => typeof dim === 'string'),
  });
}

/** Params that add each parameter as an initializer the first time the model reads it. */
function parameterView(graph: GraphBuilder, params: ReadonlyMap<string, Tensor>): Params<OnnxValue> {
  const read = new Map<string, OnnxValue>();
  const get = (name: string): OnnxValue => {
    const cached = read.get(name);
    if (cached) return cached;
    const value = params.get(name);
    if (value === undefined) throw new MissingParameterError(name, params.keys());
    try {
      tensor(value.data, value.shape, value.dtype);
    } catch (error) {
      throw new TypeError(
        `exportOnnx: parameter '${name}' is not a valid tensor: ${(error as Error).message}`,
      );
    }
    const initializer = graph.addInitializer(name, value);
    read.set(name, initializer);
    return initializer;
  };
  return {
    has: (name) => params.has(name),
    get,
    declare(name, shape) {
      const stored = params.get(name)?.shape;
      if (stored && (stored.length !== shape.length || stored.some((dim, axis) => dim !== shape[axis]))) {
        throw new ParameterShapeError(name, stored, shape);
      }
      return get(name);
    },
  };
}

function namedOutputs(
  graph: GraphBuilder,
  result: unknown,
  outputNames: readonly string[] | undefined,
): [string, OnnxValue][] {
  if (result instanceof Promise) {
    throw new TypeError('exportOnnx: the model returned a Promise; model functions must be synchronous');
  }
  if (isOnnxValue(result)) {
    if (outputNames !== undefined && outputNames.length !== 1) {
      throw new RangeError(
        `exportOnnx: the model returned one value but outputNames lists ${outputNames.length}`,
      );
    }
    return [[outputNames?.[0] ?? 'output', checkedOutput(graph, result, 'output')]];
  }
  if (typeof result !== 'object' || result === null) {
    throw new TypeError(
      `exportOnnx: the model must return a value or a record of values, got ${String(result)}`,
    );
  }
  const entries = Object.entries(result as Record<string, unknown>);
  if (entries.length === 0) {
    throw new RangeError('exportOnnx: the model returned an empty record (no outputs)');
  }
  const keys = entries.map(([key]) => key);
  if (outputNames !== undefined) {
    const sameKeys = outputNames.length === keys.length && outputNames.every((name) => keys.includes(name));
    if (!sameKeys) {
      throw new RangeError(
        `exportOnnx: outputNames [${outputNames.join(', ')}] do not match the keys the model returned [${keys.join(', ')}]`,
      );
    }
  }
  const order = outputNames ?? keys;
  const record = result as Record<string, unknown>;
  return order.map((name) => [name, checkedOutput(graph, record[name], `output '${name}'`)]);
}

function checkedOutput(graph: GraphBuilder, value: unknown, what: string): OnnxValue {
  if (!graph.owns(value)) {
    throw new TypeError(
      `exportOnnx: ${what} is not a value of the traced graph (return what the ops computed)`,
    );
  }
  return value;
}

/**
 * Output dims: fixed sizes as dim_value; a dynamic dimension gets the input's symbol when the inputs have
 * a single one and the traced size matches it (the usual batch case), else a name of its own.
 */
function outputDims(name: string, value: OnnxValue, symbols: ReadonlySet<string>): (number | string)[] {
  const [onlySymbol] = symbols.size === 1 ? [...symbols] : [];
  return value.shape.map((size, axis) => {
    if (!value.dynamic[axis]) return size;
    return onlySymbol !== undefined && size === DYNAMIC_EXAMPLE_SIZE ? onlySymbol : `${name}_dim${axis}`;
  });
}
