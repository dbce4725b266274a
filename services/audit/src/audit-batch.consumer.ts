// The audit service's side of consuming in batches (libs/messaging event-consumer.ts): the new
// CommandAudited records of a fetched batch are stored and chained together, in the consumer's one
// transaction (one insert of entries, the chain head locked once, one insert of links). Nearly
// every request to any service leaves one, so this is the busiest consumer under load. When the
// batch fails, the consumer stores them one by one (AuditHandlers), so a bad one is retried alone.
import { Injectable } from '@nestjs/common';
import type { AnyEventEnvelope, EventEnvelope } from '@ipledger/contracts';
import type { BatchEventConsumer } from '@ipledger/service-kit';
import type { TransactionClient } from './database';
import { AuditRepository } from './audit.repository';

const isCommandAudited = (event: AnyEventEnvelope): event is EventEnvelope<'CommandAudited'> => event.type === 'CommandAudited';

@Injectable()
export class AuditBatchConsumer implements BatchEventConsumer {
  constructor(private readonly repository: AuditRepository) {}

  async handleAll(events: readonly AnyEventEnvelope[], tx: TransactionClient): Promise<void> {
    const records = events.filter(isCommandAudited).map((event) => ({ entry: event.payload, eventId: event.eventId }));
    await this.repository.storeAll(tx, records);
  }
}
