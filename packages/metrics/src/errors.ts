/** A weights file that is missing, corrupt or does not fit the classifier: names the file and the field. */
export class ClassifierWeightsError extends Error {
  override name = 'ClassifierWeightsError';
  constructor(
    readonly source: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${source}: ${field}: ${problem}`);
  }
}

/** A bad argument to a metric (wrong image shape, label count, too few samples, …). */
export class MetricsArgumentError extends Error {
  override name = 'MetricsArgumentError';
}
