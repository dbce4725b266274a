// Delivering the same events twice: read every event the services published and produce it
// again, wait until every consumer group has caught up, and compare the state of every service.
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { adminSasl } from '@ipledger/devstack';
import pg from 'pg';
import { CONSUMERS, consumerGroupId, deadLetterTopicName, EVENT_CONSUMERS, EVENTS, topicName, type TopicId } from '@ipledger/contracts';
import { waitUntilConsumed } from './consumer-lag';
import type { RunningSystem } from './scenario';
import { readTopics } from './topic-contents';

const EVENT_TOPICS: TopicId[] = ['pledge', 'valuation', 'loan', 'compensation'];

/** Everything the services own, as plain rows (timestamps included: a redelivery must not touch them). */
export async function snapshotOfEveryService(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = async (sql: string) => (await client.query(sql)).rows as unknown[];
    const count = async (sql: string) => Number(((await client.query(sql)).rows[0] as { n: string }).n);
    return {
      pledges: await rows('SELECT * FROM pledge_registration.pledge_applications ORDER BY id'),
      pledgeTransitions: await rows('SELECT * FROM pledge_registration.pledge_transitions ORDER BY id'),
      valuations: await rows('SELECT * FROM valuation.valuations ORDER BY id'),
      lendingFacts: await rows('SELECT * FROM lending.pledge_facts ORDER BY pledge_id'),
      loans: await rows('SELECT * FROM lending.loans ORDER BY id'),
      repayments: await rows('SELECT * FROM lending.repayments ORDER BY id'),
      accounts: await rows('SELECT * FROM ledger.accounts ORDER BY code'),
      journalEntries: await count('SELECT count(*) AS n FROM ledger.journal_entries'),
      postings: await rows('SELECT * FROM ledger.postings ORDER BY entry_id, position'),
      chainHead: await rows('SELECT * FROM ledger.chain_head'),
      compensationLoans: await rows('SELECT * FROM risk_compensation.loans ORDER BY loan_id'),
      disposals: await rows('SELECT * FROM risk_compensation.disposals ORDER BY pledge_id'),
      claims: await rows('SELECT * FROM risk_compensation.claims ORDER BY id'),
      claimParts: await rows('SELECT * FROM risk_compensation.claim_parts ORDER BY claim_id, party'),
      fundBudgets: await rows('SELECT * FROM risk_compensation.fund_budgets ORDER BY fund_id, budget_year'),
      // Every refused or denied request is audited (CommandAudited in the outbox) by design; the
      // domain's own events are what must not change.
      outboxes: await rows(
        ['pledge_registration', 'valuation', 'lending', 'ledger', 'risk_compensation', 'identity']
          .map((schema) => `SELECT '${schema}' AS s, count(*) FROM ${schema}.outbox WHERE type <> 'CommandAudited'`)
          .join(' UNION ALL ')
          .concat(' ORDER BY s'),
      ),
    };
  } finally {
    await client.end();
  }
}

/** Produces every message of the event topics again; returns how many. */
export async function redeliverEverything(system: RunningSystem): Promise<number> {
  const kafka = new Kafka({ clientId: 'e2e-redelivery', sasl: adminSasl(), brokers: system.brokers, logLevel: logLevel.NOTHING });
  const topics = EVENT_TOPICS.map((topic) => topicName(topic, system.prefix));
  const messages = await readTopics(system.brokers, topics);

  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  for (const message of messages) {
    // The very message again, its producer's signature included.
    await producer.send({ topic: message.topic, messages: [{ key: message.key, value: message.value, headers: message.headers }] });
  }
  await producer.disconnect();

  await waitUntilConsumed(
    system.brokers,
    CONSUMERS.map((consumer) => ({
      groupId: consumerGroupId(consumer, system.prefix),
      topics: [...new Set(EVENT_CONSUMERS[consumer].map((type) => topicName(EVENTS[type].topic, system.prefix)))],
    })),
  );
  return messages.length;
}

/** Messages on every dead-letter topic: a redelivered event must be absorbed, not dead-lettered. */
export async function deadLetterCount(system: RunningSystem): Promise<number> {
  const admin = new Kafka({ clientId: 'e2e-dlq', sasl: adminSasl(), brokers: system.brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    let total = 0;
    for (const consumer of CONSUMERS) {
      for (const partition of await admin.fetchTopicOffsets(deadLetterTopicName(consumer, system.prefix))) total += Number(partition.high);
    }
    return total;
  } finally {
    await admin.disconnect();
  }
}
