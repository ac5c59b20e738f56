import type { DType, Tensor } from '@latentlab/tensor';
import type {
  AttributeProtoData,
  GraphProtoData,
  NodeProtoData,
  TensorProtoData,
  ValueInfoProtoData,
} from './onnx-proto.js';
import { TensorDataType } from './onnx-proto.js';
import type { OnnxValue, ValueType } from './onnx-value.js';
import { int64RawData, ONNX_DATA_TYPE, tensorRawData } from './tensor-bytes.js';

interface MutableNode {
  name: string;
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes: readonly AttributeProtoData[];
}

/**
 * Collects one ONNX graph while a model is traced: unique value names, nodes in topological order
 * (the order they are recorded), initializers (parameters and constants), graph inputs and outputs.
 *
 * Generated names start with '/' (`/MatMul_3`) so they never collide with parameter names
 * (`blocks.0.attn.qkv.weight`) or input names.
 */
export class GraphBuilder {
  private readonly nodes: MutableNode[] = [];
  private readonly initializers: TensorProtoData[] = [];
  private readonly inputs: ValueInfoProtoData[] = [];
  private readonly outputs: ValueInfoProtoData[] = [];
  private readonly usedNames = new Set<string>();
  private readonly values = new WeakSet<OnnxValue>();
  /** Node that produces each node output, to rename it when it becomes a graph output. */
  private readonly producers = new Map<string, MutableNode>();
  /** Current name of values renamed to a graph output name. */
  private readonly renamed = new Map<string, string>();
  private readonly cachedConstants = new Map<string, OnnxValue>();
  private readonly cachedInt64Constants = new Map<string, string>();
  private readonly constantsByTensor = new WeakMap<Tensor, OnnxValue>();
  private nextId = 0;

  /** Whether `value` was created by this builder (and so may be an input of its nodes). */
  owns(value: unknown): value is OnnxValue {
    return typeof value === 'object' && value !== null && this.values.has(value as OnnxValue);
  }

  /** Declares a graph input. `dims` holds a string (dim_param) for each dynamic dimension. */
  addInput(name: string, dims: readonly (number | string)[], type: ValueType): OnnxValue {
    this.claim(name, 'input');
    this.inputs.push({ name, elemType: ONNX_DATA_TYPE[type.dtype], dims: [...dims] });
    return this.createValue(name, type);
  }

  /** Adds a named initializer (a parameter, named exactly as in the store). */
  addInitializer(name: string, tensor: Tensor): OnnxValue {
    this.claim(name, 'parameter');
    this.initializers.push({
      name,
      dataType: ONNX_DATA_TYPE[tensor.dtype],
      dims: [...tensor.shape],
      rawData: tensorRawData(tensor),
    });
    return this.createValue(name, staticType(tensor.shape, tensor.dtype));
  }

  /** A constant initializer; the same Tensor object (or the same small tensor) is stored once. */
  addConstant(tensor: Tensor): OnnxValue {
    const byObject = this.constantsByTensor.get(tensor);
    if (byObject) return byObject;
    const key =
      tensor.data.length <= 64 ? `${tensor.dtype}[${tensor.shape}]:${contentKey(tensor)}` : undefined;
    const cached = key === undefined ? undefined : this.cachedConstants.get(key);
    if (cached) return cached;
    const value = this.addInitializer(this.freshName('constant'), tensor);
    this.constantsByTensor.set(tensor, value);
    if (key !== undefined) this.cachedConstants.set(key, value);
    return value;
  }

  /** An int64 initializer (shapes, axes, starts/ends of ONNX ops), by name; identical ones are stored once. */
  int64Constant(values: readonly number[], shape: readonly number[] = [values.length]): string {
    const key = `[${shape}]:${values.join(',')}`;
    const cached = this.cachedInt64Constants.get(key);
    if (cached) return cached;
    const name = this.freshName('int64');
    this.claim(name, 'constant');
    this.initializers.push({
      name,
      dataType: TensorDataType.INT64,
      dims: [...shape],
      rawData: int64RawData(values),
    });
    this.cachedInt64Constants.set(key, name);
    return name;
  }

  /**
   * Records a node whose single output is an int64 index tensor (e.g. Shape, ArgMax): int64 is not a
   * latentlab dtype, so the output is only returned by name, to be passed to other nodes.
   */
  addInt64Node(
    opType: string,
    inputs: readonly OnnxValue[],
    attributes: readonly AttributeProtoData[] = [],
  ): string {
    return this.recordNode(opType, inputs, attributes);
  }

  /**
   * Records a node whose single output is a bool tensor (e.g. the Cast feeding Where's condition): bool is
   * not a latentlab dtype, so the output is only returned by name, to be passed to other nodes.
   */
  addBoolNode(
    opType: string,
    inputs: readonly OnnxValue[],
    attributes: readonly AttributeProtoData[] = [],
  ): string {
    return this.recordNode(opType, inputs, attributes);
  }

  /** Records one node with one output and returns that output. */
  addNode(
    opType: string,
    inputs: readonly (OnnxValue | string)[],
    output: ValueType,
    attributes: readonly AttributeProtoData[] = [],
  ): OnnxValue {
    return this.createValue(this.recordNode(opType, inputs, attributes), output);
  }

  /**
   * Declares `value` as the graph output `name`. A node output is renamed in place; a graph input,
   * initializer or value already used as an output gets an Identity node.
   */
  addOutput(name: string, value: OnnxValue, dims: readonly (number | string)[]): void {
    const current = this.currentName(value);
    const producer = this.producers.get(current);
    if (current !== name) {
      this.claim(name, 'output');
      if (producer && !this.outputs.some((output) => output.name === current)) {
        this.renameNodeOutput(producer, current, name);
      } else {
        this.nodes.push({
          name: `Identity_${this.nextId++}`,
          opType: 'Identity',
          inputs: [current],
          outputs: [name],
          attributes: [],
        });
      }
    }
    this.outputs.push({ name, elemType: ONNX_DATA_TYPE[value.dtype], dims: [...dims] });
  }

  toGraph(name: string, docString?: string): GraphProtoData {
    const nodes: NodeProtoData[] = this.nodes.map((node) => ({ ...node }));
    return {
      name,
      ...(docString ? { docString } : {}),
      nodes,
      initializers: [...this.initializers],
      inputs: [...this.inputs],
      outputs: [...this.outputs],
    };
  }

  /** Appends a node (inputs as values or names; '' skips an optional input) and returns its output's name. */
  private recordNode(
    opType: string,
    inputs: readonly (OnnxValue | string)[],
    attributes: readonly AttributeProtoData[],
  ): string {
    const id = this.nextId++;
    const outputName = `/${opType}_${id}`;
    this.claim(outputName, 'node output');
    const node: MutableNode = {
      name: `${opType}_${id}`,
      opType,
      inputs: inputs.map((input) => (typeof input === 'string' ? input : this.currentName(input))),
      outputs: [outputName],
      attributes,
    };
    this.nodes.push(node);
    this.producers.set(outputName, node);
    return outputName;
  }

  private freshName(hint: string): string {
    let name = `/${hint}_${this.nextId++}`;
    while (this.usedNames.has(name)) name = `/${hint}_${this.nextId++}`;
    return name;
  }

  private claim(name: string, what: string): void {
    if (name.length === 0) throw new Error(`ONNX export: a ${what} needs a non-empty name`);
    if (this.usedNames.has(name)) {
      throw new Error(`ONNX export: the ${what} name '${name}' is already used in the graph`);
    }
    this.usedNames.add(name);
  }

  private createValue(name: string, type: ValueType): OnnxValue {
    const value: OnnxValue = Object.freeze({
      name,
      shape: Object.freeze([...type.shape]),
      dtype: type.dtype,
      dynamic: Object.freeze([...type.dynamic]),
    });
    this.values.add(value);
    return value;
  }

  private currentName(value: OnnxValue): string {
    return this.renamed.get(value.name) ?? value.name;
  }

  private renameNodeOutput(producer: MutableNode, from: string, to: string): void {
    producer.outputs = producer.outputs.map((output) => (output === from ? to : output));
    for (const node of this.nodes) node.inputs = node.inputs.map((input) => (input === from ? to : input));
    this.producers.delete(from);
    this.producers.set(to, producer);
    this.renamed.set(from, to);
  }
}

function staticType(shape: readonly number[], dtype: DType): ValueType {
  return { shape, dtype, dynamic: shape.map(() => false) };
}

function contentKey(tensor: Tensor): string {
  // Bit patterns, so -0 and NaN payloads stay distinct from 0 and each other.
  return Array.from(new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength)).join(
    ',',
  );
}
