// Verifies an audit file (a path, or a stream of its bytes) as verifyLedgerStream(readAuditFile(input))
// does, with the same verdicts and messages, but checks each batch of lines read in one synchronous
// loop: awaiting every line through two async generators adds a tenth to the time.
import type { Readable } from 'node:stream';
import { auditFileLines, lineText } from './audit-file-lines';
import { readAuditLine } from './entry-line-fast-path';
import { VerificationPass, type StreamVerification, type StreamVerifierOptions } from './verification-pass';

/** Verifies the audit file read from `input`; resolves with the counts and head, or the first failure. */
export async function verifyAuditFile(
  input: string | Readable,
  options: Pick<StreamVerifierOptions, 'publicKeys'>,
): Promise<StreamVerification> {
  const pass = new VerificationPass({ publicKeys: options.publicKeys, file: true });
  for await (const lines of auditFileLines(input)) {
    for (const line of lines) {
      const failure = pass.check(readAuditLine(lineText(line), line.number));
      if (failure !== undefined) return failure;
    }
  }
  return pass.finish();
}
