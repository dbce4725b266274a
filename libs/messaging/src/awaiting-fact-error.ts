// An event that builds on a fact this consumer has not seen yet: the fact travels on another topic
// (or another partition), which Kafka does not order with this one. Events are keyed to make this
// rare; example: the ledger gets a version-1 CompensationApproved from the compensation topic's
// history (it carries the loan's side too) before the loan's LoanDefaulted (loans topic), e.g.
// while the partition holding the default waits for a dead consumer's session to expire.
// Such an event is not bad: the consumer pauses its partition and tries it again (other partitions
// keep flowing, so the fact can arrive), and dead-letters it only when the fact has not come within
// the retry policy's `awaitFactForMs`.
export class AwaitingFactError extends Error {
  constructor(
    /** What is awaited, in words an operator reads in the log, e.g. "the default of loan ln_… (LoanDefaulted)". */
    readonly awaited: string,
    message: string,
  ) {
    super(message);
    this.name = 'AwaitingFactError';
  }
}

export function isAwaitingFactError(error: unknown): error is AwaitingFactError {
  return error instanceof AwaitingFactError || (error as { name?: unknown } | null)?.name === 'AwaitingFactError';
}
