import type { ConsumerName, ServiceName } from '@ipledger/contracts';

/** Who a service is: its name (the events' producer), its own schema, and its consumer group if it consumes. */
export interface ServiceIdentity {
  service: ServiceName;
  schema: string;
  consumer?: ConsumerName;
}
