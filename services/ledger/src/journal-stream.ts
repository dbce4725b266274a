// The stored journal as a ledger stream (see @ipledger/ledger-proof): entries in sequence order in
// batches, each checkpoint right after the entry it signs, on the caller's snapshot. At most one
// batch is in memory. Checkpoints beyond the last entry come last, so the verifier flags them.
import type { TransactionClient } from './database';
import type { LedgerStreamItem } from '@ipledger/ledger-proof';
import { CheckpointRepository } from './checkpoint.repository';
import { LedgerRepository, toChainedEntry } from './ledger.repository';

export const JOURNAL_BATCH_SIZE = 500;

export async function* journalStream(
  db: TransactionClient,
  repositories: { ledger: LedgerRepository; checkpoints: CheckpointRepository },
  throughSequence: bigint,
  batchSize = JOURNAL_BATCH_SIZE,
): AsyncGenerator<LedgerStreamItem> {
  let after = 0n;
  for (;;) {
    const batch = await repositories.ledger.listEntries({ afterSequence: after, throughSequence, limit: batchSize }, db);
    if (batch.length === 0) break;
    const last = batch[batch.length - 1].sequence;
    const checkpoints = await repositories.checkpoints.list({ afterSequence: after, throughSequence: last, limit: batchSize }, db);
    let next = 0;
    for (const row of batch) {
      yield { kind: 'entry', entry: toChainedEntry(row) };
      while (next < checkpoints.length && checkpoints[next].sequence <= row.sequence) {
        yield { kind: 'checkpoint', checkpoint: checkpoints[next] };
        next += 1;
      }
    }
    after = last;
  }
  // Checkpoints naming sequences past the last entry (entries deleted, or a forged checkpoint).
  for (;;) {
    const rest = await repositories.checkpoints.list({ afterSequence: after, limit: batchSize }, db);
    for (const checkpoint of rest) yield { kind: 'checkpoint', checkpoint };
    if (rest.length < batchSize) break;
    after = rest[rest.length - 1].sequence;
  }
}
