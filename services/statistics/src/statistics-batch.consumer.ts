// The statistics' side of consuming in batches (libs/messaging event-consumer.ts): the new events
// of a fetched batch are summed and stored together, in the consumer's one transaction, one
// statement per table instead of several per event. When the batch fails, the consumer handles
// them one by one (StatisticsHandlers), so a bad one is retried alone.
import { Injectable } from '@nestjs/common';
import type { AnyEventEnvelope } from '@ipledger/contracts';
import type { BatchEventConsumer } from '@ipledger/service-kit';
import type { TransactionClient } from './database';
import { FactsService } from './facts.service';

@Injectable()
export class StatisticsBatchConsumer implements BatchEventConsumer {
  constructor(private readonly facts: FactsService) {}

  handleAll(events: readonly AnyEventEnvelope[], tx: TransactionClient): Promise<void> {
    return this.facts.recordAll(tx, events);
  }
}
