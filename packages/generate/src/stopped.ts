/** Thrown inside a generation when its stop was asked for; the worker reports it as 'stopped'. */
export class GenerationStopped extends Error {
  override name = 'GenerationStopped';
  constructor() {
    super('generation stopped');
  }
}

export function throwIfStopped(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new GenerationStopped();
}
