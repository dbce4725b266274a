// Verifies a ledger stream (an audit file's items or the database, see ledger-stream.ts) in one
// pass with constant memory, by the rules of verification-pass.ts. Stops at the FIRST failure and
// names the entry and why. An audit file is verified faster by verifyAuditFile (audit-file-verifier.ts).
import type { LedgerStreamItem } from './ledger-stream';
import { VerificationPass, type StreamVerification, type StreamVerifierOptions } from './verification-pass';

export type { StreamFailure, StreamVerification, StreamVerified, StreamVerifierOptions } from './verification-pass';

/** Verifies `items` in one pass; resolves with the counts and head, or the first failure. */
export async function verifyLedgerStream(
  items: AsyncIterable<LedgerStreamItem> | Iterable<LedgerStreamItem>,
  options: StreamVerifierOptions,
): Promise<StreamVerification> {
  const pass = new VerificationPass(options);
  for await (const item of items) {
    const failure = pass.check(item);
    if (failure !== undefined) return failure;
  }
  return pass.finish();
}
