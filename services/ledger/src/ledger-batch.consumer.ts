// The ledger's side of consuming in batches (libs/messaging event-consumer.ts): the new events of a
// fetched batch are posted together by JournalPoster.postAll, in the consumer's one transaction
// (one chain-head update, each account locked and updated once, multi-row inserts). When any of
// them is refused, it throws; the consumer then posts them one by one, so the refused one is
// retried and dead-lettered alone.
import { Injectable } from '@nestjs/common';
import type { AnyEventEnvelope } from '@ipledger/contracts';
import type { BatchEventConsumer } from '@ipledger/service-kit';
import type { TransactionClient } from './database';
import { entryForEvent } from './domain/entry-for-event';
import type { JournalEntryDraft } from './domain/journal-entry';
import { JournalPoster } from './journal-poster';

@Injectable()
export class LedgerBatchConsumer implements BatchEventConsumer {
  constructor(private readonly journal: JournalPoster) {}

  async handleAll(events: readonly AnyEventEnvelope[], tx: TransactionClient): Promise<void> {
    const drafts = events.map(entryForEvent).filter((draft): draft is JournalEntryDraft => draft !== null);
    await this.journal.postAll(tx, drafts);
  }
}
