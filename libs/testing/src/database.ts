import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase, withDatabase } from '@ipledger/devstack';
import { testEnvironment } from './env';

export interface TestDatabase {
  /** Connection URL of the new database (user with every right on it). */
  url: string;
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
    name,
    drop: () => dropDatabase(env.adminUrl, name),
  };
}
