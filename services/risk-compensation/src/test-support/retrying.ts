// Racing requests sent as every client of the API should send them: an answer marked `retryable`
// (503: the command waited too long behind others on the same records and was rolled back whole)
// is sent again. The storm goes first, all at once; what it rolled back is then sent again one at
// a time, so the retries do not join the queue that rolled them back. For the tests that race
// dozens of approvals on one budget row.
import type { ErrorBody } from '@ipledger/contracts';

function isRetryable(answer: { body: unknown }): boolean {
  return (answer.body as Partial<ErrorBody> | undefined)?.error?.retryable === true;
}

export async function raceThenRetry<A extends { status: number; body: unknown }>(
  count: number,
  send: (index: number) => Promise<A>,
  attempts = 5,
): Promise<A[]> {
  const answers: A[] = await Promise.all(Array.from({ length: count }, (_, index) => send(index)));
  for (const [index, first] of answers.entries()) {
    let answer = first;
    for (let attempt = 2; isRetryable(answer) && attempt <= attempts; attempt += 1) answer = await send(index);
    answers[index] = answer;
  }
  return answers;
}
