import type { ConsumerName, ServiceName } from '@ipledger/contracts';
import type { PrismaClientClass } from '@ipledger/db';

/**
 * Who a service is: its name (the events' producer), its own schema, its own generated Prisma
 * client class (services/<name>/src/database.ts: it sees that schema's models only), and its
 * consumer group if it consumes.
 */
export interface ServiceIdentity {
  service: ServiceName;
  schema: string;
  prismaClient: PrismaClientClass;
  consumer?: ConsumerName;
}
