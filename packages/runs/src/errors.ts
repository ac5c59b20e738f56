/**
 * An error in what the user gave (a file, a field, a run): its message is complete and one line, shown
 * without a stack trace. (The name is historical: the library raises it as the command does.)
 */
export class CliError extends Error {
  override name = 'CliError';
}

/**
 * An error in one field of what was given — a `train` option or setting (`teacher`, `studentSteps`), an
 * evaluation's `samples`, an export's `path` — read as "`field` `value`: `problem`" (or "`field`
 * `problem`" when it is missing). The library names fields as its API spells them; the `latentlab` command
 * shows the flags that set them (`--student-steps`), the field's and those of `mentions` in the problem.
 */
export class FieldError extends CliError {
  override name = 'FieldError';
  constructor(
    readonly field: string,
    /** The value given, or undefined when the field is missing. */
    readonly value: string | undefined,
    readonly problem: string,
    /** Other fields the problem names (as whole words), e.g. ['force']. */
    readonly mentions: readonly string[] = [],
  ) {
    super(value === undefined ? `${field} ${problem}` : `${field} ${value}: ${problem}`);
  }
}
