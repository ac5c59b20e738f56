/**
 * Broadcasting of the batch (leading) dimensions of a batched matmul, NumPy style: shapes are aligned on
 * the right and a size-1 dimension repeats. Returns the output batch shape and, for every output batch
 * (row-major), which batch of A and which batch of B it multiplies. Null when the shapes do not broadcast.
 */
export interface BatchPairs {
  outerShape: number[];
  aBatchIndex: Int32Array;
  bBatchIndex: Int32Array;
}

export function broadcastBatches(aOuter: readonly number[], bOuter: readonly number[]): BatchPairs | null {
  const rank = Math.max(aOuter.length, bOuter.length);
  const aDims = [...new Array<number>(rank - aOuter.length).fill(1), ...aOuter];
  const bDims = [...new Array<number>(rank - bOuter.length).fill(1), ...bOuter];
  const outerShape: number[] = [];
  for (let axis = 0; axis < rank; axis++) {
    const aDim = aDims[axis]!;
    const bDim = bDims[axis]!;
    if (aDim !== bDim && aDim !== 1 && bDim !== 1) return null;
    outerShape.push(aDim === 1 ? bDim : aDim);
  }
  const batchCount = outerShape.reduce((product, dim) => product * dim, 1);
  const aBatchIndex = new Int32Array(batchCount);
  const bBatchIndex = new Int32Array(batchCount);
  for (let batch = 0; batch < batchCount; batch++) {
    let remainder = batch;
    let aIndex = 0;
    let bIndex = 0;
    let aStride = 1;
    let bStride = 1;
    for (let axis = rank - 1; axis >= 0; axis--) {
      const dim = outerShape[axis]!;
      const coordinate = remainder % dim;
      remainder = Math.floor(remainder / dim);
      if (aDims[axis] !== 1) aIndex += coordinate * aStride;
      if (bDims[axis] !== 1) bIndex += coordinate * bStride;
      aStride *= aDims[axis]!;
      bStride *= bDims[axis]!;
    }
    aBatchIndex[batch] = aIndex;
    bBatchIndex[batch] = bIndex;
  }
  return { outerShape, aBatchIndex, bBatchIndex };
}
