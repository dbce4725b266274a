// Two deployments of the whole system on ONE Kafka cluster (KAFKA_TOPIC_PREFIX), each with its own
// database and its own Kafka principals and signing keys, as docs/operations.md "Several
// deployments on one cluster" describes. Each runs a money flow; neither sees the other's events:
// ledgers and statistics hold exactly their own totals, each prefix's topics only its own events,
// the consumer groups are distinct, and each deployment's principals can neither read nor write
// the other's topics and groups.
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, logLevel, ResourcePatternTypes } from 'kafkajs';
import pg from 'pg';
import {
  CONSUMERS,
  consumerGroupId,
  topicName,
  topicNames,
  type AnnualStatisticsResponse,
  type LoanResponse,
  type PledgeResponse,
} from '@ipledger/contracts';
import { adminSasl, deploymentPrincipals, saslOf, type KafkaCredentials } from '@ipledger/devstack';
import { Money } from '@ipledger/money';
import { pollUntil } from '@ipledger/testing';
import { licensingDealRequest } from './support/deals';
import { nextYear, today, until } from './support/dates-and-waiting';
import { deadLetterCount } from './support/redelivery';
import { APPRAISER, BANK, BUREAU, startSystem, type RunningSystem } from './support/scenario';
import { readTopics } from './support/topic-contents';

/** What one deployment does: amounts of its own, so a leak would show in the other's totals. */
interface MoneyFlow {
  appraisedValue: string;
  principal: string;
  repaidPrincipal: string;
  interest: string;
  deal: string;
}

const EAST: MoneyFlow = {
  appraisedValue: '8000000.00',
  principal: '2000000.00',
  repaidPrincipal: '500000.00',
  interest: '7250.33',
  deal: '100000.00',
};
const WEST: MoneyFlow = {
  appraisedValue: '4000000.04',
  principal: '1000000.01',
  repaidPrincipal: '250000.00',
  interest: '3625.17',
  deal: '333333.33',
};

const YEAR = Number(today.slice(0, 4));

/** Pledge → valuation → registration → loan → repayment, and a licensing deal; returns the pledge's and the loan's ids. */
async function runMoneyFlow(
  system: RunningSystem,
  flow: MoneyFlow,
  registrationNumber: string,
): Promise<{ pledgeId: string; loanId: string }> {
  const bank = system.api.as(BANK);
  const bureau = system.api.as(BUREAU);
  const submitted = await bank.post<PledgeResponse>('/api/pledges', {
    pledgor: { uscc: '91350100M000100Y43', name: '重庆示例智能装备有限公司' },
    ipItems: [{ ipType: 'invention-patent', number: '201910884346.5', title: '一种工业机器人关节减速器' }],
    requestedLoanAmount: flow.principal,
    termMonths: 24,
    districtCode: '500112',
    appraiserOrgId: APPRAISER.orgId,
  });
  expect(submitted.status).toBe(201);
  const pledgeId = submitted.body.id;
  await until(
    201,
    () =>
      system.api.as(APPRAISER).post('/api/valuations', {
        pledgeId,
        method: 'income',
        appraisedValue: flow.appraisedValue,
        valuationDate: today,
        validUntil: nextYear,
      }),
    'the valuation to be accepted',
  );
  expect((await bureau.post(`/api/pledges/${pledgeId}/registration`, { registrationNumber })).status).toBe(200);
  const loan = await until<LoanResponse>(
    201,
    () =>
      bank.post('/api/loans', { pledgeId, principal: flow.principal, annualInterestRate: '0.0435', termMonths: 24, disbursedOn: today }),
    'lending to know the registration and valuation, and disburse',
  );
  const repaid = await bank.post<LoanResponse>(`/api/loans/${loan.id}/repayments`, {
    principalAmount: flow.repaidPrincipal,
    interestAmount: flow.interest,
    repaidOn: today,
  });
  expect(repaid.status).toBe(201);
  expect((await bureau.post('/api/deals', licensingDealRequest({ amount: flow.deal, contractDate: today }))).status).toBe(201);
  return { pledgeId, loanId: loan.id };
}

/** The event ids a deployment's services have published (every service's outbox). */
async function publishedEventIds(databaseUrl: string): Promise<Set<string>> {
  const schemas = ['pledge_registration', 'valuation', 'lending', 'ledger', 'risk_compensation', 'identity', 'audit', 'statistics'];
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const sql = schemas
      .map((schema) => `SELECT event_id::text AS id FROM ${schema}.outbox WHERE published_at IS NOT NULL`)
      .join(' UNION ALL ');
    return new Set(((await client.query(sql)).rows as { id: string }[]).map((row) => row.id));
  } finally {
    await client.end();
  }
}

/** The consumer groups a deployment's inboxes were written by. */
async function inboxGroups(databaseUrl: string): Promise<string[]> {
  const schemas = ['pledge_registration', 'valuation', 'lending', 'ledger', 'risk_compensation', 'audit', 'statistics'];
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const sql = schemas.map((schema) => `SELECT DISTINCT consumer_group FROM ${schema}.inbox`).join(' UNION ');
    return ((await client.query(sql)).rows as { consumer_group: string }[]).map((row) => row.consumer_group).sort();
  } finally {
    await client.end();
  }
}

function kafkaAs(system: RunningSystem, principal: KafkaCredentials): Kafka {
  return new Kafka({
    clientId: `e2e-as-${principal.username}`,
    brokers: system.brokers,
    sasl: saslOf(principal),
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  });
}

/** The broker's refusal, as kafkajs reports it (its type, or a message naming it when retries are off). */
function refusalOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) => `${(error as { type?: string }).type ?? ''} ${(error as Error).message}`,
  );
}

const TOPIC_REFUSED = /TOPIC.AUTHORIZATION.FAILED/i;
const GROUP_REFUSED = /GROUP.AUTHORIZATION.FAILED|Failed to find group coordinator/i;

describe('two deployments on one Kafka cluster', () => {
  let east: RunningSystem;
  let west: RunningSystem;
  let eastIds: { pledgeId: string; loanId: string };
  let westIds: { pledgeId: string; loanId: string };
  let startedIn = 0;

  beforeAll(async () => {
    const started = Date.now();
    [east, west] = await Promise.all([
      startSystem('e2e-east', { ownKafkaPrincipals: true }),
      startSystem('e2e-west', { ownKafkaPrincipals: true }),
    ]);
    startedIn = Date.now() - started;
  }, 300_000);

  afterAll(async () => {
    await Promise.all([east?.stop(), west?.stop()]);
  });

  it('runs both with their own prefixes and principals, and each its money flow', async () => {
    process.stdout.write(`two deployments started in ${(startedIn / 1000).toFixed(1)} s\n`);
    expect(east.prefix).not.toBe(west.prefix);
    expect(east.kafkaSecurity.services.ledger.username).toBe(`${east.prefix.replace(/\.$/, '')}.ledger`);
    expect(west.kafkaSecurity.services.ledger.username).not.toBe(east.kafkaSecurity.services.ledger.username);

    [eastIds, westIds] = await Promise.all([runMoneyFlow(east, EAST, 'Y2026500000101'), runMoneyFlow(west, WEST, 'Y2026500000202')]);
  });

  it.each([
    ['east', () => east, () => EAST],
    ['west', () => west, () => WEST],
  ])('the %s ledger and statistics hold exactly its own totals', async (_name, system, flow) => {
    const { principal, repaidPrincipal, interest, deal } = flow();
    const bureau = system().api.as(BUREAU);
    // Disbursement: principal; repayment: principal and interest back to the bank.
    const expectedDebits = Money.sum([Money.of(principal), Money.of(repaidPrincipal), Money.of(interest)]).toString();
    const trial = await pollUntil(
      async () => {
        const answer = await bureau.get<{ totalDebits: string; totalCredits: string; balanced: boolean }>('/api/ledger/trial-balance');
        return answer.body.totalDebits === expectedDebits ? answer.body : undefined;
      },
      { description: `the ledger to post ${expectedDebits} of debits` },
    );
    expect(trial).toMatchObject({ totalDebits: expectedDebits, totalCredits: expectedDebits, balanced: true });
    const entries = await bureau.get<{ items: { eventType: string }[] }>('/api/ledger/entries');
    expect(entries.body.items.map((entry) => entry.eventType)).toEqual(['LoanDisbursed', 'LoanRepaid']);

    const statistics = await pollUntil(
      async () => {
        const answer = await bureau.get<AnnualStatisticsResponse>(`/api/statistics/annual?year=${YEAR}`);
        return answer.body.loans.disbursed >= 1 && answer.body.count >= 2 ? answer.body : undefined;
      },
      { description: 'the statistics to count the loan and the deal' },
    );
    const category = (name: string) => statistics.categories.find((entry) => entry.category === name);
    expect(category('pledge-financing')).toMatchObject({ count: 1, amount: expect.objectContaining({ yuan: principal }) });
    expect(category('licensing')).toMatchObject({ count: 1, amount: expect.objectContaining({ yuan: deal }) });
    expect(statistics.total.yuan).toBe(Money.of(principal).plus(Money.of(deal)).toString());
    expect(statistics).toMatchObject({ count: 2, loans: { disbursed: 1, defaulted: 0 }, pledges: { applications: 1, registrations: 1 } });
  });

  it("keeps each prefix's topics to its own events, and dead-letters nothing", async () => {
    for (const [own, other, ownIds, otherIds] of [
      [east, west, eastIds, westIds],
      [west, east, westIds, eastIds],
    ] as const) {
      const publishedBefore = await publishedEventIds(own.database.url);
      const messages = await readTopics(
        own.brokers,
        topicNames(own.prefix).filter((name) => !name.includes('.dlq.')),
      );
      const onTopics = new Set(messages.map((message) => (JSON.parse(message.value) as { eventId: string }).eventId));
      const publishedAfter = await publishedEventIds(own.database.url);
      const othersEvents = await publishedEventIds(other.database.url);

      expect([...publishedBefore].filter((id) => !onTopics.has(id))).toEqual([]); // everything it published is there
      expect([...onTopics].filter((id) => !publishedAfter.has(id))).toEqual([]); // and nothing else
      expect([...onTopics].filter((id) => othersEvents.has(id))).toEqual([]);
      // The flows' aggregates stayed in their deployment.
      const text = messages.map((message) => message.value).join('\n');
      expect(text).toContain(ownIds.loanId);
      expect(text).not.toContain(otherIds.loanId);
      expect(text).not.toContain(otherIds.pledgeId);
      expect(await deadLetterCount(own)).toBe(0);
    }
  });

  it('consumes in distinct consumer groups, each named with its own prefix', async () => {
    const admin = new Kafka({ clientId: 'e2e-groups', brokers: east.brokers, sasl: adminSasl(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const live = new Set((await admin.listGroups()).groups.map((group) => group.groupId));
      for (const system of [east, west]) {
        const groups = CONSUMERS.map((consumer) => consumerGroupId(consumer, system.prefix));
        expect(groups.filter((group) => !live.has(group))).toEqual([]);
        // Every inbox row was written under one of this deployment's groups.
        const used = await inboxGroups(system.database.url);
        expect(used.length).toBeGreaterThan(0);
        expect(used.filter((group) => !groups.includes(group))).toEqual([]);
        // The ledger's group has offsets on its own prefix's topics only.
        const committed = await admin.fetchOffsets({ groupId: consumerGroupId('ledger', system.prefix) });
        expect(committed.map((entry) => entry.topic).filter((topic) => !topic.startsWith(system.prefix))).toEqual([]);
      }
      const eastGroups = CONSUMERS.map((consumer) => consumerGroupId(consumer, east.prefix));
      const westGroups = CONSUMERS.map((consumer) => consumerGroupId(consumer, west.prefix));
      expect(eastGroups.filter((group) => westGroups.includes(group))).toEqual([]);
    } finally {
      await admin.disconnect();
    }
  });

  it("grants each deployment's principals rights on its own prefix's topics and groups only", async () => {
    const admin = new Kafka({ clientId: 'e2e-acls', brokers: east.brokers, sasl: adminSasl(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      for (const system of [east, west]) {
        for (const principal of deploymentPrincipals(system.kafkaSecurity)) {
          const { resources } = await admin.describeAcls({
            principal: `User:${principal.username}`,
            resourceType: AclResourceTypes.ANY,
            resourcePatternType: ResourcePatternTypes.ANY,
            operation: AclOperationTypes.ANY,
            permissionType: AclPermissionTypes.ANY,
          });
          const names = resources.map((resource) => resource.resourceName);
          expect(names.length).toBeGreaterThan(1);
          expect(names.filter((name) => name !== 'kafka-cluster' && !name.startsWith(system.prefix))).toEqual([]);
        }
      }
    } finally {
      await admin.disconnect();
    }
  });

  it("lets neither deployment's principals read or write the other's topics and groups", async () => {
    for (const [own, other] of [
      [east, west],
      [west, east],
    ] as const) {
      // A service writes its own loan topic but not the other deployment's.
      const lending = kafkaAs(own, own.kafkaSecurity.services.lending).producer();
      await lending.connect();
      try {
        expect(
          await refusalOf(lending.send({ topic: topicName('loan', other.prefix), messages: [{ key: 'k', value: 'forged' }] })),
        ).toMatch(TOPIC_REFUSED);
      } finally {
        await lending.disconnect();
      }
      // The ledger sees its own loan topic, not the other's.
      const ledger = kafkaAs(own, own.kafkaSecurity.services.ledger).admin();
      await ledger.connect();
      try {
        await expect(ledger.fetchTopicOffsets(topicName('loan', own.prefix))).resolves.toHaveLength(3);
        expect(await refusalOf(ledger.fetchTopicOffsets(topicName('loan', other.prefix)))).toMatch(TOPIC_REFUSED);
      } finally {
        await ledger.disconnect();
      }
      // The operator reads its own topics and rewinds its own groups, nobody else's.
      const operator = kafkaAs(own, own.kafkaSecurity.operator).admin();
      await operator.connect();
      try {
        await expect(operator.fetchTopicOffsets(topicName('pledge', own.prefix))).resolves.toHaveLength(3);
        expect(await refusalOf(operator.fetchTopicOffsets(topicName('pledge', other.prefix)))).toMatch(TOPIC_REFUSED);
        await expect(operator.fetchOffsets({ groupId: consumerGroupId('statistics', own.prefix) })).resolves.toBeDefined();
        // Refused as the broker refuses a group it may not describe: kafkajs reports no coordinator found.
        expect(await refusalOf(operator.fetchOffsets({ groupId: consumerGroupId('statistics', other.prefix) }))).toMatch(GROUP_REFUSED);
      } finally {
        await operator.disconnect();
      }
    }
  });
});
