import { CliError } from '../errors.js';

/** Refuses to resume a run whose model differs from the checkpoint's, naming the first differing field. */
export function requireSameModel(saved: object, requested: object, directory: string): void {
  const fields = new Set([...Object.keys(saved), ...Object.keys(requested)]);
  for (const field of fields) {
    const [before, now] = [
      (saved as unknown as Record<string, unknown>)[field],
      (requested as unknown as Record<string, unknown>)[field],
    ];
    if (JSON.stringify(before) !== JSON.stringify(now)) {
      throw new CliError(
        `cannot resume ${directory}: model config field '${field}' is ${JSON.stringify(now)} but the checkpoint has ${JSON.stringify(before)}`,
      );
    }
  }
}
