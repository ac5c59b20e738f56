/** A user-facing error of the `latentlab` command: printed as one line, without a stack trace. */
export class CliError extends Error {
  override name = 'CliError';
}
