// The bureau's export of the chained audit trail (ipledger.audit-export.v1) as a stream of NDJSON
// lines: up to the head as it stood when the export began (entries and links are append-only, so
// that prefix cannot move), in batches, each checkpoint after the entry it signs. What is stored
// is exported as it is: an altered entry keeps its old hash, a removed one leaves its sequence
// out, so `ipledger audit verify` names it; the end line carries the stored head.
import { Inject, Injectable } from '@nestjs/common';
import { auditCheckpointLine, auditEndLine, auditEntryLine, auditHeaderLine } from '@ipledger/audit-proof';
import type { LedgerSigningKey } from '@ipledger/ledger-proof';
import { LOGGER, type Logger } from '@ipledger/service-kit';
import { AUDIT_SIGNING_KEY } from './audit.config';
import { AuditChainRepository } from './audit-chain.repository';

const BATCH = 1_000;

@Injectable()
export class AuditExport {
  constructor(
    private readonly chain: AuditChainRepository,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: LedgerSigningKey,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async *lines(now: Date = new Date()): AsyncGenerator<string> {
    const head = await this.chain.head();
    const checkpoints = await this.chain.checkpoints(head.sequence);
    yield auditHeaderLine(this.key.keyId, now);
    let after = 0n;
    let entries = 0;
    let signed = 0;
    while (after < head.sequence) {
      const batch = await this.chain.chained(after, head.sequence, BATCH);
      if (batch.length === 0) break;
      for (const { sequence, auditId, entry } of batch) {
        after = sequence;
        if (entry === null) {
          this.logger.error({ sequence: String(sequence), auditId }, 'audit chain link without its entry: the entry row was removed');
          continue;
        }
        yield auditEntryLine(entry);
        entries += 1;
        while (checkpoints[0] !== undefined && checkpoints[0].sequence <= sequence) {
          const checkpoint = checkpoints.shift();
          if (checkpoint === undefined) break;
          yield auditCheckpointLine(checkpoint);
          signed += 1;
        }
      }
    }
    for (const checkpoint of checkpoints) {
      yield auditCheckpointLine(checkpoint);
      signed += 1;
    }
    // The head as the database's chain_head row has it: entries removed from the end show as a
    // chain that stops short of it.
    yield auditEndLine({ entries, checkpoints: signed, head });
  }
}
