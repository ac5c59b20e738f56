import { tf } from './tf.js';

/**
 * `tf.variableGrads` with a backward pass that frees memory as it goes, as PyTorch's autograd does.
 *
 * tfjs-core's `engine.gradients` keeps two things alive until the whole backward pass has finished: the
 * gradient of every intermediate tensor (its map of accumulated gradients is disposed only when the
 * 'backward' scope ends) and every tensor a kernel saved for its gradient (disposed after the walk). On the
 * DiT training step of `pnpm bench:train` that doubled the live bytes: 315 MB at the end of the forward
 * pass, 569 MB at the end of the backward one (tensor bytes counted per data buffer).
 *
 * This walks the same tape in the same order and calls the same gradient functions, so the gradients are
 * identical bit for bit; it only disposes earlier:
 * - the gradient of a kernel's outputs once that kernel's input gradients have been computed (nothing
 *   later in the reverse walk reads it: the tape is in execution order, so every consumer of an output
 *   comes after its producer and has already been walked);
 * - a partial sum once the next contribution has been added to it, and the contribution too;
 * - the saved tensors of a kernel once its gradient has run, and at once for kernels that are not on a
 *   path from the variables to the loss.
 * Only tensors created during the backward pass are disposed early (ids are increasing), and a gradient
 * tensor is disposed only when no entry of the gradient map still holds it (a gradient function may
 * return its `dy` as it is, or the same tensor for two inputs).
 *
 * It uses tfjs-core 4.x engine internals (`startTape`, `state.activeTape`, the tape nodes' `gradient`,
 * `inputs`, `outputs`, `saved`). Where they are missing, or inside another gradient computation (a
 * gradient of a gradient needs the tape kept), it is `tf.variableGrads` itself.
 */
export function freeingVariableGrads(
  loss: () => tf.Scalar,
  variables: readonly tf.Variable[],
): { value: tf.Scalar; grads: Record<string, tf.Tensor> } {
  const engine = tf.engine() as unknown as TapeEngine;
  if (!hasTapeInternals(engine) || engine.state.gradientDepth > 0) {
    return tf.variableGrads(loss, [...variables]) as { value: tf.Scalar; grads: Record<string, tf.Tensor> };
  }
  const value = engine.scopedRun(
    () => engine.startTape(),
    () => engine.endTape(),
    () => engine.tidy('forward', loss),
  );
  const tape = engine.state.activeTape ?? [];
  if (!(value instanceof tf.Tensor) || value.rank !== 0) {
    for (const node of tape) disposeAll(node.saved);
    engine.state.activeTape = null;
    if (value instanceof tf.Tensor) value.dispose();
    throw new Error(
      `freeingVariableGrads: the loss function must return a scalar tensor, got ${describe(value)}`,
    );
  }
  const path = nodesFromTo(tape, variables, value);
  const onPath = new Set(path.map((node) => node.id));
  for (const node of tape) if (!onPath.has(node.id)) disposeAll(node.saved);
  const result = engine.tidy('backward', () => {
    const gradients = walkBackward(path, value, new Set(variables.map((variable) => variable.id)));
    const grads: Record<string, tf.Tensor> = {};
    for (const variable of variables) {
      const gradient = gradients.get(variable.id);
      if (gradient) grads[variable.name] = gradient;
    }
    return { value, grads };
  });
  for (const node of tape) disposeAll(node.saved);
  engine.state.activeTape = null;
  if (Object.keys(result.grads).length === 0) {
    result.value.dispose();
    throw new Error(
      'freeingVariableGrads: no trainable variable is connected to the loss (are the ops that read them inside the loss function?)',
    );
  }
  return result;
}

interface TapeNode {
  id: number;
  kernelName: string;
  inputs: Record<string, tf.Tensor>;
  outputs: tf.Tensor[];
  gradient?: (dys: (tf.Tensor | null)[]) => Record<string, () => tf.Tensor>;
  saved?: tf.Tensor[];
}

interface TapeEngine {
  state: { gradientDepth: number; activeTape: TapeNode[] | null };
  startTape(): void;
  endTape(): void;
  scopedRun<R>(start: () => void, end: () => void, f: () => R): R;
  tidy<R>(name: string, f: () => R): R;
}

function hasTapeInternals(engine: Partial<TapeEngine>): engine is TapeEngine {
  return (
    typeof engine.startTape === 'function' &&
    typeof engine.endTape === 'function' &&
    typeof engine.scopedRun === 'function' &&
    typeof engine.state?.gradientDepth === 'number'
  );
}

/**
 * The tape nodes on a path from `sources` to `target`, in tape order, each with only the inputs that
 * depend on a source (the others get no gradient).
 */
function nodesFromTo(
  tape: readonly TapeNode[],
  sources: readonly tf.Tensor[],
  target: tf.Tensor,
): TapeNode[] {
  const fromSource = new Set(sources.map((source) => source.id));
  const reached = new Set<number>();
  for (const node of tape) {
    if (Object.values(node.inputs).some((input) => fromSource.has(input.id))) {
      reached.add(node.id);
      for (const output of node.outputs) fromSource.add(output.id);
    }
  }
  const toTarget = new Set([target.id]);
  const leads = new Set<number>();
  for (let index = tape.length - 1; index >= 0; index--) {
    const node = tape[index]!;
    if (!node.outputs.some((output) => toTarget.has(output.id))) continue;
    leads.add(node.id);
    for (const input of Object.values(node.inputs)) toTarget.add(input.id);
  }
  const path: TapeNode[] = [];
  for (const node of tape) {
    if (!reached.has(node.id) || !leads.has(node.id)) continue;
    const inputs: Record<string, tf.Tensor> = {};
    for (const [name, input] of Object.entries(node.inputs))
      if (fromSource.has(input.id)) inputs[name] = input;
    path.push({ ...node, inputs });
  }
  return path;
}

/** Gradients of `target` for every tensor on `path`, by tensor id; only those of `keep` are left at the end. */
function walkBackward(
  path: readonly TapeNode[],
  target: tf.Tensor,
  keep: ReadonlySet<number>,
): Map<number, tf.Tensor> {
  const seed = tf.onesLike(target); // d target / d target
  const firstBackwardId = seed.id; // tensor ids increase: everything from here on was made by this walk
  const gradients = new Map<number, tf.Tensor>();
  const holders = new Map<tf.Tensor, number>(); // how many entries of `gradients` hold each tensor
  const hold = (id: number, gradient: tf.Tensor): void => {
    gradients.set(id, gradient);
    holders.set(gradient, (holders.get(gradient) ?? 0) + 1);
  };
  const disposeIfFree = (gradient: tf.Tensor): void => {
    if ((holders.get(gradient) ?? 0) > 0 || gradient.id < firstBackwardId) return;
    holders.delete(gradient);
    gradient.dispose();
  };
  const drop = (id: number): void => {
    const gradient = gradients.get(id);
    if (!gradient) return;
    gradients.delete(id);
    holders.set(gradient, holders.get(gradient)! - 1);
    disposeIfFree(gradient);
  };
  hold(target.id, seed);

  for (let index = path.length - 1; index >= 0; index--) {
    const node = path[index]!;
    if (!node.gradient)
      throw new Error(`Cannot compute gradient: no gradient function for ${node.kernelName}.`);
    const inputGradients = node.gradient(node.outputs.map((output) => gradients.get(output.id) ?? null));
    for (const [name, input] of Object.entries(node.inputs)) {
      const gradientOf = inputGradients[name];
      if (!gradientOf) {
        throw new Error(
          `Cannot backprop through input ${name} of ${node.kernelName}: it has gradients for ${Object.keys(inputGradients)}.`,
        );
      }
      const contribution = tf.tidy(gradientOf);
      checkGradient(node.kernelName, name, contribution, input);
      const partial = gradients.get(input.id);
      if (!partial) {
        hold(input.id, contribution);
        continue;
      }
      const sum = tf.add(partial, contribution);
      drop(input.id);
      disposeIfFree(contribution);
      hold(input.id, sum);
    }
    for (const output of node.outputs) if (!keep.has(output.id)) drop(output.id);
    disposeAll(node.saved);
  }
  return gradients;
}

function checkGradient(kernelName: string, inputName: string, gradient: tf.Tensor, input: tf.Tensor): void {
  if (gradient.dtype !== 'float32') {
    throw new Error(
      `Error in gradient for op ${kernelName}. The gradient of input ${inputName} must have 'float32' dtype, but has '${gradient.dtype}'`,
    );
  }
  if (
    gradient.shape.length !== input.shape.length ||
    gradient.shape.some((size, axis) => size !== input.shape[axis])
  ) {
    throw new Error(
      `Error in gradient for op ${kernelName}. The gradient of input '${inputName}' has shape [${gradient.shape}], which does not match the shape of the input [${input.shape}]`,
    );
  }
}

function disposeAll(tensors: readonly tf.Tensor[] | undefined): void {
  for (const tensor of tensors ?? []) tensor.dispose();
}

function describe(value: unknown): string {
  return value instanceof tf.Tensor ? `a rank-${value.rank} tensor [${value.shape}]` : typeof value;
}
