import { randomBytes } from 'node:crypto';
import {
  createDatabase,
  databaseCredentials,
  dropDatabase,
  serviceCredential,
  withDatabase,
  type BackendServiceName,
} from '@ipledger/devstack';
import { testEnvironment } from './env';

export interface TestDatabase {
  /** Connection URL of the new database as the administrator (every right on it): for arranging and inspecting. */
  url: string;
  /** Connection URL of the new database as a service's own role: what the service itself connects with. */
  urlOf(service: BackendServiceName): string;
  /** Connection URL as the read-only auditor role (SELECT on the ledger and the audit trail). */
  auditorUrl: string;
  /** Connection URL as the outbox operator role (`ipledger outbox republish`: republish requests only). */
  outboxOperatorUrl: string;
  /** Its name: ipledger_t_<runid>_<random>. */
  name: string;
  /** Drops it, terminating open connections. */
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database of its own (CREATE DATABASE … TEMPLATE the run's migrated template):
 * milliseconds, isolated from every other test file. Call in beforeAll and drop in afterAll.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const env = testEnvironment();
  const name = `ipledger_t_${env.runId}_${randomBytes(4).toString('hex')}`;
  await createDatabase(env.adminUrl, name, { template: env.templateDb });
  return {
    url: withDatabase(env.adminUrl, name),
    urlOf: (service) => serviceCredential(withDatabase(env.adminUrl, name), service, env.roleSecret).url,
    auditorUrl: databaseCredentials(withDatabase(env.adminUrl, name), env.roleSecret).auditor.url,
    outboxOperatorUrl: databaseCredentials(withDatabase(env.adminUrl, name), env.roleSecret).outboxOperator.url,
    name,
    drop: () => dropDatabase(env.adminUrl, name),
  };
}
