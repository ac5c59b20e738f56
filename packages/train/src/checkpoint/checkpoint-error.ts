/** A checkpoint that is missing, truncated, corrupt or does not fit the model: the message names the file. */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
}
