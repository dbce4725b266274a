// Jest global teardown of the "integration" project: stops what global-setup.ts started and
// removes its temporary folder. On servers given by DATABASE_URL / KAFKA_BROKERS it removes this
// run's databases and topics instead.
//
// Loaded WITHOUT jest's moduleNameMapper: import other libraries by relative path only.
import fs from 'node:fs';
/* eslint-disable @nx/enforce-module-boundaries -- path aliases are not available to jest's global teardown */
import {
  adminSasl,
  deleteTopics,
  dropDatabase,
  listDatabases,
  removeBuild,
  type KafkaHandle,
  type PostgresHandle,
} from '../../devstack/src/index';
/* eslint-enable @nx/enforce-module-boundaries */
import { Kafka, logLevel } from 'kafkajs';
import { getStack, setStack } from './stack';

async function cleanExternalPostgres(postgres: PostgresHandle, runId: string): Promise<void> {
  for (const prefix of [`ipledger_t_${runId}_`, `ipledger_tpl_${runId}`]) {
    for (const name of await listDatabases(postgres.adminUrl, prefix)) await dropDatabase(postgres.adminUrl, name);
  }
}

async function cleanExternalKafka(kafka: KafkaHandle, runId: string): Promise<void> {
  const sasl = adminSasl();
  const admin = new Kafka({
    clientId: 'ipledger-test-teardown',
    brokers: kafka.brokers,
    ...(sasl === undefined ? {} : { sasl }),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const ours = (await admin.listTopics()).filter((topic) => topic.startsWith(`t${runId}-`));
    await deleteTopics(kafka.brokers, ours);
  } finally {
    await admin.disconnect();
  }
}

export default async function globalTeardown(): Promise<void> {
  const stack = getStack();
  if (stack === undefined) return;
  const { postgres, kafka, runId } = stack;
  const problems: string[] = [];
  const attempt = async (what: string, action: () => Promise<void>): Promise<void> => {
    try {
      await action();
    } catch (error) {
      problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  await Promise.all([
    postgres === undefined
      ? undefined
      : postgres.external
        ? attempt('dropping test databases', () => cleanExternalPostgres(postgres, runId))
        : attempt('stopping PostgreSQL', () => postgres.stop()),
    kafka === undefined
      ? undefined
      : kafka.external
        ? attempt('deleting test topics', () => cleanExternalKafka(kafka, runId))
        : attempt('stopping Kafka', () => kafka.stop()),
  ]);
  fs.rmSync(stack.tmpDir, { recursive: true, force: true });
  if (stack.build !== undefined) removeBuild(stack.build);
  setStack(undefined);
  if (problems.length > 0) throw new Error(`test infrastructure teardown: ${problems.join('; ')}`);
}
