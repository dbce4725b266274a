// The actors of the e2e scenarios and the system they run against.
import { topicNames } from '@ipledger/contracts';
import { createTestDatabase, createTopicsForPrefix, startAllServices, testBrokers, uniqueTopicPrefix, type RunningServices, type TestDatabase } from '@ipledger/testing';
import { ApiClient, type ActingAs } from './api-client';

export const BANK: ActingAs = { orgId: 'bank-e2e-a', role: 'bank', userId: 'loan-officer-1' };
export const OTHER_BANK: ActingAs = { orgId: 'bank-e2e-b', role: 'bank', userId: 'loan-officer-9' };
export const APPRAISER: ActingAs = { orgId: 'appraiser-e2e', role: 'appraiser', userId: 'appraiser-1' };
export const BUREAU: ActingAs = { orgId: 'bureau-cq', role: 'bureau', userId: 'registrar-1' };
export const GUARANTOR: ActingAs = { orgId: 'guarantor-e2e', role: 'guarantor', userId: 'risk-officer-1' };

export interface RunningSystem {
  api: ApiClient;
  prefix: string;
  brokers: string[];
  database: TestDatabase;
  services: RunningServices;
  stop(): Promise<void>;
}

/** Every service as its own process, on a fresh database and fresh topics. */
export async function startSystem(label: string): Promise<RunningSystem> {
  const database = await createTestDatabase();
  const prefix = uniqueTopicPrefix(label);
  await createTopicsForPrefix(prefix, topicNames(prefix));
  const brokers = testBrokers();
  const services = await startAllServices({
    DATABASE_URL: database.url,
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    OUTBOX_POLL_INTERVAL_MS: '20',
  });
  return {
    api: new ApiClient(services.gatewayUrl),
    prefix,
    brokers,
    database,
    services,
    stop: async () => {
      await services.stop();
      await database.drop();
    },
  };
}
