import { BaseRpcContext } from '@nestjs/microservices';
import type { AnyEventEnvelope } from '@ipledger/contracts';
import type { SqlClient } from './sql-client';

/**
 * What an event handler gets besides the event: the transaction its effects must use (the
 * inbox row that marks the event handled commits in it too) and the delivery attempt.
 */
export class EventContext<Tx extends SqlClient = SqlClient> extends BaseRpcContext<[AnyEventEnvelope, Tx, number]> {
  constructor(event: AnyEventEnvelope, tx: Tx, attempt: number) {
    super([event, tx, attempt]);
  }

  get event(): AnyEventEnvelope {
    return this.args[0];
  }

  get tx(): Tx {
    return this.args[1];
  }

  get attempt(): number {
    return this.args[2];
  }
}
