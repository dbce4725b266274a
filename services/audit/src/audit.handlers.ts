import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@ipledger/contracts';
import type { TransactionClient } from './database';
import type { EventContext } from '@ipledger/messaging';
import { AuditRepository } from './audit.repository';

/** Every service's CommandAudited records, stored once each (the inbox, and the unique audit id). */
@Controller()
export class AuditHandlers {
  constructor(private readonly repository: AuditRepository) {}

  @EventPattern('CommandAudited')
  async onCommandAudited(@Payload() event: EventEnvelope<'CommandAudited'>, @Ctx() ctx: EventContext<TransactionClient>): Promise<void> {
    await this.repository.storeAll(ctx.tx, [{ entry: event.payload, eventId: event.eventId }]);
  }
}
