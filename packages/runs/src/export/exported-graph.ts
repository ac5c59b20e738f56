/** One graph `latentlab export` wrote, and how closely onnxruntime-node reproduced tfjs on it. */
export interface ExportedGraph {
  graph: string;
  path: string;
  bytes: number;
  /** max |onnxruntime − tfjs| (floats), or the count of differing tokens (int32 outputs). */
  maxAbsDiff: number;
}
