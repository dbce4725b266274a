// A request sent as every client of the API should send it: an answer marked `retryable` (503: the
// command waited too long behind others on the same records and was rolled back whole) is sent
// again, a few times. For the tests that race dozens of approvals on one budget row.
import type { ErrorBody } from '@ipledger/contracts';

export async function retryingRetryable<A extends { status: number; body: unknown }>(send: () => Promise<A>, attempts = 5): Promise<A> {
  for (let attempt = 1; ; attempt += 1) {
    const answer = await send();
    const retryable = (answer.body as Partial<ErrorBody> | undefined)?.error?.retryable === true;
    if (!retryable || attempt >= attempts) return answer;
  }
}
